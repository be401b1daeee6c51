"""A page of the directory's results: what the list and the map show of each
recommendation, read as plain values.

Twenty model instances (with their school, organisation and subject) and a prefetch
of their offers cost about three times the two small queries they come from; a
results page only shows a few columns of each, so those columns are read as tuples
(`ListedRecommendation`) and the offers only when a row has any.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from partnership.kernel.slugs import slug_urls
from schools.models import School

from ..models import Organisation, Recommendation, SupportOffer, who_is

_COLUMNS = (
    "pk",
    "slug",
    "title",
    "summary",
    "level",
    "practitioner_name",
    "subject__name",
    "school__name",
    "school_phase",
    "school_local_authority",
    "school__latitude",
    "school__longitude",
    "organisation__name",
    "organisation__kind",
    "offer_kinds",
)
_PHASES = dict(School.Phase.choices)
_KINDS = dict(Organisation.Kind.choices)
_OFFER_KINDS = dict(SupportOffer.Kind.choices)


@dataclass(slots=True)
class ListedOffer:
    """An active offer as a result shows it: its kind and cost."""

    kind: str
    cost: Decimal

    def get_kind_display(self) -> str:
        return _OFFER_KINDS.get(self.kind, self.kind)

    @property
    def is_free(self) -> bool:
        return self.cost == 0


@dataclass(slots=True)
class ListedRecommendation:
    """One result of the directory search, as the list and the map show it."""

    pk: int
    url: str
    title: str
    summary: str
    who: str
    school_name: str
    phase: str  # the school's phase, as read ("Primary"), or ""
    local_authority: str
    latitude: float | None
    longitude: float | None
    organisation_name: str
    organisation_kind: str  # as read ("Academy trust")
    active_offers: list[ListedOffer] = field(default_factory=list)
    distance: float | None = None


def listed(ids: list[int]) -> list[ListedRecommendation]:
    """The published recommendations with these ids, in the order given (an id that
    is no longer published is left out)."""
    if not ids:
        return []
    rows = (
        Recommendation.objects.published()
        .filter(pk__in=ids)
        .order_by()
        .values_list(*_COLUMNS)
    )
    url_of = slug_urls("directory:detail")
    found = {}
    with_offers = []
    for (
        pk,
        slug,
        title,
        summary,
        level,
        practitioner_name,
        subject_name,
        school_name,
        phase,
        local_authority,
        latitude,
        longitude,
        organisation_name,
        organisation_kind,
        offer_kinds,
    ) in rows:
        found[pk] = ListedRecommendation(
            pk=pk,
            url=url_of(slug),
            title=title,
            summary=summary,
            who=who_is(
                level=level,
                practitioner_name=practitioner_name,
                subject_name=subject_name,
                school_name=school_name,
            ),
            school_name=school_name,
            phase=_PHASES.get(phase, ""),
            local_authority=local_authority,
            latitude=latitude,
            longitude=longitude,
            organisation_name=organisation_name,
            organisation_kind=_KINDS.get(organisation_kind, organisation_kind),
        )
        if offer_kinds:  # the summary of its active offers (recommendation_reindex)
            with_offers.append(pk)
    if with_offers:
        offers = defaultdict(list)
        for rec_id, kind, cost in (
            SupportOffer.objects.filter(recommendation__in=with_offers, is_active=True)
            .order_by("kind", "id")
            .values_list("recommendation", "kind", "cost")
        ):
            offers[rec_id].append(ListedOffer(kind=kind, cost=cost))
        for rec_id, its_offers in offers.items():
            found[rec_id].active_offers = its_offers
    return [found[pk] for pk in ids if pk in found]
