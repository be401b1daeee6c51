app_name = "budget"

# Filled in by the budgets part: funds, allocations, claims and the ledger.
urlpatterns: list = []
