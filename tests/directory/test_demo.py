"""The directory's demo data: realistic, at every stage, and idempotent."""

import io

import pytest

from partnership import demo
from schools.directory import demo as directory_demo
from schools.directory.models import (
    CaseStudy,
    Organisation,
    Recommendation,
    SupportEngagement,
    SupportOffer,
)


@pytest.mark.django_db
def test_demo_seeds_every_stage_and_a_second_run_changes_nothing(client):
    out = io.StringIO()
    demo.seed(stdout=out)
    directory_demo.seed(stdout=out)
    counts = [
        m.objects.count()
        for m in (
            Organisation,
            Recommendation,
            CaseStudy,
            SupportOffer,
            SupportEngagement,
        )
    ]
    directory_demo.seed(stdout=out)
    assert counts == [
        m.objects.count()
        for m in (
            Organisation,
            Recommendation,
            CaseStudy,
            SupportOffer,
            SupportEngagement,
        )
    ]
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(
        Organisation.Kind.values
    )
    assert set(SupportEngagement.objects.values_list("status", flat=True)) == set(
        SupportEngagement.Status.values
    )
    assert set(Recommendation.objects.values_list("level", flat=True)) == set(
        Recommendation.Level.values
    )
    assert Recommendation.objects.filter(status="draft").exists()
    named = Recommendation.objects.filter(level="practitioner")
    assert all(r.practitioner_consent_on for r in named)
    # The demo History search near Riverside Academy finds History recommendations.
    response = client.get("/directory/?subject=history&near=990033&miles=10")
    assert response.context["results"].total >= 2
    assert "Disciplinary thinking in Key Stage 3 history" in response.content.decode()
