"""The filters and search of the /research/ list (django-filter, shareable GET URLs)."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from research.models import PHASES, Project
from schools.models import Subject
from schools.selectors import URN_TEXT

SEARCHED_FIELDS = (
    "title",
    "research_question",
    "tags",
    "findings",
    "impact",
    "intervention",
    "context",
    "methods",
)


def _year_choices():
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, 2017, -1)]


def search_projects(queryset, text: str):
    """Full-text search ranked by relevance on PostgreSQL; word matching on SQLite."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        # Rank a bounded candidate set: the first N matches the GIN index finds
        # (in no order), not every match, so a common word costs the same as a rare
        # one. A word in 20,000 projects shows the best of N of them.
        candidates = (
            queryset.filter(search_vector=query)
            .order_by()
            .values("pk")[: settings.RESEARCH_SEARCH_CANDIDATES]
        )
        return (
            queryset.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated", "-id")
        )
    for word in text.split()[:10]:
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", widget=forms.TextInput, max_length=200
    )
    subject = django_filters.ModelChoiceFilter(
        label="Subject",
        field_name="subjects",
        to_field_name="slug",
        queryset=Subject.objects.all(),
        empty_label="Any subject",
    )
    phase = django_filters.ChoiceFilter(
        label="Phase", choices=PHASES, empty_label="Any phase"
    )
    # A text box, not a list: a national register has tens of thousands of schools.
    school = django_filters.CharFilter(
        label="School (name or URN)",
        method="filter_school",
        widget=forms.TextInput,
        max_length=200,
    )
    year = django_filters.ChoiceFilter(
        label="Year started",
        method="filter_year",
        choices=_year_choices,
        empty_label="Any year",
    )
    tag = django_filters.CharFilter(
        label="Focus tag", method="filter_tag", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Project.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = Project
        fields = ["q", "subject", "phase", "school", "year", "tag", "status"]

    def filter_search(self, queryset, name, value):
        return search_projects(queryset, value)

    def filter_school(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        if URN_TEXT.fullmatch(value):
            return queryset.filter(school__urn=int(value))
        return queryset.filter(school__name__icontains=value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(starts__year=value) | Q(starts__isnull=True, created__year=value)
        )

    def filter_tag(self, queryset, name, value):
        # Tags are stored normalised: lower case, joined by ", ".
        tag = " ".join(value.split()).lower()
        if not tag:
            return queryset
        return queryset.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag}, ")
            | Q(tags__endswith=f", {tag}")
            | Q(tags__contains=f", {tag}, ")
        )
