"""Charging a place on a paid event to the school's budget allocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from partnership.budgets import permissions as budget_permissions
from partnership.budgets.models import Allocation
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error

from .. import services
from ..forms import ChargeForm
from ..models import Booking, Event


def _allocations(user, booking: Booking):
    approved = Allocation.objects.filter(
        school=booking.school, status=Allocation.Status.APPROVED
    ).select_related("fund", "school")
    allowed = [a.pk for a in approved if budget_permissions.may_claim_for(user, a)]
    return approved.filter(pk__in=allowed)


@login_required
def booking_charge(request, slug, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    booking = get_object_or_404(
        event.bookings.filter(status=Booking.Status.BOOKED, claim__isnull=True)
        .exclude(event__cost=0)
        .select_related("person", "school"),
        pk=pk,
    )
    allocations = _allocations(request.user, booking)
    if not allocations.exists():
        raise Http404("You cannot claim from this school's budget.")
    form = ChargeForm(request.POST or None, allocations=allocations)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_charge(
                booking=booking,
                allocation=form.cleaned_data["allocation"],
                charged_by=request.user,
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, "The place has been claimed from the budget allocation."
            )
            return redirect(event)
    return render(
        request,
        "events/booking_charge.html",
        {"event": event, "booking": booking, "form": form},
    )
