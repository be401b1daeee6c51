"""Budgets moved to their own app (`partnership.budgets`, label `budgets`).

The tables stay where they are (`partnership_fund`, ...): this only removes the
models from the partnership app's state; `budgets/migrations/0001` adds them to the
budgets app's state with the same tables, and moves their content types.
"""

from django.db import migrations

# Models that point at others first, so that no removed model is still pointed at.
MOVED = [
    "LedgerEntry",
    "BudgetEvent",
    "Approval",
    "Claim",
    "ClaimDelegation",
    "AllocationAdjustment",
    "Allocation",
    "Fund",
]


class Migration(migrations.Migration):
    dependencies = [("partnership", "0004_ledger_append_only")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        )
    ]
