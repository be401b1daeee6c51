"""Opening a fund."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from partnership.kernel.money import pounds
from partnership.models import Partnership

from .. import permissions
from ..errors import BudgetError, NotAllowed
from ..models import Fund
from .ledger import audit, money


def fund_create(
    *,
    partnership: Partnership,
    name: str,
    total,
    starts: date,
    ends: date,
    approval_threshold,
    created_by,
    description: str = "",
) -> Fund:
    """Officers of a partnership open a fund for it."""
    if not permissions.is_officer(created_by, partnership):
        raise NotAllowed("Only the partnership's officers can open a fund.")
    total = money(total, field="total")
    threshold = Decimal(approval_threshold)
    if threshold < 0:
        raise BudgetError(
            "The threshold cannot be below £0.00.", field="approval_threshold"
        )
    if ends <= starts:
        raise BudgetError("The end date must be after the start date.", field="ends")
    if Fund.objects.filter(partnership=partnership, name=name).exists():
        raise BudgetError(
            "The partnership already has a fund of that name.", field="name"
        )
    with transaction.atomic(durable=True):
        fund = Fund.objects.create(
            partnership=partnership,
            name=name,
            total=total,
            starts=starts,
            ends=ends,
            approval_threshold=threshold,
            description=description,
            created_by=created_by,
        )
        audit(
            fund_id=fund.pk,
            actor=created_by,
            action="opened the fund",
            detail=f"{pounds(total)} from {starts:%d %b %Y} to {ends:%d %b %Y}",
        )
    return fund


def fund_set_public(*, fund: Fund, public: bool, set_by) -> Fund:
    """An officer publishes the fund's public account (totals by school, category
    and financial year; no names of people, no receipts), or withdraws it."""
    if not permissions.is_officer(set_by, fund.partnership):
        raise NotAllowed("Only the partnership's officers can publish a fund.")
    with transaction.atomic(durable=True):
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        if fund.public == public:
            return fund
        fund.public = public
        fund.save(update_fields=["public"])
        audit(
            fund_id=fund.pk,
            actor=set_by,
            action="published the public account"
            if public
            else "withdrew the public account",
        )
    return fund
