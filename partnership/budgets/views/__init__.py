"""Budget pages. Each view loads its object through a `visible_to` queryset (404 for
anything a person may not see), binds a form, calls one service and redirects."""

from .batch import claims_batch
from .claims import claim_correct, claim_withdraw, school_claim_create
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
from .public import fund_publish, public_account, public_account_csv
from .schools import approvals, delegation_create, delegation_revoke, school_budget

__all__ = [
    "allocation_adjust",
    "allocation_create",
    "allocation_detail",
    "approvals",
    "claim_correct",
    "claim_create",
    "claim_detail",
    "claim_receipt",
    "claim_withdraw",
    "claims_batch",
    "decide_with_reason",
    "delegation_create",
    "delegation_revoke",
    "fund_audit",
    "fund_create",
    "fund_detail",
    "fund_ledger_csv",
    "fund_list",
    "fund_publish",
    "one_click",
    "public_account",
    "public_account_csv",
    "school_budget",
    "school_claim_create",
]
