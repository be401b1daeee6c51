"""Organisations and recommendations: record, edit, moderate."""

from __future__ import annotations

import time
from datetime import date

from django.db import transaction
from django.utils import timezone

from partnership.kernel.slugs import unique_slug
from partnership.kernel.transactions import require_transaction
from partnership.services import NotificationKind, notify
from schools.models import School, Subject, User

from .. import permissions
from ..cache import changed_now_and_on_commit
from ..errors import DirectoryError, PermissionDenied
from ..models import Organisation, Recommendation
from ..selectors import officers_of, support_managers
from .facet_index import facet_index_update
from .index import recommendation_reindex
from .saved_searches import saved_searches_notify

# Paths under /directory/ that a recommendation's slug must never take.
RESERVED_SLUGS = {
    "manage",
    "new",
    "offers",
    "engagements",
    "schools",
    "data",
    "case-studies",
    "saved-searches",
}

EDITABLE_FIELDS = ("title", "summary", "evidence_url", "recommended_on", "review_on")

# The moderation table: (from, to) pairs an officer may make.
MODERATION = {
    (Recommendation.Status.DRAFT, Recommendation.Status.PUBLISHED),
    (Recommendation.Status.DRAFT, Recommendation.Status.WITHDRAWN),
    (Recommendation.Status.PUBLISHED, Recommendation.Status.WITHDRAWN),
    (Recommendation.Status.WITHDRAWN, Recommendation.Status.PUBLISHED),
}

REVIEW_AFTER = "The review date must be after the date of the recommendation."


def organisation_create(
    *, name: str, kind: str, website: str = "", description: str = ""
):
    """An organisation has a unique name and a kind from the list."""
    if kind not in Organisation.Kind.values:
        raise DirectoryError(f"“{kind}” is not a kind of organisation.")
    with transaction.atomic():
        return Organisation.objects.create(
            name=name,
            slug=unique_slug(Organisation, name, reserved=RESERVED_SLUGS),
            kind=kind,
            website=website,
            description=description,
        )


def _level(subject, practitioner_name: str) -> str:
    if practitioner_name:
        return Recommendation.Level.PRACTITIONER
    if subject:
        return Recommendation.Level.DEPARTMENT
    return Recommendation.Level.SCHOOL


def _tell_officers(rec: Recommendation, *, subject: str, body: str, key: str) -> None:
    for officer in officers_of(rec.school):
        notify(
            recipient=officer,
            kind=NotificationKind.SUPPORT,
            subject=subject,
            body=body,
            url=rec.get_absolute_url(),
            event_key=key,
        )


def _new_slug(text: str) -> str:
    return unique_slug(Recommendation, text, reserved=RESERVED_SLUGS)


def _tell_proposed(rec: Recommendation, created_by: User) -> None:
    _tell_officers(
        rec,
        subject=f"A recommendation to moderate: {rec.title}",
        body=f"{created_by} at {rec.school.name} proposed a recommendation by "
        f"{rec.organisation.name}. It stays a draft until you publish it.",
        key=f"recommendation:{rec.pk}:proposed",
    )


def _check_new_recommendation(
    created_by: User, school: School, practitioner_name, consent_on
) -> None:
    if not permissions.may_propose_recommendation(created_by, school):
        raise PermissionDenied(
            "Only partnership officers or the school's headteacher can do this."
        )
    if practitioner_name and not consent_on:
        raise DirectoryError(
            "Record the date the practitioner consented to be named, or leave their name out."
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
    with transaction.atomic(durable=True):
        return recommendation_create_within(
            created_by=created_by,
            organisation=organisation,
            school=school,
            title=title,
            summary=summary,
            subject=subject,
            practitioner_name=practitioner_name,
            practitioner=practitioner,
            practitioner_consent_on=practitioner_consent_on,
            evidence_url=evidence_url,
            recommended_on=recommended_on,
            review_on=review_on,
        )


def recommendation_create_within(
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
    """`recommendation_create`, inside the caller's transaction: for a part that
    records what the recommendation comes from in the same transaction (a peer
    review's area of excellence)."""
    require_transaction("recommendation_create_within")
    _check_new_recommendation(
        created_by, school, practitioner_name, practitioner_consent_on
    )
    recommended_on = recommended_on or timezone.localdate()
    if review_on and review_on <= recommended_on:
        raise DirectoryError(REVIEW_AFTER)
    rec = Recommendation(
        slug=_new_slug(f"{school.name} {subject or ''} {title}"),
        organisation=organisation,
        school=school,
        level=_level(subject, practitioner_name),
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
    if not permissions.is_officer_for(created_by, school):
        _tell_proposed(rec, created_by)
    return rec


def recommendation_update(
    *, recommendation: Recommendation, updated_by: User, data: dict
) -> Recommendation:
    """Officers and the school's headteacher edit the text and dates. A headteacher's
    edit of a published recommendation returns it to draft until an officer looks."""
    if not permissions.may_edit_recommendation(updated_by, recommendation.pk):
        raise PermissionDenied("You cannot edit this recommendation.")
    with transaction.atomic(durable=True):
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(rec, name, data[name])
        if rec.review_on and rec.review_on <= rec.recommended_on:
            raise DirectoryError(REVIEW_AFTER)
        back_to_draft = (
            rec.status == Recommendation.Status.PUBLISHED
            and not permissions.is_officer_for(updated_by, rec.school)
        )
        if back_to_draft:
            rec.status = Recommendation.Status.DRAFT
        rec.full_clean()
        rec.save()
        recommendation_reindex(recommendation=rec, was_public=back_to_draft)
        if back_to_draft:
            _tell_officers(
                rec,
                subject=f"An edited recommendation to moderate: {rec.title}",
                body=f"{updated_by} edited it; it is a draft until you publish it.",
                key=f"recommendation:{rec.pk}:edited:{time.time_ns()}",
            )
    return rec


def recommendation_moderate(
    *, recommendation: Recommendation, to_status: str, moderated_by: User
) -> Recommendation:
    """Only partnership officers publish or withdraw, along the moderation table."""
    with transaction.atomic(durable=True):
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not permissions.is_officer_for(moderated_by, rec.school):
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
        changed_now_and_on_commit()
        facet_index_update(ids=[rec.pk])
        if to_status == Recommendation.Status.PUBLISHED:
            _tell_published(rec)
            saved_searches_notify(recommendation=rec)
    return rec


def _tell_published(rec: Recommendation) -> None:
    for person in support_managers(rec.school):
        notify(
            recipient=person,
            kind=NotificationKind.SUPPORT,
            subject=f"{rec.school.name} is now in the best-practice directory",
            body=f"{rec.organisation.name}'s recommendation “{rec.title}” is published.",
            url=rec.get_absolute_url(),
            event_key=f"recommendation:{rec.pk}:published",
        )
