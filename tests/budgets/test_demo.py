"""The demo budget: £1,000,000 over three years, every school funded, every state."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

import io
from decimal import Decimal

import pytest

from partnership import demo
from partnership.budgets import demo as budget_demo
from partnership.budgets import selectors
from partnership.budgets.models import Allocation, Claim, Fund, LedgerEntry
from partnership.models import Notification
from tests.budgets.factories import media_root  # noqa: F401 - fixture


@pytest.mark.django_db
def test_demo_budget_is_complete_and_idempotent(media_root):
    out = io.StringIO()
    demo.seed(stdout=out)
    before = set(Notification.objects.values_list("pk", flat=True))
    budget_demo.seed(stdout=out)
    made = Notification.objects.exclude(pk__in=before)
    assert made.filter(kind="budget").exists()
    assert not made.filter(read_at__isnull=True).exists()
    fund = Fund.objects.get(partnership__slug="riverside-learning-partnership")
    assert fund.total == Decimal("1000000.00")
    assert len(fund.financial_years) == 3
    schools = fund.partnership.current_schools()
    funded = set(
        Allocation.objects.filter(fund=fund, status="approved").values_list(
            "school", flat=True
        )
    )
    assert set(schools.values_list("pk", flat=True)) <= funded
    assert set(Claim.objects.values_list("status", flat=True)) == set(
        Claim.Status.values
    )
    assert set(Allocation.objects.values_list("status", flat=True)) == set(
        Allocation.Status.values
    )
    head_claims = Claim.objects.filter(claimant__email=budget_demo.HEAD_EMAIL)
    assert set(head_claims.values_list("status", flat=True)) == set(Claim.Status.values)
    balance = selectors.fund_balance(fund=fund)
    assert Decimal(0) < balance.allocated <= fund.total
    counts = (
        LedgerEntry.objects.count(),
        Claim.objects.count(),
        Allocation.objects.count(),
    )

    budget_demo.seed(stdout=out)

    assert (
        LedgerEntry.objects.count(),
        Claim.objects.count(),
        Allocation.objects.count(),
    ) == counts
    assert "allocated" in out.getvalue()


@pytest.mark.django_db
def test_demo_overview_tells_a_three_year_story(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from partnership.budgets import selectors

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    fund = Fund.objects.get(partnership__slug="riverside-learning-partnership")
    overview = selectors.fund_overview(fund=fund)
    years = overview.by_year
    assert [row.label for row in years] == ["2024–25", "2025–26", "2026–27"]
    assert all(row.allocated > 0 and row.spent > 0 for row in years)
    assert sum(row.allocated for row in years) == overview.total.allocated
    assert sum(row.spent for row in years) == overview.total.spent
