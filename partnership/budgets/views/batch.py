"""Deciding on several claims at once: choose on the approvals page, confirm on a
page of its own (the total and each claim's checks), then see what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import checks, permissions, selectors, services
from ..forms import BatchForm
from ..models import Claim


def _waiting_claims(user):
    _, claims = selectors.waiting_for(user)
    return Claim.objects.filter(pk__in=[c.pk for c in claims]).select_related(
        "allocation__fund", "allocation__school", "claimant"
    )


@login_required
@require_POST
def claims_batch(request):
    user = request.user
    if not permissions.may_batch_decide(user):
        raise Http404
    form = BatchForm(request.POST, claims=_waiting_claims(user))
    if not form.is_valid() and "claims" in form.errors:
        messages.error(request, form.errors["claims"][0])
        return redirect("budget:approvals")
    chosen = sorted(form.cleaned_data["claims"], key=lambda c: c.pk)
    if "confirm" in request.POST and form.is_valid():
        outcomes = services.claims_decide(
            claims=chosen,
            decided_by=user,
            decision=form.cleaned_data["decision"] or "approve",
            reason=form.cleaned_data["reason"],
        )
        return render(request, "budgets/batch_done.html", {"outcomes": outcomes})
    rows, total = checks.batch_checks(claims=chosen, user=user)
    return render(
        request,
        "budgets/batch_confirm.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "bound": "confirm" in request.POST,
        },
    )
