"""The directory search's filter panel (every facet with its counts), as HTML.

A national search shows a few hundred options (local authorities, types of
establishment, religious characters ...). Built here with plain string joins it
costs a fraction of the same markup through template nodes; it is kept in the
cache with the facet counts it shows (selectors.search). The markup is the GOV.UK
select, checkboxes and radios the template used; every value is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .filters import RecommendationFilter

if TYPE_CHECKING:
    from .selectors.facets import FacetOption

# Facets with more options than this are a select ("Any" first), the rest boxes.
SELECT_ABOVE = 12
TITLES = {"cost": "Cost of support"}


def facet_title(name: str) -> str:
    """The heading of a facet of the directory search."""
    field = RecommendationFilter.base_filters.get(name)
    return TITLES.get(name) or (str(field.label) if field else name)


def _select(name: str, title: str, options: list[FacetOption]) -> str:
    rows = "".join(
        f'<option value="{escape(o.value)}"{" selected" if o.selected else ""}>'
        f"{escape(o.label)} ({o.count:,})</option>"
        for o in options
    )
    return (
        '<div class="govuk-form-group">'
        f'<label class="govuk-label govuk-label--s" for="{name}">{escape(title)}</label>'
        f'<select class="govuk-select" id="{name}" name="{name}">'
        f'<option value="">Any</option>{rows}</select></div>'
    )


def _boxes(name: str, title: str, options: list[FacetOption], cost_any: bool) -> str:
    radio = name == "cost"
    kind = "radios" if radio else "checkboxes"
    parts = []
    if radio:
        parts.append(
            '<div class="govuk-radios__item"><input class="govuk-radios__input" '
            f'id="cost-any" name="cost" type="radio" value=""'
            f'{" checked" if cost_any else ""}><label class="govuk-label '
            'govuk-radios__label" for="cost-any">Free or paid</label></div>'
        )
    for n, o in enumerate(options, start=1):
        parts.append(
            f'<div class="govuk-{kind}__item"><input class="govuk-{kind}__input" '
            f'id="{name}-{n}" name="{name}" type="{"radio" if radio else "checkbox"}" '
            f'value="{escape(o.value)}"{" checked" if o.selected else ""}>'
            f'<label class="govuk-label govuk-{kind}__label" for="{name}-{n}">'
            f'{escape(o.label)} <span class="portal-meta">({o.count:,})</span>'
            "</label></div>"
        )
    return (
        '<div class="govuk-form-group">'
        f'<fieldset class="govuk-fieldset" id="{name}">'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
        f"{escape(title)}</legend>"
        f'<div class="govuk-{kind} govuk-{kind}--small" data-module="govuk-{kind}">'
        f"{''.join(parts)}</div></fieldset></div>"
    )


def facet_panel(facets: dict[str, list[FacetOption]]) -> SafeString:
    """Every facet with options: a select when long, checkboxes (radios for cost)."""
    cost_any = not any(o.selected for o in facets.get("cost", []))
    html = []
    for name, options in facets.items():
        if not options:
            continue
        title = facet_title(name)
        if len(options) > SELECT_ABOVE:
            html.append(_select(name, title, options))
        else:
            html.append(_boxes(name, title, options, cost_any))
    return mark_safe("\n".join(html))  # noqa: S308 - every value escaped above
