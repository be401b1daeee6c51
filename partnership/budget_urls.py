from django.urls import path

from partnership import budget_views as views

app_name = "budget"

urlpatterns = [
    path("", views.fund_list, name="list"),
    path("new/", views.fund_create, name="fund_create"),
    path("approvals/", views.approvals, name="approvals"),
    path("<int:pk>/", views.fund_detail, name="fund"),
    path("<int:pk>/ledger.csv", views.fund_ledger_csv, name="ledger_csv"),
    path("<int:pk>/audit/", views.fund_audit, name="audit"),
    path(
        "<int:pk>/allocations/new/",
        views.allocation_create,
        name="allocation_create",
    ),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path(
        "allocations/<int:pk>/approve/",
        views.allocation_approve,
        name="allocation_approve",
    ),
    path(
        "allocations/<int:pk>/reject/",
        views.allocation_reject,
        name="allocation_reject",
    ),
    path(
        "allocations/<int:pk>/adjust/",
        views.allocation_adjust,
        name="allocation_adjust",
    ),
    path("allocations/<int:pk>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim_pay"),
    path("claims/<int:pk>/reverse/", views.claim_reverse, name="claim_reverse"),
    path("claims/<int:pk>/receipt/", views.claim_receipt, name="claim_receipt"),
    path("schools/<int:urn>/", views.school_budget, name="school"),
    path(
        "schools/<int:urn>/delegations/",
        views.delegation_create,
        name="delegation_create",
    ),
    path(
        "delegations/<int:pk>/revoke/",
        views.delegation_revoke,
        name="delegation_revoke",
    ),
]
