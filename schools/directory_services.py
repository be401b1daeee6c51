"""Everything that changes the directory and support engagements.

One function per rule, keyword-only arguments, one transaction each. Views, admin
actions, the demo seeder and the benchmark call these. Emails go through
`partnership.services.notify`, inside the transaction that makes the event.
"""

from __future__ import annotations

import re
import time
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partnership.models import Notification
from partnership.services import notify
from partnership.uploads import check_upload
from partnership.writing import markdown_to_html, sanitise_html
from schools.models import (
    CaseStudy,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Organisation,
    Recommendation,
    School,
    Staff,
    Subject,
    SupportDelegate,
    SupportEngagement,
    SupportOffer,
    User,
)


class DirectoryError(Exception):
    """A directory or support rule was broken; the message says which, for people."""


class PermissionDenied(DirectoryError):
    """The person may not do this to this object."""


# --- Who may act --------------------------------------------------------------------


def is_officer_for(user: User, school: School) -> bool:
    """An officer of a partnership the school belongs to now, or a site admin."""
    if user.is_superuser:
        return True
    return school.memberships.filter(
        left__isnull=True, partnership__officers=user
    ).exists()


def can_manage_support(user: User, school: School) -> bool:
    """The headteacher, or staff the headteacher delegated, may act for the school."""
    if not user.is_authenticated:
        return False
    if school.pk in user.headteacher_school_ids():
        return True
    return SupportDelegate.objects.filter(
        school=school,
        user=user,
        user__staff_roles__school=school,
        user__staff_roles__left__isnull=True,
    ).exists()


def support_managers(school: School) -> list[User]:
    """The people who hear about a school's support: its headteachers and delegates."""
    heads = User.objects.filter(
        staff_roles__school=school,
        staff_roles__role=Staff.Role.HEADTEACHER,
        staff_roles__left__isnull=True,
        is_active=True,
    )
    delegates = User.objects.filter(
        pk__in=SupportDelegate.objects.filter(school=school).values("user_id"),
        staff_roles__school=school,
        staff_roles__left__isnull=True,
        is_active=True,
    )
    return list((heads | delegates).distinct().order_by("pk"))


# --- Rich text ----------------------------------------------------------------------

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_DEMOTE = {"1": 4, "2": 4, "3": 5, "4": 6, "5": 6, "6": 6}


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised with the portal's allow-list (no images, no scripts)."""
    raw = markdown_to_html(text)
    # A case study sits under an h3 on its page: its own headings start at h4.
    raw = _HEADING.sub(lambda m: f"<{m[1]}h{_DEMOTE[m[2]]}", raw)
    return sanitise_html(raw)


# --- Organisations and recommendations ----------------------------------------------


def organisation_create(
    *, name: str, kind: str, website: str = "", description: str = ""
):
    """An organisation has a unique name and a kind from the list."""
    if kind not in Organisation.Kind.values:
        raise DirectoryError(f"“{kind}” is not a kind of organisation.")
    with transaction.atomic():
        return Organisation.objects.create(
            name=name,
            slug=_unique_slug(Organisation, name),
            kind=kind,
            website=website,
            description=description,
        )


# Paths under /directory/ that a recommendation's slug must never take.
RESERVED_SLUGS = {"manage", "new", "offers", "engagements", "schools", "data"}


def _unique_slug(model, text: str, *, max_length: int = 200) -> str:
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _search_text(rec: Recommendation) -> str:
    parts = [
        rec.title,
        rec.summary,
        rec.organisation.name,
        rec.organisation.get_kind_display(),
        rec.school.name,
        rec.school.town,
        rec.school.local_authority,
        rec.subject.name if rec.subject_id else "",
        rec.practitioner_name,
    ]
    parts += [c.title for c in rec.case_studies.all()]
    parts += [f"{o.title} {o.get_kind_display()}" for o in rec.offers.all()]
    return " ".join(p for p in parts if p)


VERSION_KEY = "directory:version"


