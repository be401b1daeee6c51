"""The filters and search of the /research/ list (django-filter, shareable GET URLs)."""

import django_filters
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db import connection, models
from django.db.models import F, Func, Q, Value
from django.utils import timezone

from partnership.kernel.forms import FastSelect
from research.models import PHASES, Project
from research.search import search_projects
from schools.models import Subject
from schools.selectors import URN_TEXT


def _year_choices():
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, 2017, -1)]


def _holds(column: str, separator: str, item: str) -> DataContains:
    """PostgreSQL: the row's `column`, a list joined by `separator`, holds `item`
    (`string_to_array(column, separator) @> ARRAY[item]`, the expression of its
    array index, research migration 0006)."""
    items = Func(
        F(column),
        Value(separator),
        function="string_to_array",
        output_field=ArrayField(models.TextField()),
    )
    return DataContains(
        items, Value([item], output_field=ArrayField(models.TextField()))
    )


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", widget=forms.TextInput, max_length=200
    )
    subject = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Subject",
        method="filter_subject",
        to_field_name="slug",
        queryset=Subject.objects.all(),
        empty_label="Any subject",
    )
    phase = django_filters.ChoiceFilter(
        widget=FastSelect, label="Phase", choices=PHASES, empty_label="Any phase"
    )
    # A text box, not a list: a national register has tens of thousands of schools.
    school = django_filters.CharFilter(
        label="School (name or URN)",
        method="filter_school",
        widget=forms.TextInput,
        max_length=200,
    )
    year = django_filters.ChoiceFilter(
        widget=FastSelect,
        label="Year started",
        method="filter_year",
        choices=_year_choices,
        empty_label="Any year",
    )
    tag = django_filters.CharFilter(
        label="Focus tag", method="filter_tag", max_length=100
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        label="Status",
        choices=Project.Status.choices,
        empty_label="Any status",
    )

    class Meta:
        model = Project
        fields = ["q", "subject", "phase", "school", "year", "tag", "status"]

    def filter_queryset(self, queryset):
        """Every filter first, then the search: its candidates are the first
        matches of the filtered list (see research.search)."""
        queryset = super().filter_queryset(queryset)
        return search_projects(queryset, self.form.cleaned_data.get("q") or "")

    def filter_search(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_school(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        if URN_TEXT.fullmatch(value):
            return queryset.filter(school__urn=int(value))
        return queryset.filter(school__name__icontains=value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(year_started=int(value))

    def filter_subject(self, queryset, name, value):
        # Subject ids are stored as ",3,17," (Project.subject_ids).
        if connection.vendor == "postgresql":
            return queryset.filter(_holds("subject_ids", ",", str(value.pk)))
        return queryset.filter(subject_ids__contains=f",{value.pk},")

    def filter_tag(self, queryset, name, value):
        # Tags are stored normalised: lower case, joined by ", ".
        tag = " ".join(value.split()).lower()
        if not tag:
            return queryset
        if connection.vendor == "postgresql":
            return queryset.filter(_holds("tags", ", ", tag))
        return queryset.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag}, ")
            | Q(tags__endswith=f", {tag}")
            | Q(tags__contains=f", {tag}, ")
        )
