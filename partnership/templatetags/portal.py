"""Template helpers for GOV.UK Frontend markup: fields, error summaries, breadcrumbs."""

import datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from partnership.kernel.forms import DateInputWidget
from partnership.kernel.money import pounds as _pounds

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.inclusion_tag("components/field.html")
def govuk_field(field, label_class="govuk-label", width=""):
    """One form field with its label, hint and error message, the GOV.UK way."""
    kind = _kind(field)
    css = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
        "checkbox": "govuk-checkboxes__input",
    }.get(kind, "")
    if field.errors and css:
        css += f" {css.split()[0]}--error"
    if kind == "date":
        css = ""
    if width and kind == "input":
        css += f" govuk-input--width-{width}"
    attrs = {"class": css} if css else {}
    if kind == "date":
        return {
            "field": field,
            "kind": kind,
            "widget_html": field.as_widget(
                attrs={"data-error": "1"} if field.errors else {}
            ),
            "label_class": label_class,
        }
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "widget_html": field.as_widget(attrs=attrs)
        if kind not in {"checkboxes", "radios"}
        else "",
        "label_class": label_class,
    }


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_):
    """The error summary at the top of a page, linking to each field in error."""
    errors = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        for message in form.non_field_errors():
            errors.append(("", message))
        for field in form:
            for message in field.errors:
                anchor = field.auto_id
                if _kind(field) == "date":
                    anchor += "_0"
                errors.append((f"#{anchor}", message))
    return {"errors": errors}


@register.inclusion_tag("components/form_fields.html")
def govuk_fields(form):
    """Every visible field of a form, in order."""
    return {"form": form}


@register.simple_tag
def breadcrumbs(*pairs):
    """{% breadcrumbs "Schools" "/schools/" "This school" %}: the last is the current page."""
    items = [
        mark_safe(  # noqa: S308 - a constant
            '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/">Home</a></li>'
        )
    ]
    pairs = list(pairs)
    current = pairs.pop() if len(pairs) % 2 else None
    for label, url in zip(pairs[::2], pairs[1::2], strict=True):
        items.append(
            format_html(
                '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{}">{}</a></li>',
                url,
                label,
            )
        )
    if current is not None:
        items.append(
            format_html(
                '<li class="govuk-breadcrumbs__list-item" aria-current="page">{}</li>',
                current,
            )
        )
    return format_html(
        '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb"><ol class="govuk-breadcrumbs__list">{}</ol></nav>',
        mark_safe("".join(str(i) for i in items)),  # noqa: S308 - each item is format_html output
    )


@register.filter
def pounds(value):
    """Format an exact amount as pounds and pence: £1,234.50."""
    return _pounds(value)


@register.filter
def ago(value) -> str:
    """How long ago, in words: "just now" within the minute, else "5 minutes ago"."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return "just now"
    return f"{timesince(value)} ago"