def directory_version() -> int:
    """A number that changes whenever the public directory does (keys its caches)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def directory_changed() -> None:
    """Drop the cached facet counts: called by every service that changes listings."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _changed() -> None:
    # Now, and again on commit, so no request caches the old state under the new key.
    directory_changed()
    transaction.on_commit(directory_changed)


def recommendation_reindex(*, recommendation: Recommendation) -> None:
    """The stored search text (and, on PostgreSQL, the tsvector) follows the record."""
    _changed()
    text = _search_text(recommendation)
    rows = Recommendation.objects.filter(pk=recommendation.pk)
    rows.update(search_document=text)
    if settings.IS_POSTGRES:
        rows.update(search_vector=search_vector_expression())
    recommendation.search_document = text


def search_vector_expression():
    """Title weighs most; everything else in the stored search document counts too."""
    return SearchVector("title", weight="A", config="english") + SearchVector(
        "search_document", weight="B", config="english"
    )


def recommendation_create(
    *,
    created_by: User,
    organisation: Organisation,
    school: School,
    title: str,
    summary: str,
    subject: Subject | None = None,
    practitioner_name: str = "",
    practitioner: User | None = None,
    practitioner_consent_on: date | None = None,
    evidence_url: str = "",
    recommended_on: date | None = None,
    review_on: date | None = None,
) -> Recommendation:
    """Officers (or the school's headteacher) record a recommendation as a draft.

    A named practitioner is only recorded with the date they consented to be named.
    """
    if not (
        is_officer_for(created_by, school)
        or school.pk in created_by.headteacher_school_ids()
    ):
        raise PermissionDenied(
            "Only partnership officers or the school's headteacher can do this."
        )
    if practitioner_name and not practitioner_consent_on:
        raise DirectoryError(
            "Record the date the practitioner consented to be named, or leave their name out."
        )
    level = (
        Recommendation.Level.PRACTITIONER
        if practitioner_name
        else Recommendation.Level.DEPARTMENT
        if subject
        else Recommendation.Level.SCHOOL
    )
    recommended_on = recommended_on or timezone.localdate()
    if review_on and review_on <= recommended_on:
        raise DirectoryError(
            "The review date must be after the date of the recommendation."
        )
    with transaction.atomic(durable=True):
        rec = Recommendation(
            slug=_unique_slug(Recommendation, f"{school.name} {subject or ''} {title}"),
            organisation=organisation,
            school=school,
            level=level,
            subject=subject,
            practitioner=practitioner,
            practitioner_name=practitioner_name,
            practitioner_consent_on=practitioner_consent_on,
            title=title,
            summary=summary,
            evidence_url=evidence_url,
            recommended_on=recommended_on,
            review_on=review_on,
            created_by=created_by,
        )
        rec.full_clean(exclude=["slug"])
        rec.save()
        recommendation_reindex(recommendation=rec)
        if not is_officer_for(created_by, school):
            for officer in _officers_of(school):
                notify(
                    recipient=officer,
                    kind=Notification.Kind.SUPPORT,
                    subject=f"A recommendation to moderate: {rec.title}",
                    body=f"{created_by} at {school.name} proposed a recommendation by "
                    f"{organisation.name}. It stays a draft until you publish it.",
                    url=rec.get_absolute_url(),
                    event_key=f"recommendation:{rec.pk}:proposed",
                )
    return rec


def _officers_of(school: School) -> list[User]:
    return list(
        User.objects.filter(
            officer_of__memberships__school=school,
            officer_of__memberships__left__isnull=True,
            is_active=True,
        ).distinct()
    )


EDITABLE_FIELDS = ("title", "summary", "evidence_url", "recommended_on", "review_on")


