from django import forms
from django.core.exceptions import ValidationError

from partnership.kernel.forms import PASSWORD_MAX_LENGTH, bounded_formfield
from schools.models import School, Staff


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form. The person joins their school's staff
    only once they confirm the address (`services.signup_confirmed`)."""

    full_name = forms.CharField(label="Full name", max_length=150)

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class SchoolSearchForm(forms.Form):
    """The public list's search: every parameter validated before it is used."""

    q = forms.CharField(
        label="School name, town, postcode or URN", max_length=200, required=False
    )
    phase = forms.ChoiceField(choices=[("", "Any phase")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", "Any phase"), *School.Phase.choices]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def value(self, name: str) -> str:
        """The cleaned value, or '' when the field is invalid or not given."""
        self.is_valid()
        return self.cleaned_data.get(name, "")


class DomainsDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: people with these addresses may sign up"),
            ("reject", "Reject: keep the current domains"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the change."},
    )


class SchoolProfileForm(forms.ModelForm):
    class Meta:
        model = School
        formfield_callback = bounded_formfield
        fields = ["description", "website", "telephone", "email_domains"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean_email_domains(self):
        value = self.cleaned_data["email_domains"]
        domains = [d.strip().lower().lstrip("@") for d in value.split(",") if d.strip()]
        for domain in domains:
            if "." not in domain or " " in domain:
                raise ValidationError(
                    f"{domain!r} is not an email domain, e.g. school.sch.uk"
                )
        return ", ".join(domains)


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, required=False)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Staff.Role.choices, initial=Staff.Role.TEACHER)


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Staff.Role.choices)


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    password1 = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label="Create a password",
        widget=forms.PasswordInput,
    )
    password2 = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label="Confirm your password",
        widget=forms.PasswordInput,
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth import password_validation

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match.")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Staff CSV file",
        help_text="Columns: email, full_name, school_urn, role (teacher or headteacher).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError("The file must be smaller than 2 MB.")
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" in text:
                break
            return text
        raise ValidationError("The file must be a CSV file saved as text (UTF-8).")
