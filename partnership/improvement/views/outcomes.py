"""The outcomes pages: the partnership's, one school's, the exports and what is public."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from partnership.kernel.csvfiles import csv_response
from partnership.kernel.versions import PARTS, versioned
from partnership.models import Partnership
from schools.models import School

from .. import permissions, services
from ..export import HEADER, outcome_document, outcome_rows
from ..forms import PublishForm
from ..models import OutcomesSettings
from ..outcomes import outcomes, public_parts
from .common import act, refuse_unless

ALL_PARTS = {key for key, _ in OutcomesSettings.PARTS}


def _scope(request, slug, urn=None):
    """Members and officers see every part; everyone else the public parts, and a
    404 when the partnership made none public."""
    partnership = get_object_or_404(Partnership, slug=slug)
    full = permissions.may_see_everything(request.user, partnership)
    parts = ALL_PARTS if full else public_parts(partnership)
    refuse_unless(bool(parts))
    school = None
    if urn is not None:
        school = get_object_or_404(
            School.objects.filter(
                memberships__partnership=partnership, memberships__left__isnull=True
            ),
            urn=urn,
        )
    return partnership, school, parts, full


def _load(request, slug, urn=None):
    partnership, school, parts, full = _scope(request, slug, urn)
    return outcomes(partnership=partnership, parts=parts, school=school), full


def _body(partnership, school, parts) -> str:
    """The figures, tables and charts, rendered once per partnership, school, parts
    shown and content version of every part: a 500-school partnership's page is
    built once, not for each member who opens it."""

    def build() -> str:
        data = outcomes(partnership=partnership, parts=parts, school=school)
        return str(render_to_string("improvement/_outcomes_body.html", {"data": data}))

    name = f"outcomes:{partnership.pk}:{school.pk if school else ''}:"
    return mark_safe(  # noqa: S308 - our own template's output
        versioned(name + ",".join(sorted(parts)), PARTS, build)
    )


def _page(request, slug, urn=None):
    partnership, school, parts, full = _scope(request, slug, urn)
    context = {
        "partnership": partnership,
        "school": school,
        "full": full,
        "body": _body(partnership, school, parts),
        "is_officer": school is None
        and permissions.may_run_round(request.user, partnership),
    }
    return render(request, "improvement/outcomes.html", context)


def outcomes_page(request, slug):
    return _page(request, slug)


def outcomes_school(request, slug, urn):
    return _page(request, slug, urn)


def outcomes_csv(request, slug):
    data, _ = _load(request, slug)
    return csv_response(f"{slug}-outcomes.csv", HEADER, outcome_rows(data))


def outcomes_json(request, slug):
    data, _ = _load(request, slug)
    response = HttpResponse(
        json.dumps(outcome_document(data), indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-outcomes.json"'
    return response


@login_required
def outcomes_settings(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    refuse_unless(permissions.may_run_round(request.user, partnership))
    form = PublishForm(
        request.POST or None, initial={"parts": sorted(public_parts(partnership))}
    )
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {"heading": "What everyone may see", "back": f"/partnerships/{slug}/outcomes/"},
        lambda d: services.outcomes_publish(
            partnership=partnership, parts=d["parts"], by=request.user
        ),
        done="Saved.",
        then=f"/partnerships/{slug}/outcomes/",
    )
