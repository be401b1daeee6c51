"""Forms of the directory and support engagements. They check one form's input;
the rules across records are the services'."""

from django import forms
from django.core.exceptions import ValidationError

from partnership.kernel.forms import (
    LONG_TEXT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    GovukDateField,
)
from schools.models import School, Subject

from .models import Organisation, SupportOffer

TARGET_NEEDS_BASELINE = (
    "Enter a baseline before a target: a target means nothing without knowing "
    "where you started."
)


class RecommendationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label="Recommending organisation",
        empty_label="Choose an organisation",
    )
    school_urn = forms.IntegerField(
        label="URN of the recommended school",
        help_text="The school's unique reference number, for example 990001.",
        min_value=100000,
        max_value=999999,
    )
    subject = forms.ModelChoiceField(
        queryset=Subject.objects.order_by("name"),
        required=False,
        label="Department (subject)",
        help_text="Leave empty to recommend the whole school.",
        empty_label="Whole school",
    )
    practitioner_name = forms.CharField(
        max_length=150,
        required=False,
        label="Named practitioner",
        help_text="Only with their consent.",
    )
    practitioner_consent_on = GovukDateField(
        required=False,
        label="Date the practitioner consented to be named",
    )
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence_url = forms.URLField(
        max_length=500,
        required=False,
        label="Link to the evidence",
        assume_scheme="https",
    )
    recommended_on = GovukDateField(label="Date of recommendation")
    review_on = GovukDateField(required=False, label="Review date")

    def clean_school_urn(self):
        urn = self.cleaned_data["school_urn"]
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise ValidationError(f"There is no school with URN {urn}.")
        self.school = school
        return urn

    def clean(self):
        data = super().clean()
        if data.get("practitioner_name") and not data.get("practitioner_consent_on"):
            self.add_error(
                "practitioner_consent_on",
                "Enter the date the practitioner consented to be named.",
            )
        return data


class RecommendationEditForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence_url = forms.URLField(
        max_length=500,
        required=False,
        label="Link to the evidence",
        assume_scheme="https",
    )
    recommended_on = GovukDateField(label="Date of recommendation")
    review_on = GovukDateField(required=False, label="Review date")


class CaseStudyForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Case study",
        help_text="Markdown: headings (##), lists, links and tables.",
    )
    file = forms.FileField(
        required=False,
        label="Attach a file",
        help_text="PDF, Word, Excel, PowerPoint, CSV, PNG or JPEG, up to 20 MB.",
    )


class OfferForm(forms.Form):
    kind = forms.ChoiceField(choices=SupportOffer.Kind.choices, label="Kind of support")
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=100,
        help_text="How many schools you can support at once.",
    )
    cost = forms.DecimalField(
        min_value=0,
        max_digits=9,
        decimal_places=2,
        label="Cost in pounds",
        help_text="0 if free.",
    )
    cost_note = forms.CharField(max_length=200, required=False, label="About the cost")
    format = forms.ChoiceField(choices=SupportOffer.Format.choices)
    contact_name = forms.CharField(max_length=150)
    contact_email = forms.EmailField()


class OfferEditForm(OfferForm):
    is_active = forms.BooleanField(
        required=False,
        label="Taking requests",
        help_text="Untick to stop new requests; current engagements carry on.",
    )


class SupportRequestForm(forms.Form):
    requesting_school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        label="Support for",
        empty_label=None,
    )
    goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What do you want to achieve?",
        help_text="Your goals, and how you will know the support worked.",
        max_length=4000,
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_school"].queryset = schools or School.objects.none()


class NoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Note (optional)",
        max_length=4000,
    )


class MeetingForm(forms.Form):
    held_on = GovukDateField(label="Date held")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)


def _check_baseline(form):
    data = form.cleaned_data
    if data.get("target") is not None and data.get("baseline") is None:
        form.add_error("target", TARGET_NEEDS_BASELINE)


class MeasureForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Measure",
        help_text="For example: pupils reading at the expected standard.",
    )
    unit = forms.CharField(max_length=40, required=False, help_text="For example %.")
    baseline = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    target = forms.DecimalField(max_digits=12, decimal_places=2, required=False)

    def clean(self):
        data = super().clean()
        _check_baseline(self)
        return data


class MeasureUpdateForm(forms.Form):
    baseline = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    target = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    outcome = forms.DecimalField(max_digits=12, decimal_places=2, required=False)

    def clean(self):
        data = super().clean()
        _check_baseline(self)
        return data


class EvaluationForm(forms.Form):
    side = forms.ChoiceField(
        choices=[
            ("supporting", "Supporting school"),
            ("requesting", "Supported school"),
        ],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your school's evaluation",
        max_length=8000,
    )


class DelegateForm(forms.Form):
    staff = forms.ModelChoiceField(
        queryset=None, label="Member of staff", empty_label="Choose a member of staff"
    )

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = users


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label="Name this search (optional)", max_length=100, required=False
    )
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
