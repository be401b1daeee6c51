"""The filters of a school's claims list (django-filter): every query parameter
goes through a field here. A value the list does not know (an old link, a typo)
makes that one filter invalid: the page says so and shows the claims without it."""

import django_filters
from django import forms

from partnership.kernel.forms import GovukDateField
from schools.models import User

from .models import Claim

SORTS = [
    ("-spent_on", "Date of spending, newest first"),
    ("spent_on", "Date of spending, oldest first"),
    ("-amount", "Amount, largest first"),
    ("amount", "Amount, smallest first"),
    ("-created", "Date claimed, newest first"),
]


def _unknown(what: str) -> dict:
    return {
        "invalid_choice": f"There is no {what} “%(value)s”: the claims are shown "
        f"without the {what} filter.",
    }


class DateFilter(django_filters.Filter):
    field_class = GovukDateField


class ClaimFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("spent_from"), data.get("spent_to")
        if start and end and start > end:
            self.add_error(
                "spent_to", "The end of the date range must be after its start"
            )
            data.pop("spent_to", None)
        return data


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        empty_label="Any status",
        error_messages=_unknown("status"),
    )
    category = django_filters.ChoiceFilter(
        choices=Claim.Category.choices,
        empty_label="Any category",
        error_messages=_unknown("category"),
    )
    claimant = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(),
        label="Claimed by",
        empty_label="Anyone",
        error_messages={
            "invalid_choice": "There is no such person among this school's "
            "claimants: the claims are shown without that filter."
        },
    )
    spent_from = DateFilter(
        field_name="spent_on", lookup_expr="gte", label="Spent on or after"
    )
    spent_to = DateFilter(
        field_name="spent_on", lookup_expr="lte", label="Spent on or before"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS,
        label="Sort by",
        empty_label=None,
        method="sort_by",
        error_messages=_unknown("sort order"),
    )

    class Meta:
        model = Claim
        fields = ["status", "category", "claimant", "spent_from", "spent_to"]
        form = ClaimFilterForm

    def __init__(self, data=None, *args, claims=None, **kwargs):
        claims = claims if claims is not None else kwargs.pop("queryset", None)
        if claims is None:
            claims = Claim.objects.none()
        kwargs.pop("queryset", None)
        super().__init__(data, *args, queryset=claims, **kwargs)
        self.filters["claimant"].queryset = User.objects.filter(
            pk__in=claims.values("claimant_id")
        ).order_by("full_name")

    def sort_by(self, queryset, name, value):
        return queryset.order_by(value, "-pk")

    @property
    def qs(self):
        """Filtered claims, by date of spending (newest first) unless sorted."""
        queryset = super().qs
        if not self.is_bound or not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-spent_on", "-pk")
        return queryset
