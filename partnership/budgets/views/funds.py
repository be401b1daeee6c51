"""Fund pages: the list, opening a fund, the overview, the ledger file, the audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from partnership.kernel.csvfiles import csv_response
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.kernel.money import PENNY
from partnership.models import Partnership

from .. import permissions, selectors, services
from ..forms import FundForm
from ..models import Fund
from .loaders import overview_fund

LEDGER_HEADER = [
    "Entry",
    "Recorded at",
    "Effective date",
    "Kind",
    "Account",
    "Amount",
    "School or theme",
    "Claim",
    "Reverses entry",
    "Recorded by",
    "Memo",
]


@login_required
def fund_list(request):
    user = request.user
    overview_ids = set(
        Fund.objects.overview_visible_to(user).values_list("pk", flat=True)
    )
    return render(
        request,
        "budgets/fund_list.html",
        {
            "funds": Fund.objects.visible_to(user).select_related("partnership"),
            "overview_ids": overview_ids,
            "schools": selectors.schools_with_budget_visible_to(user)
            .filter(pk__in=selectors.served_or_delegated(user))
            .order_by("name"),
            "can_open": permissions.may_open_fund(user),
        },
    )


@login_required
def fund_create(request):
    user = request.user
    partnerships = (
        Partnership.objects.all() if user.is_superuser else user.officer_of.all()
    )
    if not partnerships.exists():
        raise Http404
    form = FundForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fund = services.fund_create(
                partnership=data.pop("partnership"), created_by=user, **data
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{fund.name} is open.")
            return redirect(fund)
    return render(request, "budgets/fund_form.html", {"form": form})


@login_required
def fund_detail(request, pk):
    fund = overview_fund(request, pk)
    return render(
        request,
        "budgets/fund_detail.html",
        {
            "fund": fund,
            "overview": selectors.fund_overview(fund=fund),
            "is_officer": permissions.is_officer(request.user, fund.partnership),
        },
    )


def _ledger_row(entry) -> list:
    return [
        entry.pk,
        timezone.localtime(entry.created).strftime("%Y-%m-%d %H:%M:%S"),
        entry.effective_on.isoformat(),
        entry.get_kind_display(),
        entry.get_account_display(),
        entry.amount.quantize(PENNY),  # a number: never escaped as a formula
        entry.allocation.recipient,
        entry.claim_id or "",
        entry.reverses_id or "",
        entry.created_by.email,
        entry.memo,
    ]


@login_required
def fund_ledger_csv(request, pk):
    fund = overview_fund(request, pk)
    return csv_response(
        f"ledger-fund-{fund.pk}-{timezone.localdate():%Y-%m-%d}.csv",
        LEDGER_HEADER,
        (_ledger_row(entry) for entry in selectors.ledger_rows(fund=fund)),
    )


@login_required
def fund_audit(request, pk):
    fund = overview_fund(request, pk)
    page = Paginator(selectors.audit_trail(fund=fund), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "budgets/fund_audit.html", {"fund": fund, "page": page})
