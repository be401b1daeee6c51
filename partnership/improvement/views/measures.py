"""Broader measures: the partnership's list, defining one, a school's values, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from partnership.models import Partnership
from schools.models import School

from .. import permissions, selectors, services
from ..forms import ImportForm, MeasureForm, ValueForm
from ..models import Measure
from .common import act, refuse_unless


def _member_partnership(user, slug) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    refuse_unless(permissions.may_see_everything(user, partnership))
    return partnership


@login_required
def measure_list(request, slug):
    partnership = _member_partnership(request.user, slug)
    schools = School.objects.served_by(request.user, "headteacher", "officer").filter(
        memberships__partnership=partnership, memberships__left__isnull=True
    )
    return render(
        request,
        "improvement/measure_list.html",
        {
            "partnership": partnership,
            "measures": partnership.measures.all(),
            "schools": schools,
            "is_officer": permissions.may_run_round(request.user, partnership),
        },
    )


@login_required
def measure_create(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    refuse_unless(permissions.may_run_round(request.user, partnership))
    form = MeasureForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {"heading": "Define a measure", "back": f"/partnerships/{slug}/measures/"},
        lambda d: services.measure_define(
            partnership=partnership, by=request.user, **d
        ),
        done="Measure defined.",
        then=f"/partnerships/{slug}/measures/",
    )


def _measure(user, pk) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("partnership"), pk=pk)
    refuse_unless(permissions.may_see_everything(user, measure.partnership))
    return measure


@login_required
def measure_values(request, pk, urn):
    measure = _measure(request.user, pk)
    school = get_object_or_404(
        School.objects.served_by(request.user, "headteacher", "officer"), urn=urn
    )
    form = ValueForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/measure_values.html",
        {
            "measure": measure,
            "school": school,
            "values": selectors.school_values(measure=measure, school=school),
        },
        lambda d: services.measure_value_set(
            measure=measure, school=school, by=request.user, **d
        ),
        done="Value saved.",
        then=request.path,
    )


@login_required
def measure_import(request, pk):
    measure = _measure(request.user, pk)
    refuse_unless(permissions.may_run_round(request.user, measure.partnership))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            n = services.measure_import_csv(
                measure=measure, data=form.cleaned_data["file"].read(), by=request.user
            )
        except services.ImportErrors as error:
            errors = error.errors
            form.add_error("file", error.message)
        else:
            messages.success(request, f"{n} values imported.")
            return redirect(f"/partnerships/{measure.partnership.slug}/measures/")
    return render(
        request,
        "improvement/measure_import.html",
        {"measure": measure, "form": form, "errors": errors},
        status=400 if form.errors else 200,
    )
