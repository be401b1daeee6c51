from django.urls import path

from . import views

app_name = "budget"


def _decision(route: str, name: str, view):
    return path(route, view, {"action": name}, name=name)


urlpatterns = [
    path("", views.fund_list, name="list"),
    path("new/", views.fund_create, name="fund_create"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/claims/", views.claims_batch, name="claims_batch"),
    path("public/<int:pk>/", views.public_account, name="public"),
    path("public/<int:pk>/account.csv", views.public_account_csv, name="public_csv"),
    path("<int:pk>/publish/", views.fund_publish, name="fund_publish"),
    path("<int:pk>/", views.fund_detail, name="fund"),
    path("<int:pk>/ledger.csv", views.fund_ledger_csv, name="ledger_csv"),
    path("<int:pk>/audit/", views.fund_audit, name="audit"),
    path(
        "<int:pk>/allocations/new/",
        views.allocation_create,
        name="allocation_create",
    ),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    _decision("allocations/<int:pk>/approve/", "allocation_approve", views.one_click),
    _decision(
        "allocations/<int:pk>/reject/", "allocation_reject", views.decide_with_reason
    ),
    path(
        "allocations/<int:pk>/adjust/",
        views.allocation_adjust,
        name="allocation_adjust",
    ),
    path("allocations/<int:pk>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    _decision("claims/<int:pk>/approve/", "claim_approve", views.one_click),
    _decision("claims/<int:pk>/reject/", "claim_reject", views.decide_with_reason),
    _decision("claims/<int:pk>/pay/", "claim_pay", views.one_click),
    _decision("claims/<int:pk>/reverse/", "claim_reverse", views.decide_with_reason),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/correct/", views.claim_correct, name="claim_correct"),
    path("claims/<int:pk>/receipt/", views.claim_receipt, name="claim_receipt"),
    path("schools/<int:urn>/", views.school_budget, name="school"),
    path(
        "schools/<int:urn>/claims/new/",
        views.school_claim_create,
        name="school_claim_create",
    ),
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
