"""The demo cycle: three years that tell a story on the outcomes page."""

import io

import pytest

from partnership import demo
from partnership.improvement import demo as improvement_demo
from partnership.improvement.models import (
    MeasureValue,
    PeerReview,
    Priority,
    ReviewRound,
)
from partnership.models import Notification
from schools.directory import demo as directory_demo


@pytest.mark.django_db
def test_the_demo_covers_three_years_and_is_idempotent(client):
    out = io.StringIO()
    demo.seed(stdout=out)
    directory_demo.seed(stdout=out)
    before = set(Notification.objects.values_list("pk", flat=True))
    improvement_demo.seed(stdout=out)
    improvement_demo.seed(stdout=out)
    assert ReviewRound.objects.count() == 3
    assert sorted(set(Priority.objects.values_list("year", flat=True))) == [
        2023,
        2024,
        2025,
    ]
    assert set(Priority.objects.values_list("outcome", flat=True)) == {
        "met",
        "partly",
        "not-met",
    }
    assert PeerReview.objects.filter(written_at__isnull=False).count() == 11
    assert MeasureValue.objects.count() > 0
    assert (
        not Notification.objects.exclude(pk__in=before)
        .filter(read_at__isnull=True)
        .exists()
    )
    page = client.get("/partnerships/riverside-learning-partnership/outcomes/")
    assert page.status_code == 200
    assert "2023/24" in page.content.decode()
    assert "Persistent absence" in page.content.decode()
