"""Views of support: requests, engagements (moves, meetings, measures, evaluations)
and delegation. Thin: each loads its object through `visible_to` (404 for what a
person may not see), binds a form and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.forms import show_error
from schools.models import School, User

from .. import permissions, services
from ..forms import (
    DelegateForm,
    EvaluationForm,
    MeasureForm,
    MeasureUpdateForm,
    MeetingForm,
    NoteForm,
    SupportRequestForm,
)
from ..models import (
    ImpactMeasure,
    Recommendation,
    SupportDelegate,
    SupportEngagement,
    SupportOffer,
)

S = SupportEngagement.Status


@login_required
def support_request(request, pk):
    offer = get_object_or_404(
        SupportOffer.objects.select_related("recommendation__school").filter(
            is_active=True,
            recommendation__status=Recommendation.Status.PUBLISHED,
        ),
        pk=pk,
    )
    rec = offer.recommendation
    schools = permissions.requestable_schools(request.user, rec)
    if not schools.exists():
        return render(
            request,
            "directory/support_request_refused.html",
            {"offer": offer, "rec": rec},
            status=403,
        )
    form = SupportRequestForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.support_request(
                offer=offer,
                requesting_school=form.cleaned_data["requesting_school"],
                requested_by=request.user,
                goals=form.cleaned_data["goals"],
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Your request is sent to {rec.school.name}.")
            return redirect(engagement)
    return render(
        request,
        "directory/support_request.html",
        {"form": form, "offer": offer, "rec": rec},
    )


def _engagement(request, pk) -> SupportEngagement:
    return get_object_or_404(
        SupportEngagement.objects.visible_to(request.user).select_related(
            "offer__recommendation",
            "requesting_school",
            "supporting_school",
            "requested_by",
        ),
        pk=pk,
    )


def _engagement_page(request, eng, status=200, **forms):
    sides = permissions.engagement_sides(eng, request.user)
    context = {
        "eng": eng,
        "failed": next((f for f in forms.values() if f is not None and f.errors), None),
        "sides": sides,
        "moves": permissions.allowed_moves(eng, request.user),
        "transitions": eng.transitions.select_related("by"),
        "meetings": eng.meetings.select_related("recorded_by"),
        "measures": [
            (
                m,
                forms.get(f"measure_{m.pk}")
                or MeasureUpdateForm(
                    initial={
                        "baseline": m.baseline,
                        "target": m.target,
                        "outcome": m.outcome,
                    },
                    prefix=f"m{m.pk}",
                ),
            )
            for m in eng.measures.all()
        ],
        "open": eng.status in (S.AGREED, S.ACTIVE),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "measure_form": forms.get("measure_form") or MeasureForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "evaluation_forms": {
            side: forms.get(f"evaluation_{side}")
            or EvaluationForm(
                initial={
                    "side": side,
                    "text": getattr(eng, f"{side}_evaluation"),
                },
                prefix=side,
            )
            for side in sides
        },
    }
    return render(request, "directory/engagement_detail.html", context, status=status)


@login_required
def engagement_detail(request, pk):
    return _engagement_page(request, _engagement(request, pk))


MOVES = {
    "accept": S.AGREED,
    "decline": S.DECLINED,
    "start": S.ACTIVE,
    "complete": S.COMPLETED,
}


@require_POST
@login_required
def engagement_move(request, pk, move):
    eng = _engagement(request, pk)
    if move not in MOVES:
        raise Http404
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.engagement_transition(
            engagement=eng,
            to_status=MOVES[move],
            by=request.user,
            note=form.cleaned_data.get("note", ""),
        )
    except services.DirectoryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The engagement is {S(MOVES[move]).label.lower()}.")
    return redirect(eng)


@require_POST
@login_required
def meeting_new(request, pk):
    eng = _engagement(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_record(
                engagement=eng, recorded_by=request.user, **form.cleaned_data
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect(eng)
    return _engagement_page(request, eng, status=400, meeting_form=form)


@require_POST
@login_required
def measure_new(request, pk):
    eng = _engagement(request, pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.measure_add(
                engagement=eng, added_by=request.user, **form.cleaned_data
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The measure is added.")
            return redirect(eng)
    return _engagement_page(request, eng, status=400, measure_form=form)


@require_POST
@login_required
def measure_edit(request, pk, measure_pk):
    eng = _engagement(request, pk)
    measure = get_object_or_404(ImpactMeasure, engagement=eng, pk=measure_pk)
    form = MeasureUpdateForm(request.POST, prefix=f"m{measure.pk}")
    if form.is_valid():
        try:
            services.measure_update(
                measure=measure, updated_by=request.user, **form.cleaned_data
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"“{measure.name}” is updated.")
            return redirect(eng)
    return _engagement_page(request, eng, status=400, **{f"measure_{measure.pk}": form})


@require_POST
@login_required
def evaluation(request, pk, side):
    eng = _engagement(request, pk)
    form = EvaluationForm(request.POST, prefix=side)
    if form.is_valid():
        try:
            services.evaluation_write(
                engagement=eng,
                written_by=request.user,
                side=side,
                text=form.cleaned_data["text"],
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Your evaluation is saved.")
            return redirect(eng)
    return _engagement_page(request, eng, status=400, **{f"evaluation_{side}": form})


# --- Delegation -----------------------------------------------------------------------


@login_required
def delegates(request, urn):
    school = get_object_or_404(
        School.objects.served_by(request.user, "headteacher"), urn=urn
    )
    staff = User.objects.filter(
        staff_roles__school=school, staff_roles__left__isnull=True
    ).exclude(pk=request.user.pk)
    form = DelegateForm(request.POST or None, users=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_add(
                school=school, user=form.cleaned_data["staff"], granted_by=request.user
            )
        except services.DirectoryError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['staff']} can now manage support requests.",
            )
            return redirect("directory:delegates", urn=school.urn)
    return render(
        request,
        "directory/delegates.html",
        {
            "school": school,
            "form": form,
            "delegates": SupportDelegate.objects.filter(school=school).select_related(
                "user"
            ),
        },
    )


@require_POST
@login_required
def delegate_remove(request, urn, pk):
    delegate = get_object_or_404(
        SupportDelegate.objects.filter(
            school_id__in=request.user.headteacher_school_ids()
        ).select_related("school"),
        school__urn=urn,
        pk=pk,
    )
    services.delegate_remove(delegate=delegate, removed_by=request.user)
    messages.success(request, f"{delegate.user} no longer manages support requests.")
    return redirect("directory:delegates", urn=urn)
