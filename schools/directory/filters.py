"""The directory's filters (django-filter), its search, and the "near a school" form.

Every filter reads a GET parameter, so a search is a shareable URL. A value the
directory does not know (an old link, a typo) makes that one filter invalid: the
page says so and shows results without it, rather than failing.
"""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q
from django.utils import timezone

from partnership.kernel.versions import versioned
from schools.models import School, Subject

from .models import Organisation, SupportOffer

COST_CHOICES = [("free", "Free"), ("paid", "Paid (commissioned)")]
MIN_MILES, MAX_MILES, DEFAULT_MILES = 1, 25, 10
MILES_OPTIONS = (1, 2, 3, 5, 10, 15, 20, 25)


def _unknown(what: str) -> dict:
    return {
        "invalid_choice": f"There is no {what} “%(value)s”: the results are shown "
        f"without the {what} filter.",
        "invalid_pk_value": f"There is no {what} “%(pk)s”: the results are shown "
        f"without the {what} filter.",
    }


def _school_values(column: str):
    """The values a school column takes (GIAS words), as choices: read once per
    content version of the schools, not on every search that uses the filter."""

    def build():
        return [
            (value, value)
            for value in School.objects.exclude(**{column: ""})
            .order_by(column)
            .values_list(column, flat=True)
            .distinct()
        ]

    def choices():
        return versioned(f"school-values:{column}", ("schools",), build)

    return choices


local_authority_choices = _school_values("local_authority")
INSPECTED_CHOICES = [
    ("1", "In the last year"),
    ("3", "In the last 3 years"),
    ("5", "In the last 5 years"),
]
MIN_AGE, MAX_AGE = 2, 19


def _school_facet(column: str, label: str, what: str):
    # The recommendation keeps its school's column (services.index.school_summary).
    return django_filters.MultipleChoiceFilter(
        field_name=f"school_{column}",
        choices=_school_values(column),
        label=label,
        distinct=False,
        error_messages=_unknown(what),
    )


def offer_of_kind(kind: str) -> Q:
    """Recommendations with an active offer of this kind (kept on the row)."""
    return Q(offer_kinds__contains=f",{kind},")


def offers_any(kinds) -> Q:
    q = Q()
    for kind in kinds:
        q |= offer_of_kind(kind)
    return q


# Recommendations with an active free (or paid) offer (kept on the row).
COST_FLAGS = {"free": Q(has_free_offer=True), "paid": Q(has_paid_offer=True)}