def recommendation_update(
    *, recommendation: Recommendation, updated_by: User, data: dict
) -> Recommendation:
    """Officers and the school's headteacher edit the text and dates. A headteacher's
    edit of a published recommendation returns it to draft until an officer looks."""
    if (
        not Recommendation.objects.editable_by(updated_by)
        .filter(pk=recommendation.pk)
        .exists()
    ):
        raise PermissionDenied("You cannot edit this recommendation.")
    with transaction.atomic(durable=True):
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(rec, name, data[name])
        if rec.review_on and rec.review_on <= rec.recommended_on:
            raise DirectoryError(
                "The review date must be after the date of the recommendation."
            )
        back_to_draft = (
            rec.status == Recommendation.Status.PUBLISHED
            and not is_officer_for(updated_by, rec.school)
        )
        if back_to_draft:
            rec.status = Recommendation.Status.DRAFT
        rec.full_clean()
        rec.save()
        recommendation_reindex(recommendation=rec)
        if back_to_draft:
            for officer in _officers_of(rec.school):
                notify(
                    recipient=officer,
                    kind=Notification.Kind.SUPPORT,
                    subject=f"An edited recommendation to moderate: {rec.title}",
                    body=f"{updated_by} edited it; it is a draft until you publish it.",
                    url=rec.get_absolute_url(),
                    event_key=f"recommendation:{rec.pk}:edited:{time.time_ns()}",
                )
    return rec


# The moderation table: (from, to) pairs an officer may make.
MODERATION = {
    (Recommendation.Status.DRAFT, Recommendation.Status.PUBLISHED),
    (Recommendation.Status.DRAFT, Recommendation.Status.WITHDRAWN),
    (Recommendation.Status.PUBLISHED, Recommendation.Status.WITHDRAWN),
    (Recommendation.Status.WITHDRAWN, Recommendation.Status.PUBLISHED),
}


def recommendation_moderate(
    *, recommendation: Recommendation, to_status: str, moderated_by: User
) -> Recommendation:
    """Only partnership officers publish or withdraw, along the moderation table."""
    with transaction.atomic(durable=True):
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not is_officer_for(moderated_by, rec.school):
            raise PermissionDenied("Only partnership officers moderate the directory.")
        if (rec.status, to_status) not in MODERATION:
            raise DirectoryError(
                f"A {rec.get_status_display().lower()} recommendation cannot become "
                f"{Recommendation.Status(to_status).label.lower()}."
            )
        rec.status = to_status
        rec.moderated_by = moderated_by
        if to_status == Recommendation.Status.PUBLISHED:
            rec.published_on = rec.published_on or timezone.localdate()
        rec.save(update_fields=["status", "moderated_by", "published_on", "updated"])
        _changed()
        if to_status == Recommendation.Status.PUBLISHED:
            for person in support_managers(rec.school):
                notify(
                    recipient=person,
                    kind=Notification.Kind.SUPPORT,
                    subject=f"{rec.school.name} is now in the best-practice directory",
                    body=f"{rec.organisation.name}'s recommendation “{rec.title}” is published.",
                    url=rec.get_absolute_url(),
                    event_key=f"recommendation:{rec.pk}:published",
                )
    return rec


def case_study_add(
    *,
    recommendation: Recommendation,
    added_by: User,
    title: str,
    body: str,
    upload=None,
) -> CaseStudy:
    """Officers or the school's headteacher add a case study; its HTML is sanitised."""
    if (
        not Recommendation.objects.editable_by(added_by)
        .filter(pk=recommendation.pk)
        .exists()
    ):
        raise PermissionDenied("You cannot add case studies to this recommendation.")
    checked = check_upload(upload) if upload is not None else None
    with transaction.atomic(durable=True):
        study = CaseStudy(
            recommendation=recommendation,
            title=title,
            body=body,
            body_html=render_markdown(body),
            created_by=added_by,
        )
        if checked:
            study.file = upload
            study.file_name = checked.original_name
            study.file_kind = checked.kind
        study.save()
        recommendation_reindex(recommendation=recommendation)
    return study


