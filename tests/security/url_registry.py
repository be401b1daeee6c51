"""Which URLs hold a private object, and how to make one the wrong person may not see.

The URL walker (`test_url_walker.py`) goes through every pattern Django knows
(`django.urls.get_resolver()`), so a new part's URLs are walked as soon as they are
mounted. Every pattern that takes an object id, slug, URN or token must be listed in
exactly one of:

- `PRIVATE`: how to build the object's URL kwargs from the `World` (people and
  schools from `tests/conftest.py`), who must be refused, and optionally a snapshot
  of the database state that a refused POST must leave unchanged;
- `PUBLIC`: object pages anyone may see (with the reason);
- `SECRET`: URLs whose path segment is itself the secret (an invitation token):
  the walker checks that an unknown token answers 404.

A part adds its own entries without touching this file: create
`tests/<part>/private_urls.py` defining any of `PRIVATE`, `PUBLIC`, `SECRET` (same
shapes as below); they are merged in. See docs/quality.md.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent


@dataclass
class World:
    """The people and places of one test: owner side and outsiders."""

    partnership: Any
    school: Any  # the owner's school
    other_school: Any  # a member school of the same partnership
    teacher: Any  # teacher at `school`
    headteacher: Any  # headteacher of `school`
    other_headteacher: Any  # headteacher of `other_school`
    officer: Any  # officer of `partnership`
    site_admin: Any
    extra: dict = field(default_factory=dict)  # objects entries create, by name


@dataclass
class Private:
    """A URL of an object some people may not see or change.

    kwargs: World -> URL kwargs (create the object here; keep it in world.extra).
    refused: names of World people who must get 404/403 (plus anonymous visitors,
        who must be sent to sign in or refused).
    methods: HTTP methods to try ("get", "post").
    state: World -> a value that a refused request must leave unchanged.
    """

    kwargs: Callable[[World], dict]
    refused: tuple[str, ...] = ("other_headteacher",)
    methods: tuple[str, ...] = ("get", "post")
    state: Callable[[World], Any] | None = None


def _school_state(world: World):
    from schools.models import School

    return list(
        School.objects.filter(pk=world.school.pk).values_list(
            "description",
            "website",
            "telephone",
            "email_domains",
            "pending_email_domains",
        )
    )


def _staff_state(world: World):
    from schools.models import Invitation, Staff

    return (
        sorted(
            Staff.objects.filter(school=world.school).values_list(
                "user_id", "role", "left"
            )
        ),
        Invitation.objects.filter(school=world.school).count(),
    )


def _teacher_staff(world: World) -> dict:
    from schools.models import Staff

    staff = Staff.objects.get(user=world.teacher, school=world.school)
    world.extra["staff"] = staff
    return {"urn": world.school.urn, "staff_id": staff.pk}


def _teacher_notification(world: World) -> dict:
    from partnership.models import Notification

    notification = Notification.objects.create(
        recipient=world.teacher,
        kind=Notification.Kind.RESEARCH,
        subject="Private feedback on your project",
        body="Only you may read this.",
        url="/dashboard/",
        email_status=Notification.EmailStatus.SKIPPED,
    )
    world.extra["notification"] = notification
    return {"pk": notification.pk}


def _notification_state(world: World):
    from partnership.models import Notification

    return list(
        Notification.objects.filter(pk=world.extra["notification"].pk).values_list(
            "read_at", "subject"
        )
    )


_MANAGERS_ONLY = ("other_headteacher", "teacher")

PRIVATE: dict[str, Private] = {
    "schools:edit": Private(
        kwargs=lambda w: {"urn": w.school.urn},
        refused=_MANAGERS_ONLY,
        state=_school_state,
    ),
    "schools:domains": Private(
        kwargs=lambda w: {"urn": w.school.urn},
        refused=("headteacher", "other_headteacher", "teacher"),
        state=_school_state,
    ),
    "schools:staff": Private(
        kwargs=lambda w: {"urn": w.school.urn},
        refused=_MANAGERS_ONLY,
        methods=("get",),
    ),
    "schools:staff_invite": Private(
        kwargs=lambda w: {"urn": w.school.urn},
        refused=_MANAGERS_ONLY,
        state=_staff_state,
    ),
    "schools:staff_role": Private(
        kwargs=_teacher_staff, refused=_MANAGERS_ONLY, state=_staff_state
    ),
    "schools:staff_remove": Private(
        kwargs=_teacher_staff, refused=_MANAGERS_ONLY, state=_staff_state
    ),
    "notification_read": Private(
        kwargs=_teacher_notification,
        refused=("headteacher", "other_headteacher", "officer"),
        state=_notification_state,
    ),
}

PUBLIC: dict[str, str] = {
    "schools:detail": "a member school's public page",
    "partnership:detail": "a partnership's public page",
}

SECRET: dict[str, str] = {
    "schools:invitation_accept": "the token in the link is the secret",
}

# Patterns of other apps that are not ours to test object by object.
IGNORED_PREFIXES = ("admin:", "account_", "mfa_", "djdt")


def load() -> tuple[dict[str, Private], dict[str, str], dict[str, str]]:
    """The registry above merged with every `tests/<part>/private_urls.py`."""
    private, public, secret = dict(PRIVATE), dict(PUBLIC), dict(SECRET)
    for path in sorted(TESTS.glob("*/private_urls.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.private_urls")
        private.update(getattr(module, "PRIVATE", {}))
        public.update(getattr(module, "PUBLIC", {}))
        secret.update(getattr(module, "SECRET", {}))
    return private, public, secret