def facet_condition(name: str, value) -> Q:
    """A facet filter in use as a condition (the directory counts facets with it):
    the same rows the filter of that name keeps."""
    if name == "support":
        return offers_any(value)
    if name == "cost":
        return COST_FLAGS.get(value, Q())
    if name == "subject":
        return Q(subject__in=list(value))
    field = RecommendationFilter.base_filters[name].field_name
    return Q(**{f"{field}__in": list(value)})


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=200,
        strip=True,
        error_messages={
            "max_length": "Search for 200 characters or fewer: the results are "
            "shown without the search words."
        },
    )
    subject = django_filters.ModelMultipleChoiceFilter(
        field_name="subject__slug",
        queryset=Subject.objects.all(),
        to_field_name="slug",
        label="Subject",
        distinct=False,
        error_messages=_unknown("subject"),
    )
    phase = django_filters.MultipleChoiceFilter(
        field_name="school_phase",
        choices=School.Phase.choices,
        label="Phase",
        distinct=False,
        error_messages=_unknown("phase"),
    )
    organisation = django_filters.MultipleChoiceFilter(
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        label="Recommended by",
        distinct=False,
        error_messages=_unknown("kind of organisation"),
    )
    support = django_filters.MultipleChoiceFilter(
        choices=SupportOffer.Kind.choices,
        method="support_kind",
        label="Support offered",
        distinct=False,
        error_messages=_unknown("kind of support"),
    )
    cost = django_filters.ChoiceFilter(
        choices=COST_CHOICES,
        method="free_or_paid",
        label="Cost",
        empty_label=None,
        error_messages=_unknown("cost option"),
    )
    la = django_filters.MultipleChoiceFilter(
        field_name="school_local_authority",
        choices=local_authority_choices,
        label="Local authority",
        distinct=False,
        error_messages=_unknown("local authority"),
    )

    type = _school_facet("type", "Type of establishment", "type of establishment")
    ofsted = _school_facet("ofsted_rating", "Ofsted rating", "Ofsted rating")
    religion = _school_facet(
        "religious_character", "Religious character", "religious character"
    )
    gender = _school_facet("gender", "Gender of entry", "gender of entry")
    inspected = django_filters.ChoiceFilter(
        choices=INSPECTED_CHOICES,
        method="inspected_within",
        label="Last inspected by Ofsted",
        empty_label=None,
        error_messages=_unknown("inspection period"),
    )
    age = IntegerFilter(
        method="teaches_age",
        label="Teaches pupils aged",
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            f"Give an age from {MIN_AGE} to {MAX_AGE}: the results are shown "
            "without the age filter.",
        ),
    )

    FACETS = [
        "subject",
        "phase",
        "organisation",
        "support",
        "cost",
        "la",
        "type",
        "ofsted",
        "religion",
        "gender",
    ]

    def inspected_within(self, queryset, name, value):
        if not value:
            return queryset
        since = timezone.localdate() - datetime.timedelta(days=365 * int(value))
        return queryset.filter(school__ofsted_date__gte=since)

    def teaches_age(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            school__statutory_low_age__lte=value, school__statutory_high_age__gte=value
        )

    def search(self, queryset, name, value):
        return search(queryset, value)

    def support_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(offers_any(value))

    def free_or_paid(self, queryset, name, value):
        if value in COST_FLAGS:
            return queryset.filter(COST_FLAGS[value])
        return queryset

    def filter_except(self, queryset, skip: str):
        """The queryset with every valid filter applied but one (for facet counts)."""
        for name, value in self.form.cleaned_data.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


def search(queryset, text: str):
    """Full-text search on PostgreSQL (stored tsvector, GIN index); icontains elsewhere."""
    text = (text or "").strip()
    if not text:
        return queryset
    if settings.IS_POSTGRES:
        return queryset.filter(search_vector=_query(text))
    words = text.split()
    for word in words[:8]:
        queryset = queryset.filter(Q(search_document__icontains=word))
    return queryset


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def rank_by_relevance(queryset, text: str):
    """Best matches first on PostgreSQL; newest first elsewhere."""
    text = (text or "").strip()
    if text and settings.IS_POSTGRES:
        return queryset.annotate(
            rank=SearchRank(F("search_vector"), _query(text))
        ).order_by("-rank", "-published_on", "-id")
    return queryset.order_by("-published_on", "-id")


class NearForm(forms.Form):
    near = forms.CharField(
        label="Near",
        help_text="A postcode (SE1 7PB), the first half of one (SE1), or a "
        "school's name or URN.",
        required=False,
        max_length=200,
        strip=True,
        error_messages={
            "max_length": "Give a postcode, place or school in 200 characters "
            "or fewer: the results are shown from everywhere."
        },
    )
    miles = forms.IntegerField(
        label="Within",
        required=False,
        min_value=MIN_MILES,
        max_value=MAX_MILES,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            f"Choose a distance from {MIN_MILES} to {MAX_MILES} miles: the "
            f"results are shown within {DEFAULT_MILES} miles.",
        ),
    )

    def miles_options(self, chosen: int) -> list[tuple[int, str, bool]]:
        """The distances offered in the select, with a shared URL's own value kept."""
        values = sorted(set(MILES_OPTIONS) | {chosen})
        return [(n, f"{n} mile{'s' if n > 1 else ''}", n == chosen) for n in values]