def offer_add(
    *,
    recommendation: Recommendation,
    added_by: User,
    kind: str,
    title: str,
    capacity: int,
    cost: Decimal,
    format: str,  # noqa: A002 - the field's name
    contact_name: str,
    contact_email: str,
    description: str = "",
    cost_note: str = "",
) -> SupportOffer:
    """The school's headteacher (or an officer) offers support: free, or at a price."""
    if (
        not Recommendation.objects.editable_by(added_by)
        .filter(pk=recommendation.pk)
        .exists()
    ):
        raise PermissionDenied("You cannot add offers to this recommendation.")
    if cost is None or Decimal(cost) < 0:
        raise DirectoryError("The cost must be £0 (free) or more.")
    with transaction.atomic(durable=True):
        offer = SupportOffer(
            recommendation=recommendation,
            kind=kind,
            title=title,
            description=description,
            capacity=capacity,
            cost=Decimal(cost),
            cost_note=cost_note,
            format=format,
            contact_name=contact_name,
            contact_email=contact_email,
        )
        offer.full_clean()
        offer.save()
        recommendation_reindex(recommendation=recommendation)
    return offer


OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "capacity",
    "cost",
    "cost_note",
    "format",
    "contact_name",
    "contact_email",
    "is_active",
)


def offer_update(*, offer: SupportOffer, updated_by: User, data: dict) -> SupportOffer:
    """The school's headteacher (or an officer) changes an offer or stops requests."""
    if (
        not Recommendation.objects.editable_by(updated_by)
        .filter(pk=offer.recommendation_id)
        .exists()
    ):
        raise PermissionDenied("You cannot change this offer.")
    if "cost" in data and (data["cost"] is None or Decimal(data["cost"]) < 0):
        raise DirectoryError("The cost must be £0 (free) or more.")
    with transaction.atomic(durable=True):
        offer = SupportOffer.objects.select_for_update().get(pk=offer.pk)
        for name in OFFER_FIELDS:
            if name in data:
                setattr(offer, name, data[name])
        offer.full_clean()
        offer.save()
        recommendation_reindex(recommendation=offer.recommendation)
    return offer


def delegate_add(*, school: School, user: User, granted_by: User) -> SupportDelegate:
    """A headteacher lets a current member of their staff manage support requests."""
    if school.pk not in granted_by.headteacher_school_ids():
        raise PermissionDenied("Only the school's headteacher can delegate support.")
    if not Staff.objects.filter(school=school, user=user, left__isnull=True).exists():
        raise DirectoryError(f"{user} is not on the staff of {school}.")
    with transaction.atomic(durable=True):
        delegate, _ = SupportDelegate.objects.get_or_create(
            school=school, user=user, defaults={"granted_by": granted_by}
        )
    return delegate


def delegate_remove(*, delegate: SupportDelegate, removed_by: User) -> None:
    """A headteacher withdraws a delegation."""
    if delegate.school_id not in removed_by.headteacher_school_ids():
        raise PermissionDenied("Only the school's headteacher can change delegates.")
    with transaction.atomic(durable=True):
        delegate.delete()


# --- Support engagements ------------------------------------------------------------

S = SupportEngagement.Status
SUPPORTING, REQUESTING, EITHER = "supporting", "requesting", "either"

# The one transition table: (from, to) -> which side may make the move.
TRANSITIONS = {
    (S.REQUESTED, S.AGREED): SUPPORTING,
    (S.REQUESTED, S.DECLINED): SUPPORTING,
    (S.AGREED, S.ACTIVE): EITHER,
    (S.AGREED, S.DECLINED): SUPPORTING,
    (S.ACTIVE, S.COMPLETED): EITHER,
}


def engagement_sides(engagement: SupportEngagement, user: User) -> set[str]:
    """The sides this person may act for: supporting, requesting, or both."""
    sides = set()
    if can_manage_support(user, engagement.supporting_school):
        sides.add(SUPPORTING)
    if can_manage_support(user, engagement.requesting_school):
        sides.add(REQUESTING)
    return sides


def allowed_moves(engagement: SupportEngagement, user: User) -> list[str]:
    sides = engagement_sides(engagement, user)
    return [
        to
        for (frm, to), side in TRANSITIONS.items()
        if frm == engagement.status and (side in sides or (side == EITHER and sides))
    ]


