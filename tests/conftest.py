"""Shared fixtures: the people who use the portal, and the real services."""

import os

import pytest

from partnership.celery import app as celery_app
from tests.factories import PartnershipFactory, StaffFactory, UserFactory, member_school


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request, settings):
    """Unit tests run Celery tasks in-process; `real_worker` tests use a real worker."""
    eager = request.node.get_closest_marker("real_worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def _compile_folders_of_this_run(tmp_path_factory):
    """Journal compiles work in a folder of this test run only (workers inherit it),
    so two runs on one machine never share `journal-compile-run-1-1`."""
    from django.conf import settings as django_settings

    folder = str(tmp_path_factory.mktemp("journal-compile"))
    previous = os.environ.get("JOURNAL_COMPILE_TMP")
    os.environ["JOURNAL_COMPILE_TMP"] = folder
    django_settings.JOURNAL_COMPILE_TMP = folder
    yield
    if previous is None:
        os.environ.pop("JOURNAL_COMPILE_TMP", None)
    else:
        os.environ["JOURNAL_COMPILE_TMP"] = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and locks live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Riverside Learning Partnership", slug="riverside")


@pytest.fixture
def school(partnership):
    return member_school(
        partnership,
        name="Riverside Primary School",
        urn=990001,
        email_domains="riverside-primary.example",
    )


@pytest.fixture
def other_school(partnership):
    return member_school(
        partnership,
        name="Oakfield Primary School",
        urn=990002,
        email_domains="oakfield.example",
    )


@pytest.fixture
def visitor(client):
    """Someone browsing with no account."""
    return client


@pytest.fixture
def teacher(school):
    return StaffFactory(
        school=school,
        role="teacher",
        user=UserFactory(
            email="teacher@riverside-primary.example", full_name="Amira Khan"
        ),
    ).user


@pytest.fixture
def headteacher(school):
    return StaffFactory(
        school=school,
        role="headteacher",
        user=UserFactory(
            email="head@riverside-primary.example", full_name="David Okafor"
        ),
    ).user


@pytest.fixture
def other_headteacher(other_school):
    return StaffFactory(
        school=other_school,
        role="headteacher",
        user=UserFactory(email="head@oakfield.example", full_name="Grace Mensah"),
    ).user


@pytest.fixture
def officer(partnership):
    user = UserFactory(
        email="officer@riverside.gov.example", full_name="Sarah Whitfield"
    )
    partnership.officers.add(user)
    return user


@pytest.fixture
def site_admin(db):
    return UserFactory(
        email="admin@riverside.gov.example", is_staff=True, is_superuser=True
    )


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


pytest_plugins = ["tests.fixtures_services"]
