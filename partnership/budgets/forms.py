"""Forms for the budget pages. They only collect input; the services hold the rules."""

from decimal import Decimal, InvalidOperation

from django import forms

from partnership.kernel.forms import NOTE_MAX_LENGTH, GovukDateField
from schools.models import School, User

from .models import Claim


class MoneyField(forms.DecimalField):
    """An amount in pounds; accepts '£1,250.50' as people type it."""

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter an amount in pounds, like 250.00.",
                "max_decimal_places": "Enter the amount in pounds and pence only.",
                "max_digits": "The amount is too large.",
                "max_whole_digits": "The amount is too large.",
            },
        )
        super().__init__(**kwargs)
        self.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false"}
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("£", "").replace(" ", "")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"]) from None


class FundForm(forms.Form):
    name = forms.CharField(max_length=200)
    total = MoneyField(label="Total (£)")
    starts = GovukDateField(label="Starts")
    ends = GovukDateField(label="Ends")
    approval_threshold = MoneyField(
        label="Second approval above (£)",
        help_text="Claims and allocations above this amount need two approvals, "
        "by two different people.",
        initial=Decimal("5000.00"),
    )
    description = forms.CharField(
        max_length=NOTE_MAX_LENGTH, widget=forms.Textarea, required=False
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"] = forms.ModelChoiceField(
            queryset=partnerships, empty_label=None, label="Partnership"
        )


class AllocationForm(forms.Form):
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        required=False,
        empty_label="No school: a theme",
        help_text="The member school this money is for.",
    )
    theme = forms.CharField(
        max_length=120,
        required=False,
        help_text="Or, for money not given to one school, a theme such as "
        "'Research release time'.",
    )
    amount = MoneyField(label="Amount (£)")
    purpose = forms.CharField(
        label="What it is for", widget=forms.Textarea, required=False, max_length=2000
    )
    available_from = GovukDateField(
        label="Available from (optional)",
        required=False,
        help_text="The day the money becomes the school's, within the fund's dates; "
        "the overview by financial year counts it from then. Leave empty for the "
        "day it is approved.",
    )

    def __init__(self, *args, schools, officer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if not officer:
            del self.fields["theme"]
            self.fields["school"].required = True
            self.fields["school"].empty_label = None


class AdjustmentForm(forms.Form):
    change = MoneyField(
        label="Change (£)",
        help_text="Positive to add to the allocation, negative to take away, "
        "for example -500.00.",
    )
    reason = forms.CharField(widget=forms.Textarea, max_length=1000)


class ClaimForm(forms.Form):
    amount = MoneyField(label="Amount (£)")
    spent_on = GovukDateField(label="Date of spending")
    category = forms.ChoiceField(choices=Claim.Category.choices)
    description = forms.CharField(
        label="What the money was spent on", widget=forms.Textarea, max_length=2000
    )
    receipt = forms.FileField(
        help_text="A PDF, PNG or JPEG of the receipt or invoice, up to 20 MB."
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, max_length=1000)


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Teacher",
        help_text="They will see this school's budget and may make claims from it.",
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = User.objects.filter(
            staff_roles__school=school,
            staff_roles__left__isnull=True,
            staff_roles__role="teacher",
        ).order_by("full_name")


class ClaimCorrectionForm(forms.Form):
    amount = MoneyField(label="Amount (£)")
    description = forms.CharField(
        label="What the money was spent on", widget=forms.Textarea, max_length=2000
    )
    receipt = forms.FileField(
        required=False,
        label="A new receipt (optional)",
        help_text="Only if the receipt was wrong: a PDF, PNG or JPEG, up to 20 MB.",
    )


class ChooseAllocationForm(forms.Form):
    allocation = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which allocation is the claim from?",
        error_messages={"invalid_choice": "Choose one of the school's allocations."},
    )

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations
        self.fields["allocation"].label_from_instance = lambda a: a.fund.name


class BatchForm(forms.Form):
    """The claims chosen on the approvals page (only claims waiting for this person)."""

    claims = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one claim.",
            "invalid_choice": "One of the chosen claims is not waiting for you.",
            "invalid_pk_value": "One of the chosen claims is not waiting for you.",
        },
    )
    decision = forms.ChoiceField(
        choices=[("approve", "Approve them"), ("reject", "Turn them down")],
        required=False,
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=1000,
        label="Reason for turning them down",
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = claims

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Give a reason for turning the claims down.")
        return data


class PublishForm(forms.Form):
    public = forms.TypedChoiceField(
        choices=[("yes", "Publish"), ("no", "Withdraw")],
        coerce=lambda value: value == "yes",
    )
