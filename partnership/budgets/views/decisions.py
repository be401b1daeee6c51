"""Deciding on allocations and claims: one-click actions (approve, pay) and actions
that need a reason (turn down, reverse). One view each, configured per action."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error

from .. import services
from ..forms import ReasonForm
from ..models import Claim
from . import loaders


@dataclass(frozen=True)
class Action:
    """A decision on an allocation or claim: how to load it, which service makes
    it (and its keyword for the person), and what the pages say."""

    load: Callable
    service: Callable
    actor: str
    done: str
    title: Callable = str
    button: str = ""
    warning: str = ""


def _fund(thing):
    return thing.allocation.fund if isinstance(thing, Claim) else thing.fund


ACTIONS = {
    "allocation_approve": Action(
        load=loaders.allocation,
        service=services.allocation_approve,
        actor="approved_by",
        done="Your approval is recorded.",
    ),
    "claim_approve": Action(
        load=loaders.claim,
        service=services.claim_approve,
        actor="approved_by",
        done="Your approval is recorded.",
    ),
    "claim_pay": Action(
        load=loaders.claim,
        service=services.claim_mark_paid,
        actor="paid_by",
        done="The claim is recorded as paid.",
    ),
    "allocation_reject": Action(
        load=loaders.allocation,
        service=services.allocation_reject,
        actor="rejected_by",
        done="The allocation was turned down.",
        title=lambda a: f"Turn down the allocation for {a.recipient}",
        button="Turn down the allocation",
    ),
    "claim_reject": Action(
        load=loaders.claim,
        service=services.claim_reject,
        actor="rejected_by",
        done="The claim was turned down.",
        title=lambda c: "Turn down this claim",
        button="Turn down the claim",
    ),
    "claim_reverse": Action(
        load=loaders.claim,
        service=services.claim_reverse,
        actor="reversed_by",
        done="The claim is reversed: reversing entries are on the ledger.",
        title=lambda c: "Reverse this claim",
        button="Reverse the claim",
        warning="This cannot be undone: reversing entries are added to the ledger "
        "and the claim cannot be approved or paid again.",
    ),
}


def _subject_kwarg(thing) -> str:
    return "claim" if isinstance(thing, Claim) else "allocation"


@login_required
@require_POST
def one_click(request, pk, action: str):
    """Approve or pay: a broken rule becomes a message on the object's page."""
    act = ACTIONS[action]
    thing = act.load(request, pk)
    try:
        act.service(**{_subject_kwarg(thing): thing, act.actor: request.user})
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, act.done)
    return redirect(thing)


@login_required
def decide_with_reason(request, pk, action: str):
    """Turn down or reverse, giving a reason; a broken rule is shown on the form."""
    act = ACTIONS[action]
    thing = act.load(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act.service(
                **{_subject_kwarg(thing): thing, act.actor: request.user},
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, act.done)
            return redirect(thing)
    return render(
        request,
        "budgets/reason_form.html",
        {
            "form": form,
            "object": thing,
            "fund": _fund(thing),
            "title": act.title(thing),
            "button": act.button,
            "warning": act.warning,
        },
    )
