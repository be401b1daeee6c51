"""A fund's public account, when the partnership publishes it: totals by school,
category and financial year, the chart with its table, and a CSV. No names of
people, no receipts, no links to private pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.kernel.csvfiles import csv_response
from partnership.kernel.errors import DomainError
from partnership.kernel.money import PENNY

from .. import selectors, services
from ..forms import PublishForm
from ..models import Fund
from .loaders import overview_fund

CSV_HEADER = [
    "Section",
    "School, theme, year or category",
    "Allocated",
    "Spent",
    "Paid",
]


def _public_fund(pk) -> Fund:
    return get_object_or_404(
        Fund.objects.filter(public=True).select_related("partnership"), pk=pk
    )


def public_account(request, pk):
    fund = _public_fund(pk)
    return render(
        request,
        "budgets/public_account.html",
        {"fund": fund, "overview": selectors.fund_overview(fund=fund)},
    )


def _rows(overview):
    sections = [
        ("Total", [overview.total]),
        ("School or theme", [r for r in overview.by_recipient if r.allocated]),
        ("Financial year", overview.by_year),
        ("Category", overview.by_category),
    ]
    for section, rows in sections:
        for row in rows:
            yield [
                section,
                row.label,
                row.allocated.quantize(PENNY),
                row.spent.quantize(PENNY),
                row.paid.quantize(PENNY),
            ]


def public_account_csv(request, pk):
    fund = _public_fund(pk)
    return csv_response(
        f"fund-{fund.pk}-public-account-{timezone.localdate():%Y-%m-%d}.csv",
        CSV_HEADER,
        _rows(selectors.fund_overview(fund=fund)),
    )


@login_required
@require_POST
def fund_publish(request, pk):
    """An officer publishes the fund's public account or withdraws it."""
    fund = overview_fund(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.fund_set_public(
                fund=fund, public=form.cleaned_data["public"], set_by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "The public account is published."
                if form.cleaned_data["public"]
                else "The public account is withdrawn.",
            )
    return redirect(fund)
