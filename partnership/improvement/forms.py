"""Forms of the improvement cycle: every text has a length limit, every date is the
GOV.UK date field."""

from django import forms

from partnership.kernel.forms import GovukDateField
from schools.models import Staff, Subject

from .models import Measure, OutcomesSettings, PeerReview, Priority, Unit

YEAR = {"min_value": 2000, "max_value": 2100}
VALUE = {"max_digits": 12, "decimal_places": 2}


class RoundForm(forms.Form):
    year = forms.IntegerField(label="Academic year it starts in", **YEAR)
    scale = forms.CharField(
        label="Judgement scale",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One judgement a line, best first.",
        initial="Leading\nEffective\nWorking towards",
    )


class ReviewForm(forms.Form):
    host = forms.ModelChoiceField(label="Host school", queryset=None)
    visit_on = GovukDateField(label="Date of the visit")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = schools


class ReviewerForm(forms.Form):
    staff = forms.ModelChoiceField(label="Reviewer", queryset=None)
    role = forms.ChoiceField(
        choices=[("lead", "Lead reviewer"), ("peer", "Peer reviewer")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, review: PeerReview, **kwargs):
        super().__init__(*args, **kwargs)
        members = review.round.partnership.memberships.filter(left__isnull=True)
        self.fields["staff"].queryset = (
            Staff.objects.filter(
                school__in=members.values("school"),
                left__isnull=True,
                role__in=["teacher", "headteacher"],
            )
            .exclude(school=review.host)
            .select_related("user", "school")
            .order_by("school__name", "user__full_name")
        )
        self.fields["staff"].label_from_instance = lambda s: (
            f"{s.user.full_name or s.user.email}, {s.school.name}"
        )


class ReplaceForm(ReviewerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Why can you not review?", max_length=300)


class FocusForm(forms.Form):
    title = forms.CharField(label="Focus area", max_length=200)


class ReportForm(forms.Form):
    judgement = forms.ChoiceField(label="Overall judgement", widget=forms.RadioSelect)
    summary = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    excellence = forms.CharField(
        label="Areas of excellence",
        max_length=2000,
        required=False,
        help_text="One a line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    development = forms.CharField(
        label="Areas for development",
        max_length=2000,
        required=False,
        help_text="One a line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, review: PeerReview, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(j, j) for j in review.round.judgements]
        self.fields["judgement"].choices = scale
        self.areas = list(review.focus_areas.all())
        for area in self.areas:
            self.fields[f"notes_{area.pk}"] = forms.CharField(
                label=f"Notes on {area.title}",
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=area.notes,
            )
            self.fields[f"judgement_{area.pk}"] = forms.ChoiceField(
                label=f"Judgement on {area.title}",
                required=False,
                choices=[("", "No judgement"), *scale],
                initial=area.judgement,
            )

    def notes(self) -> dict:
        data = self.cleaned_data
        return {
            a.pk: (data[f"notes_{a.pk}"], data[f"judgement_{a.pk}"]) for a in self.areas
        }


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label="Who may read the report?",
        choices=PeerReview.Visibility.choices,
        widget=forms.RadioSelect,
    )


class FromFindingForm(forms.Form):
    theme = forms.CharField(label="Theme or subject", max_length=120)
    review_on = GovukDateField(label="Review date")


class RecommendForm(forms.Form):
    summary = forms.CharField(
        label="Describe the practice for the directory",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PriorityForm(forms.Form):
    year = forms.IntegerField(label="Academic year it starts in", **YEAR)
    title = forms.CharField(label="Priority", max_length=300)
    theme = forms.CharField(label="Theme", max_length=120)
    subject = forms.ModelChoiceField(
        queryset=Subject.objects.all(), required=False, label="Subject (optional)"
    )
    source = forms.ChoiceField(
        choices=Priority.Source.choices, widget=forms.RadioSelect
    )
    review_on = GovukDateField(label="Review date")


class SuccessMeasureForm(forms.Form):
    name = forms.CharField(max_length=200)
    unit = forms.ChoiceField(choices=Unit.choices)
    baseline = forms.DecimalField(**VALUE)
    baseline_on = GovukDateField(label="Date of the baseline")
    target = forms.DecimalField(**VALUE)
    target_on = GovukDateField(label="When it is measured")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Priority.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, priority: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(priority.measures.all())
        for m in self.measures:
            self.fields[f"value_{m.pk}"] = forms.DecimalField(
                label=f"Measured value: {m.name} ({m.get_unit_display()})",
                required=False,
                initial=m.value,
                **VALUE,
            )

    def values(self) -> dict:
        return {
            m.pk: self.cleaned_data[f"value_{m.pk}"]
            for m in self.measures
            if self.cleaned_data.get(f"value_{m.pk}") is not None
        }


class LinkForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Action-research projects",
    )
    engagements = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Support engagements",
    )
    allocations = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Budget allocations",
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset


class SupportRequestForm(forms.Form):
    goals = forms.CharField(
        label="What does your school want to achieve?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MeasureForm(forms.Form):
    name = forms.CharField(max_length=200)
    unit = forms.ChoiceField(choices=Unit.choices)
    better = forms.ChoiceField(
        label="Which is better?",
        choices=Measure.Better.choices,
        widget=forms.RadioSelect,
    )
    supplier = forms.CharField(label="Who supplies it", max_length=200)


class ValueForm(forms.Form):
    year = forms.IntegerField(label="Academic year it starts in", **YEAR)
    value = forms.DecimalField(**VALUE)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="Three columns: URN, academic year, value."
    )


class PublishForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label="Parts everyone may see",
        required=False,
        choices=OutcomesSettings.PARTS,
        widget=forms.CheckboxSelectMultiple,
    )
