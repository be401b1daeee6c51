"""Budget pages. Each view loads its object through a `visible_to` queryset (404 for
anything a person may not see), binds a form, calls one service and redirects."""

from .decisions import decide_with_reason, one_click
from .funds import fund_audit, fund_create, fund_detail, fund_ledger_csv, fund_list
from .items import (
    allocation_adjust,
    allocation_create,
    allocation_detail,
    claim_create,
    claim_detail,
    claim_receipt,
)
from .schools import approvals, delegation_create, delegation_revoke, school_budget

__all__ = [
    "allocation_adjust",
    "allocation_create",
    "allocation_detail",
    "approvals",
    "claim_create",
    "claim_detail",
    "claim_receipt",
    "decide_with_reason",
    "delegation_create",
    "delegation_revoke",
    "fund_audit",
    "fund_create",
    "fund_detail",
    "fund_ledger_csv",
    "fund_list",
    "one_click",
    "school_budget",
]
