"""The public calendar and an event's page."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from partnership.pagination import CappedPaginator
from research.models import Project

from .. import permissions, selectors, services
from ..filters import EventFilter
from ..models import Booking, Event

PAGE_SIZE = 20


def index(request):
    filters = EventFilter(request.GET, queryset=selectors.event_list(user=request.user))
    events = filters.qs if filters.is_valid() else Event.objects.none()
    page = CappedPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/index.html",
        {
            "filters": filters,
            "page": page,
            "may_publish": permissions.may_publish(request.user),
        },
    )


def _detail_context(request, event: Event) -> dict:
    user = request.user
    booking = selectors.live_booking(event=event, person=user)
    manager = permissions.may_manage(user, event)
    staff = (
        permissions.bookable_staff(user, event).exclude(user=user)
        if user.is_authenticated
        else []
    )
    project_visible = (
        event.project_id is not None
        and Project.objects.visible_to(user).filter(pk=event.project_id).exists()
    )
    return {
        "event": event,
        "sessions": event.sessions.all(),
        "booking": booking,
        "may_book": user.is_authenticated
        and permissions.school_of(user, event) is not None,
        "may_book_staff": bool(staff),
        "manager": manager,
        "show_venue": manager
        or (booking is not None and booking.status == Booking.Status.BOOKED),
        "places_left": selectors.places_left(event),
        "is_open": event.is_open_for_booking(),
        "today": timezone.localdate(),
        "certificate_due": booking is not None
        and services.may_have_certificate(booking),
        "project_visible": project_visible,
    }


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related(
            "host_school", "subject", "offer__recommendation", "project", "partnership"
        ),
        slug=slug,
    )
    return render(request, "events/event_detail.html", _detail_context(request, event))
