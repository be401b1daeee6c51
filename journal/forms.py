import re
import unicodedata

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
    call_guidance = forms.CharField(
        label="Guidance for authors",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the editors are looking for, length, and how reports are chosen.",
    )
    foreword = forms.CharField(
        required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )

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
    no_review_reason = forms.CharField(
        label="Why are you deciding without a completed review?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="No reviewer has completed a review of this version. "
        "Your reason is kept in the submission's history.",
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["no_review_reason"]
        else:
            self.order_fields(["outcome", "no_review_reason", "letter"])

    def clean(self):
        data = super().clean()
        if self.needs_reason and not (data.get("no_review_reason") or "").strip():
            self.add_error(
                "no_review_reason",
                "No review is complete: say why you are deciding without one.",
            )
        return data

    letter = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label="Message to the authors",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Reviewers' comments for the authors are shown to them with this message.",
    )


class ReviewerSearchForm(forms.Form):
    q = forms.CharField(
        label="Search reviewers",
        required=False,
        max_length=100,
        help_text="A name, a school or a subject.",
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


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(label="Search all editions", required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text):
            raise forms.ValidationError(
                "Search for words: remove the unusual characters."
            )
        return text.strip()


NOTIFY_CHOICES = [
    ("yes", "Yes, email every member who has not turned these emails off"),
    ("no", "No, publish without emailing anyone"),
]


class PublishForm(forms.Form):
    run = forms.IntegerField(widget=forms.HiddenInput)
    notify = forms.ChoiceField(
        label="Email the partnership's members about this edition?",
        choices=NOTIFY_CHOICES,
        widget=forms.RadioSelect,
    )


class WithdrawalForm(forms.Form):
    notice = forms.CharField(
        label="Notice for readers",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the page, which stays online marked withdrawn.",
    )
    reason = forms.CharField(
        label="Reason for withdrawal",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the notice, and kept in the record.",
    )
    confirm = forms.BooleanField(
        label="I understand this is public and cannot be undone here",
    )


class PartnershipChoiceForm(forms.Form):
    """Which of your partnerships a new edition is for (`?partnership=<id>`)."""

    partnership = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships


class OpenCallForm(forms.Form):
    """Which open call a project is submitted to (a posted edition id)."""

    edition = forms.ModelChoiceField(queryset=Edition.objects.open_for_submissions())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.open_for_submissions()
