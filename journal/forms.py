import re

from django import forms

from journal.models import Decision, Edition, Review
from partnership.kernel.forms import (
    LONG_TEXT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    GovukDateField,
    bounded_formfield,
)
from partnership.uploads import check_upload


class EditionForm(forms.ModelForm):
    call_opens = GovukDateField(label="Call opens")
    call_closes = GovukDateField(label="Call closes")

    class Meta:
        model = Edition
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "call_guidance",
            "call_opens",
            "call_closes",
            "review_days",
            "revision_days",
            "foreword",
            "issn",
            "cover_image",
        ]
        help_texts = {"cover_image": "A PNG or JPEG image for the front cover."}

    def clean_cover_image(self):
        upload = self.cleaned_data.get("cover_image")
        if upload and hasattr(upload, "content_type"):
            check_upload(upload, allowed=frozenset({"png", "jpg"}))
        return upload

    def clean_issn(self):
        issn = self.cleaned_data.get("issn", "").strip().upper()
        if issn and not re.fullmatch(r"\d{4}-\d{3}[\dX]", issn):
            raise forms.ValidationError(
                "Enter an ISSN like 1234-5678, or leave it blank."
            )
        return issn

    def clean(self):
        data = super().clean()
        opens, closes = data.get("call_opens"), data.get("call_closes")
        if opens and closes and closes < opens:
            self.add_error("call_closes", "The call must close after it opens.")
        return data


class EditionCreateForm(EditionForm):
    class Meta(EditionForm.Meta):
        fields = ["year", *EditionForm.Meta.fields]


class EditorsForm(forms.Form):
    editors = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members who can manage reviews and decisions, besides the officers.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editors"].queryset = candidates


class SectionForm(forms.Form):
    title = forms.CharField(label="Section name", max_length=120)


class InviteReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label="Reviewer")
    due = GovukDateField(
        label="Review due by",
        required=False,
        help_text="Leave blank for the edition's usual time.",
    )
    override_reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="Reason to allow a reviewer from the authors' school",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if you deliberately choose someone from the authors' school.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.email})"
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    letter = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label="Message to the authors",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Reviewers' comments for the authors are shown to them with this message.",
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )
    comments_for_authors = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label="Comments for the authors",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    comments_for_editors = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label="Confidential comments for the editors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The authors never see these.",
    )


class DeclineReviewForm(forms.Form):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="Why are you declining?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="Reason (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviseForm(forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="What did you change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="We take a new copy of your project as it is now. Edit the project first.",
    )


class CorrectionForm(forms.Form):
    submission = forms.ModelChoiceField(queryset=None, label="Article")
    notice = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="Correction notice",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the article page. A new copy of the project is taken for the new version.",
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = articles


class WinnerForm(forms.Form):
    submission = forms.ModelChoiceField(
        queryset=None, label="Winner", widget=forms.RadioSelect
    )
    citation = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label="Citation: why it won",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, shortlist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = shortlist
