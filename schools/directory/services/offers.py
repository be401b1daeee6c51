"""Support offers: what a recommended school offers others, free or at a price."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from schools.models import User

from .. import permissions
from ..errors import DirectoryError, PermissionDenied
from ..models import Recommendation, SupportOffer
from .index import recommendation_reindex


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
    if not permissions.may_edit_recommendation(added_by, recommendation.pk):
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
    if not permissions.may_edit_recommendation(updated_by, offer.recommendation_id):
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
