"""A database of the old layout (the directory inside the schools app) migrates to the
directory app with every row, content type, permission and index still there."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.fixtures_services import _missing_service

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OLD_LAYOUT = [("schools", "0002_directory"), ("directory", None)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        _missing_service("the migration test runs on PostgreSQL (set DATABASE_URL)")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def _seed_old_layout(apps) -> dict:
    """One of everything, written with the historical models of the old layout."""

    def model(name):
        return apps.get_model("schools", name)

    user = model("User").objects.create(email="head@old.example", full_name="Old Head")
    supporting = model("School").objects.create(urn=990801, name="Old Supporting")
    requesting = model("School").objects.create(urn=990802, name="Old Requesting")
    org = model("Organisation").objects.create(
        name="Old Organisation", slug="old-organisation", kind="inspectorate"
    )
    rec = model("Recommendation").objects.create(
        slug="old-recommendation",
        organisation=org,
        school=supporting,
        level="school",
        title="Old recommendation",
        summary="Kept through the move.",
        status="published",
        published_on=timezone.localdate(),
        search_document="Old recommendation kept",
    )
    offer = model("SupportOffer").objects.create(
        recommendation=rec,
        kind="peer-review",
        title="Old offer",
        capacity=2,
        cost=Decimal("150.00"),
        contact_name="Old Head",
        contact_email="head@old.example",
    )
    eng = model("SupportEngagement").objects.create(
        offer=offer,
        requesting_school=requesting,
        supporting_school=supporting,
        requested_by=user,
        goals="Old goals",
        status="agreed",
    )
    move = model("EngagementTransition").objects.create(
        engagement=eng, from_status="requested", to_status="agreed", by=user, note="Yes"
    )
    measure = model("ImpactMeasure").objects.create(
        engagement=eng, name="Old measure", unit="%", baseline=Decimal("40.50")
    )
    return {
        "user": user.pk,
        "org": org.pk,
        "rec": rec.pk,
        "offer": offer.pk,
        "eng": eng.pk,
        "move": move.pk,
        "measure": measure.pk,
    }


def test_a_database_of_the_old_layout_migrates_to_the_directory_app_with_every_row():
    # Given a database at the old layout (the directory's models in the schools app)
    executor = _migrate(OLD_LAYOUT)
    old_apps = executor.loader.project_state(OLD_LAYOUT[:1]).apps
    ids = _seed_old_layout(old_apps)
    old_type = ContentType.objects.get(app_label="schools", model="recommendation")
    # (Models added to the directory later, such as saved searches, may already
    # have content types in the test database; the moved ones must not.)
    assert not ContentType.objects.filter(
        app_label="directory", model="recommendation"
    ).exists()

    # When it migrates forward to the new layout
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    # Then every row is there, read through the directory app's models
    from schools.directory.models import (
        EngagementTransition,
        ImpactMeasure,
        Organisation,
        Recommendation,
        SupportEngagement,
        SupportOffer,
    )

    rec = Recommendation.objects.get(pk=ids["rec"])
    assert (rec.slug, rec.title, rec.status, rec.organisation_id) == (
        "old-recommendation",
        "Old recommendation",
        "published",
        ids["org"],
    )
    assert Organisation.objects.get(pk=ids["org"]).name == "Old Organisation"
    offer = SupportOffer.objects.get(pk=ids["offer"])
    assert (offer.recommendation_id, offer.cost) == (ids["rec"], Decimal("150.00"))
    eng = SupportEngagement.objects.get(pk=ids["eng"])
    assert (eng.offer_id, eng.status, eng.goals) == (
        ids["offer"],
        "agreed",
        "Old goals",
    )
    move = EngagementTransition.objects.get(pk=ids["move"])
    assert (move.engagement_id, move.by_id, move.from_status, move.to_status) == (
        ids["eng"],
        ids["user"],
        "requested",
        "agreed",
    )
    assert (move.from_label, move.to_label, move.note) == ("Requested", "Agreed", "Yes")
    measure = ImpactMeasure.objects.get(pk=ids["measure"])
    assert (measure.engagement_id, measure.baseline) == (ids["eng"], Decimal("40.50"))
    assert list(eng.transitions.all()) == [move]
    assert list(eng.measures.all()) == [measure]

    # And the content type (so permissions and admin history) followed the models
    new_type = ContentType.objects.get_for_model(Recommendation)
    assert (new_type.pk, new_type.app_label) == (old_type.pk, "directory")
    assert not ContentType.objects.filter(
        app_label="schools", model="recommendation"
    ).exists()
    assert Permission.objects.filter(
        content_type=new_type, codename="change_recommendation"
    ).exists()

    # And the tables kept their names, with the full-text index and the wider status
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'schools_recommendation'"
        )
        assert "recommendation_search_idx" in {row[0] for row in cursor.fetchall()}
    assert EngagementTransition._meta.get_field("to_status").max_length == 30
