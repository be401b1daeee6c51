"""Admin for budgets. The ledger and the audit trail are read-only here: nobody adds,
changes or deletes an entry by hand (a mistake is reversed through the portal)."""

from django.contrib import admin

from .models import (
    Allocation,
    AllocationAdjustment,
    AllocationTransition,
    BudgetEvent,
    Claim,
    ClaimDelegation,
    ClaimTransition,
    Fund,
    LedgerEntry,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created", "fund", "kind", "account", "amount", "created_by"]
    list_filter = ["kind", "account", "fund"]
    search_fields = ["memo", "allocation__school__name", "allocation__theme"]
    list_select_related = ["fund", "created_by"]


@admin.register(BudgetEvent)
class BudgetEventAdmin(ReadOnlyAdmin):
    list_display = ["created", "fund", "actor", "action", "detail"]
    list_filter = ["fund"]
    list_select_related = ["fund", "actor"]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "total", "starts", "ends"]
    # The total and threshold change what may be spent: they are set when the fund
    # is opened (through the service) and not edited here.
    readonly_fields = ["total", "approval_threshold", "created_by", "created"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "fund", "school", "theme", "amount", "status"]
    list_filter = ["status", "fund"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["pk", "allocation", "amount", "spent_on", "status", "claimant"]
    list_filter = ["status", "category"]
    exclude = ["receipt"]


admin.site.register(AllocationAdjustment, ReadOnlyAdmin)
admin.site.register(ClaimDelegation, ReadOnlyAdmin)


@admin.register(ClaimTransition, AllocationTransition)
class TransitionAdmin(ReadOnlyAdmin):
    """Status histories: who moved what, from which status to which, and when."""

    list_display = ["at", "__str__", "by", "note"]
    list_select_related = ["by"]
