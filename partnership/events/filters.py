"""The filters and search of the public /events/ calendar (every parameter validated)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from partnership.kernel.forms import FastSelect
from research.models import PHASES
from schools.models import Subject

from .models import Event


def _month_choices():
    today = timezone.localdate().replace(day=1)
    months = []
    for offset in range(-12, 13):
        year, month = divmod(today.month - 1 + offset, 12)
        first = datetime.date(today.year + year, month + 1, 1)
        months.append((first.strftime("%Y-%m"), first.strftime("%B %Y")))
    return months


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=100,
        widget=forms.TextInput,
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label="Kind",
        choices=Event.Kind.choices,
        empty_label="Any kind",
    )
    subject = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Subject",
        to_field_name="slug",
        queryset=Subject.objects.all(),
        empty_label="Any subject",
    )
    phase = django_filters.ChoiceFilter(
        widget=FastSelect, label="Phase", choices=PHASES, empty_label="Any phase"
    )
    month = django_filters.ChoiceFilter(
        widget=FastSelect,
        label="Month",
        choices=_month_choices,
        method="filter_month",
        empty_label="Coming events",
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "subject", "phase", "month"]

    def filter_search(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word)
            )
        return queryset

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(starts__year=year, starts__month=month)

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("month"):
            queryset = queryset.filter(ends__gte=timezone.now())
        return queryset
