from django import forms

from partnership.kernel.forms import (
    LONG_TEXT_MAX_LENGTH,
    GovukDateField,
    bounded_formfield,
)
from partnership.uploads import EVIDENCE_KINDS, check_upload
from research.models import MARKDOWN_FIELDS, LogEntry, Project
from schools.models import School, Subject

MARKDOWN_HINT = (
    "You can use Markdown: **bold**, *italic*, lists starting with - , "
    "headings starting with ## and links like [text](https://example.org)."
)
PUPIL_DATA_REMINDER = (
    "Do not include pupils' personal data: no names, photos of faces, dates of "
    "birth or anything else that identifies a pupil. Anonymise work samples first."
)


class ProjectForm(forms.ModelForm):
    """The project's details and writing; the school is chosen only when starting."""

    starts = GovukDateField(label="Start date", required=False)
    ends = GovukDateField(label="End date", required=False)
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        label="School",
        help_text="The school where the enquiry takes place.",
        empty_label=None,
    )

    class Meta:
        model = Project
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "research_question",
            "school",
            "subjects",
            "phase",
            "key_stages",
            "year_groups",
            "tags",
            "starts",
            "ends",
            "context",
            "intervention",
            "methods",
            "findings",
            "impact",
            "references",
            "visibility",
        ]
        widgets = {
            "subjects": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "research_question": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in MARKDOWN_FIELDS},
        }
        error_messages = {
            "title": {"required": "Enter a title for the project."},
            "research_question": {"required": "Enter the research question."},
            "visibility": {"required": "Choose who can read the project."},
        }
        help_texts = {
            "research_question": "For example: Does daily retrieval practice improve "
            "Year 5 pupils' recall of times tables?",
            "key_stages": "For example: KS2",
            "year_groups": "For example: Years 5 and 6",
            "tags": "Separate tags with commas, for example: feedback, oracy",
            "visibility": "Who may read the project. The team can always edit it.",
            **dict.fromkeys(MARKDOWN_FIELDS, MARKDOWN_HINT),
        }

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.all()
        self.fields["phase"].choices = [("", "Choose a phase")] + self.fields[
            "phase"
        ].choices[1:]
        self.fields["visibility"].choices = Project.Visibility.choices
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("school", None)
        data.pop("subjects", None)
        return data


def check_evidence_file(upload):
    """The shared upload rules, as a form field error."""
    if upload:
        check_upload(upload, allowed=EVIDENCE_KINDS)
    return upload


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, PowerPoint, CSV, PNG or JPEG, smaller than "
        "20 MB. " + PUPIL_DATA_REMINDER,
        error_messages={"required": "Choose a file to upload."},
    )
    description = forms.CharField(
        label="What the file shows", max_length=300, required=False
    )

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))


class LogEntryForm(forms.ModelForm):
    """A cycle-log entry; a file may be added with it."""

    file = forms.FileField(
        label="Add an evidence file",
        required=False,
        help_text="Optional. PDF, Word, Excel, PowerPoint, CSV, PNG or JPEG, "
        "smaller than 20 MB. " + PUPIL_DATA_REMINDER,
    )
    file_description = forms.CharField(
        label="What the file shows", max_length=300, required=False
    )

    date = GovukDateField(label="Date")

    class Meta:
        model = LogEntry
        formfield_callback = bounded_formfield
        fields = ["kind", "date", "body"]
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "kind": "Stage of the cycle",
            "body": "What happened",
        }
        help_texts = {"body": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios need no empty "---------" choice.
        self.fields["kind"].choices = LogEntry.Kind.choices
        self.fields["kind"].error_messages["required"] = (
            "Choose the stage of the cycle."
        )
        self.fields["body"].error_messages["required"] = "Enter what happened."

    def clean_file(self):
        return check_evidence_file(self.cleaned_data.get("file"))


class FeedbackForm(forms.Form):
    body = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label="Your feedback",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The project team will be emailed. " + MARKDOWN_HINT,
        error_messages={"required": "Enter your feedback."},
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Colleague's email address",
        help_text="A colleague at any member school of the partnership. They will "
        "be asked to accept.",
        error_messages={
            "required": "Enter your colleague's email address.",
            "invalid": "Enter an email address in the correct format, like "
            "name@school.example",
        },
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Project.Status.choices)
