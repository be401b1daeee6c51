"""Saved searches: keep a person's validated search, and email them (through the
outbox, once per search and recommendation) when a newly published recommendation
matches it."""

from __future__ import annotations

from django.db import transaction
from django.http import QueryDict

from partnership.services import NotificationKind, notify
from schools.models import User

from ..errors import DirectoryError
from ..filters import DEFAULT_MILES, NearForm, RecommendationFilter
from ..models import Recommendation, SavedSearch
from ..selectors.near import find_origin, near

MAX_SAVED_SEARCHES = 20


def _values(value) -> list[str]:
    if hasattr(value, "values_list"):
        return sorted(value.values_list("slug", flat=True))
    if isinstance(value, (list, tuple)):
        return sorted(getattr(v, "slug", None) or str(v) for v in value)
    return [str(value)]


def normalised_query(params) -> str:
    """The search's query string with only validated, non-empty values, sorted."""
    filterset = RecommendationFilter(params, queryset=Recommendation.objects.none())
    filterset.is_valid()
    clean = QueryDict(mutable=True)
    for name, value in sorted(filterset.form.cleaned_data.items()):
        if value in (None, "", [], ()):
            continue
        if hasattr(value, "exists") and not value.exists():
            continue
        clean.setlist(name, _values(value))
    near = NearForm(params)
    if near.is_valid() and near.cleaned_data.get("near"):
        clean["near"] = near.cleaned_data["near"]
        clean["miles"] = str(near.cleaned_data.get("miles") or 10)
    return clean.urlencode()


def saved_search_create(*, user: User, name: str, params) -> SavedSearch:
    """Save a search for a signed-in person with an email address."""
    if not user.is_authenticated or not user.email:
        raise DirectoryError("Sign in with an email address to save a search.")
    query = normalised_query(params)
    with transaction.atomic(durable=True):
        existing = SavedSearch.objects.filter(user=user, query=query).first()
        if existing:
            return existing
        if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
            raise DirectoryError(
                f"You can save up to {MAX_SAVED_SEARCHES} searches: remove one first."
            )
        label = (name or "").strip()[:100] or _describe(query)
        return SavedSearch.objects.create(user=user, name=label, query=query)


def _describe(query: str) -> str:
    params = QueryDict(query)
    parts = [", ".join(params.getlist(k)) for k in sorted(params) if k != "miles"]
    return ("Directory: " + "; ".join(parts))[:100] if parts else "Whole directory"


def saved_search_delete(*, user: User, saved_search: SavedSearch) -> None:
    with transaction.atomic(durable=True):
        SavedSearch.objects.filter(pk=saved_search.pk, user=user).delete()


def matches(saved_search: SavedSearch, recommendation: Recommendation) -> bool:
    """Would this saved search find this (published) recommendation now?"""
    params = QueryDict(saved_search.query)
    one = Recommendation.objects.published().filter(pk=recommendation.pk)
    filterset = RecommendationFilter(params, queryset=one)
    filterset.is_valid()
    found = filterset.filter_except(one, "")
    near_form = NearForm(params)
    if near_form.is_valid() and near_form.cleaned_data.get("near"):
        origin, _, _ = find_origin(
            near_form.cleaned_data["near"],
            near_form.cleaned_data.get("miles") or DEFAULT_MILES,
        )
        return origin is not None and near(found, origin).exists()
    return found.exists()


def saved_searches_notify(*, recommendation: Recommendation) -> int:
    """Tell everyone whose saved search matches a newly published recommendation.

    Called inside the transaction that publishes it; the event key makes it
    idempotent (publishing again, or a retry, never emails twice).
    """
    sent = 0
    searches = SavedSearch.objects.select_related("user").filter(user__is_active=True)
    for search in searches.iterator(chunk_size=500):
        if not matches(search, recommendation):
            continue
        created = notify(
            recipient=search.user,
            kind=NotificationKind.SAVED_SEARCH,
            subject=f"New in the best-practice directory: {recommendation.title}",
            body=(
                f"“{recommendation.title}” ({recommendation.who}) matches your saved "
                f"search “{search.name}”."
            ),
            url=recommendation.get_absolute_url(),
            event_key=f"saved-search:{search.pk}:recommendation:{recommendation.pk}",
        )
        sent += created is not None
    return sent
