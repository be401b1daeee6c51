"""The national-scale seeder makes its data and the outcomes page answers."""

import pytest

from partnership.improvement import bench
from partnership.improvement.models import MeasureValue


@pytest.mark.django_db
def test_the_bench_seeder_makes_a_partnership_the_outcomes_page_reads(
    client, monkeypatch
):
    monkeypatch.setattr(bench, "YEARS", range(2022, 2024))
    urls = bench.seed(scale=1)
    assert MeasureValue.objects.count() == 3 * 500 * 2
    response = client.get(urls[0])
    assert response.status_code == 200
    assert "Bench school" in response.content.decode()
    assert bench.seed(scale=1) == urls
