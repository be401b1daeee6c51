"""Who may organise, book, cancel, take the register and see a learning record."""

from schools.directory.models import SupportDelegate, SupportOffer
from schools.models import School, Staff

from .models import Booking, Event


def training_offers(user):
    """Active training-programme offers of the schools this person manages support for."""
    if not getattr(user, "is_authenticated", False):
        return SupportOffer.objects.none()
    # A few schools at most (those they head, those they are a delegate for): read
    # first, so the offers are found by their schools' index, not by an OR of two
    # subqueries that reads every recommendation.
    heads = School.objects.served_by(user, "headteacher").values_list("pk", flat=True)
    delegated = SupportDelegate.objects.filter(
        user=user, user__staff_roles__left__isnull=True
    ).values_list("school", flat=True)
    schools = {*heads, *delegated}
    if not schools:
        return SupportOffer.objects.none()
    return SupportOffer.objects.filter(
        recommendation__school__in=schools,
        kind=SupportOffer.Kind.TRAINING,
        is_active=True,
    ).select_related("recommendation__school")


def host_schools(user):
    """Schools this person may publish events for: as their officer or headteacher,
    or as the owner of one of the school's training-programme offers."""
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if user.is_superuser:
        return School.objects.members()
    served = School.objects.served_by(user, "headteacher", "officer")
    offered = set(
        training_offers(user).values_list("recommendation__school", flat=True)
    )
    return served | School.objects.filter(pk__in=offered) if offered else served


def may_publish(user) -> bool:
    return host_schools(user).exists()


def may_manage(user, event: Event) -> bool:
    return Event.objects.editable_by(user).filter(pk=event.pk).exists()


def eligible_schools(event: Event):
    """The schools whose current staff may have a place on the event."""
    if event.open_to == Event.OpenTo.SCHOOL and event.host_school_id:
        return School.objects.filter(pk=event.host_school_id)
    return School.objects.filter(
        memberships__partnership=event.partnership, memberships__left__isnull=True
    )


def school_of(person, event: Event) -> School | None:
    """The school through which this person may take a place, or None."""
    return (
        eligible_schools(event)
        .filter(staff__user=person, staff__left__isnull=True)
        .order_by("name")
        .first()
    )


def bookable_staff(head, event: Event):
    """Current staff of the schools this person leads who may take a place."""
    led = School.objects.served_by(head, "headteacher").values("pk")
    return (
        Staff.objects.filter(school__in=led, left__isnull=True)
        .filter(school__in=eligible_schools(event).values("pk"))
        .select_related("user", "school")
        .order_by("user__full_name")
    )


def may_book_for(booker, person, event: Event) -> bool:
    """Oneself, or a member of staff at a school the booker leads now."""
    if booker == person:
        return True
    led = School.objects.served_by(booker, "headteacher").values("pk")
    return (
        eligible_schools(event)
        .filter(pk__in=led, staff__user=person, staff__left__isnull=True)
        .exists()
    )


def may_cancel(user, booking: Booking) -> bool:
    """The person, a headteacher who may book for them, or the event's organisers."""
    return may_book_for(user, booking.person, booking.event) or may_manage(
        user, booking.event
    )


def record_readers(person) -> set[int]:
    """Who may read a person's learning record: them and their current headteachers."""
    schools = School.objects.served_by(person, "teacher", "headteacher").values("pk")
    heads = Staff.objects.filter(
        school__in=schools, role=Staff.Role.HEADTEACHER, left__isnull=True
    ).values_list("user_id", flat=True)
    return {person.pk, *heads}
