"""Form helpers every part uses: domain errors on forms, and the GOV.UK date input."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from .errors import DomainError

# Length limits of typed text, at the form (tests/security walk every form field).
# Writing (Markdown) matches partnership.writing.MAX_MARKDOWN_CHARS.
LONG_TEXT_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000
PASSWORD_MAX_LENGTH = 1_024


def bounded_formfield(db_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: a model TextField, which has no
    length limit, gets LONG_TEXT_MAX_LENGTH at the form."""
    from django.db import models

    if isinstance(db_field, models.TextField) and kwargs.get("max_length") is None:
        kwargs["max_length"] = LONG_TEXT_MAX_LENGTH
    return db_field.formfield(**kwargs)


# Past this many choices a list is no longer something to choose from: a national
# register has tens of thousands of schools, an administrator may edit every project.
LONG_LIST = 200


def choose_or_type(
    field: forms.ModelChoiceField, queryset, *, key: str, hint: str, wrong: str
) -> None:
    """`field` offers `queryset`: as a list while it holds at most LONG_LIST
    choices, and otherwise as a text box for one choice's `key` (a URN, a slug),
    checked against the same queryset. `hint` says what to type; `wrong` is the
    message when what was typed is not one of the choices."""
    field.queryset = queryset
    if len(queryset.order_by().values("pk")[: LONG_LIST + 1]) <= LONG_LIST:
        return
    field.to_field_name = key
    field.widget = forms.TextInput(attrs={"spellcheck": "false", "maxlength": 220})
    field.help_text = hint
    field.error_messages = {**field.error_messages, "invalid_choice": wrong}


class FastSelect(forms.Select):
    """Django's <select>, the same markup, written in Python: its template renders
    each option through two more templates (40 subjects: about 2 ms a list), which
    a list page with its filters showing pays on every request."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group, options, _ in widget["optgroups"]:
            if group:
                parts.append(f'<optgroup label="{escape(group)}">')
            parts.extend(
                f'<option value="{escape(option["value"])}"'
                f"{flatatt(option['attrs'])}>{escape(option['label'])}</option>"
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def show_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Put a service's error on the form: on its field when it names one the form has."""
    if isinstance(error, ValidationError):
        # A model's full_clean names model fields: each goes on the form's field of
        # that name, or on the whole form when the form has no such field.
        for name, errors in getattr(error, "error_dict", {None: error}).items():
            form.add_error(name if name in form.fields else None, errors)
        return
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK Design System asks for dates."""

    template_name = "components/date_input_widget.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = {
            name: forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                }
            )
            for name, _label, width in self.parts
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day.lstrip("0"), month.lstrip("0"), year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        has_error = bool(attrs.pop("data-error", False))
        attrs.pop("class", None)
        attrs.pop("aria-describedby", None)
        context = super().get_context(name, value, attrs)
        for sub, (_name, label, width) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            sub["label"] = label
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            sub["attrs"]["class"] = css + (" govuk-input--error" if has_error else "")
        return context

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        if not any(values) and name in data:
            # One ISO value (a link, an old form or a test client) is read as well.
            return self.decompress(str(data.get(name)))
        return values


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DateInputWidget

    def __init__(self, *, min_year: int = 1900, max_year: int = 2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        label = (self.label or "The date").strip()
        missing = [
            n for n, v in (("day", day), ("month", month), ("year", year)) if not v
        ]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (
            day.isascii()
            and day.isdigit()
            and month.isascii()
            and month.isdigit()
            and year.isascii()
            and year.isdigit()
        ):
            raise ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"{label} must be a real date") from exc
        if not self.min_year <= value.year <= self.max_year:
            raise ValidationError(
                f"{label} must be between {self.min_year} and {self.max_year}"
            )
        return value

    def clean(self, value):
        if not value or not any(v not in (None, "") for v in value):
            if self.required:
                raise ValidationError(f"Enter {(self.label or 'the date').lower()}")
            return None
        return self.compress(value)