def support_request(
    *, offer: SupportOffer, requesting_school: School, requested_by: User, goals: str
) -> SupportEngagement:
    """A headteacher (or their delegate) asks a published offer for support, with goals."""
    rec = offer.recommendation
    if rec.status != Recommendation.Status.PUBLISHED or not offer.is_active:
        raise DirectoryError("This offer is not taking requests.")
    if not can_manage_support(requested_by, requesting_school):
        raise PermissionDenied(
            "Only the headteacher, or staff they delegate, can ask for support for "
            f"{requesting_school.name}."
        )
    if requesting_school.pk == rec.school_id:
        raise DirectoryError("A school cannot ask itself for support.")
    if not (goals or "").strip():
        raise DirectoryError("Say what your school wants to achieve.")
    with transaction.atomic(durable=True):
        engagement = SupportEngagement.objects.create(
            offer=offer,
            requesting_school=requesting_school,
            supporting_school_id=rec.school_id,
            requested_by=requested_by,
            goals=goals.strip(),
        )
        EngagementTransition.objects.create(
            engagement=engagement, to_status=S.REQUESTED, by=requested_by
        )
        for person in support_managers(rec.school):
            notify(
                recipient=person,
                kind=Notification.Kind.SUPPORT,
                subject=f"{requesting_school.name} asks for support: {offer.title}",
                body=f"{requested_by} at {requesting_school.name} asks for “{offer.title}”.\n\nGoals:\n{engagement.goals}",
                url=engagement.get_absolute_url(),
                event_key=f"engagement:{engagement.pk}:requested",
            )
    return engagement


def _notify_sides(
    engagement: SupportEngagement, *, by: User, subject: str, body: str, key: str
):
    people = support_managers(engagement.requesting_school) + support_managers(
        engagement.supporting_school
    )
    if engagement.requested_by_id not in {p.pk for p in people}:
        people.append(engagement.requested_by)
    for person in {p.pk: p for p in people}.values():
        if person.pk == by.pk:
            continue
        notify(
            recipient=person,
            kind=Notification.Kind.SUPPORT,
            subject=subject,
            body=body,
            url=engagement.get_absolute_url(),
            event_key=f"engagement:{engagement.pk}:{key}",
        )


def engagement_transition(
    *, engagement: SupportEngagement, to_status: str, by: User, note: str = ""
) -> SupportEngagement:
    """Status moves only along TRANSITIONS, made by the side the table names."""
    with transaction.atomic(durable=True):
        eng = SupportEngagement.objects.select_for_update().get(pk=engagement.pk)
        side = TRANSITIONS.get((eng.status, to_status))
        if side is None:
            raise DirectoryError(
                f"An engagement that is {eng.get_status_display().lower()} cannot become "
                f"{S(to_status).label.lower()}."
            )
        sides = engagement_sides(eng, by)
        if not sides or (side != EITHER and side not in sides):
            raise PermissionDenied(
                "Only the supporting school can accept or decline a request."
                if side == SUPPORTING
                else "Only the two schools can change this engagement."
            )
        if to_status == S.AGREED:
            busy = SupportEngagement.objects.filter(
                offer_id=eng.offer_id, status__in=[S.AGREED, S.ACTIVE]
            ).count()
            if busy >= eng.offer.capacity:
                raise DirectoryError(
                    f"This offer is at capacity ({eng.offer.capacity} at once); "
                    "complete an engagement first."
                )
        if (
            to_status == S.COMPLETED
            and not eng.measures.filter(outcome__isnull=False).exists()
        ):
            raise DirectoryError(
                "Record the outcome of at least one impact measure before completing."
            )
        previous = eng.status
        eng.status = to_status
        fields = ["status", "updated"]
        if to_status == S.DECLINED:
            eng.decline_reason = note
            fields.append("decline_reason")
        if to_status == S.COMPLETED:
            eng.completed_on = timezone.localdate()
            fields.append("completed_on")
        eng.save(update_fields=fields)
        EngagementTransition.objects.create(
            engagement=eng, from_status=previous, to_status=to_status, by=by, note=note
        )
        label = S(to_status).label.lower()
        _notify_sides(
            eng,
            by=by,
            subject=f"Support {label}: {eng.offer.title}",
            body=(
                f"{by} marked the support from {eng.supporting_school.name} to "
                f"{eng.requesting_school.name} as {label}."
                + (f"\n\n{note}" if note else "")
            ),
            key=to_status,
        )
    return eng


def _locked(engagement: SupportEngagement) -> SupportEngagement:
    """The engagement re-read under a row lock: rules check its current status."""
    return SupportEngagement.objects.select_for_update().get(pk=engagement.pk)


def _require_side(engagement: SupportEngagement, user: User) -> set[str]:
    sides = engagement_sides(engagement, user)
    if not sides:
        raise PermissionDenied("Only the two schools can change this engagement.")
    if engagement.status in (S.DECLINED, S.REQUESTED):
        raise DirectoryError(
            "Meetings and measures are recorded once the support is agreed."
        )
    return sides


def meeting_record(
    *, engagement: SupportEngagement, held_on: date, notes: str, recorded_by: User
) -> Meeting:
    """Either school records a meeting of an agreed or active engagement."""
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        _require_side(engagement, recorded_by)
        meeting = Meeting.objects.create(
            engagement=engagement, held_on=held_on, notes=notes, recorded_by=recorded_by
        )
        _notify_sides(
            engagement,
            by=recorded_by,
            subject=f"Meeting recorded: {engagement.offer.title}",
            body=f"{recorded_by} recorded a meeting held on {held_on:%-d %B %Y}.",
            key=f"meeting:{meeting.pk}",
        )
    return meeting


def _check_measure(baseline, target) -> None:
    if target is not None and baseline is None:
        raise DirectoryError(
            "Enter a baseline before a target: a target means nothing without "
            "knowing where you started."
        )


def measure_add(
    *,
    engagement: SupportEngagement,
    added_by: User,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> ImpactMeasure:
    """A measure has a baseline before it has a target (refused otherwise)."""
    _check_measure(baseline, target)
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        _require_side(engagement, added_by)
        if engagement.status == S.COMPLETED:
            raise DirectoryError(
                "This engagement is completed; its measures are final."
            )
        return ImpactMeasure.objects.create(
            engagement=engagement,
            name=name,
            unit=unit,
            baseline=baseline,
            target=target,
        )


def measure_update(
    *,
    measure: ImpactMeasure,
    updated_by: User,
    baseline: Decimal | None,
    target: Decimal | None,
    outcome: Decimal | None,
) -> ImpactMeasure:
    """Either school updates a measure; still no target without a baseline."""
    _check_measure(baseline, target)
    with transaction.atomic(durable=True):
        engagement = _locked(measure.engagement)
        _require_side(engagement, updated_by)
        if engagement.status == S.COMPLETED:
            raise DirectoryError(
                "This engagement is completed; its measures are final."
            )
        ImpactMeasure.objects.filter(pk=measure.pk).update(
            baseline=baseline, target=target, outcome=outcome
        )
        measure.baseline, measure.target, measure.outcome = baseline, target, outcome
    return measure


def evaluation_write(
    *, engagement: SupportEngagement, written_by: User, side: str, text: str
) -> SupportEngagement:
    """Each school writes its own evaluation note, once support is under way."""
    field = "supporting_evaluation" if side == SUPPORTING else "requesting_evaluation"
    with transaction.atomic(durable=True):
        engagement = _locked(engagement)
        sides = _require_side(engagement, written_by)
        if side not in sides:
            raise PermissionDenied("You can only write your own school's evaluation.")
        SupportEngagement.objects.filter(pk=engagement.pk).update(
            **{field: text.strip(), "updated": timezone.now()}
        )
        setattr(engagement, field, text.strip())
        _notify_sides(
            engagement,
            by=written_by,
            subject=f"Evaluation written: {engagement.offer.title}",
            body=f"{written_by} wrote the {side} school's evaluation.",
            key=f"evaluation:{side}:{timezone.now().timestamp()}",
        )
    return engagement
