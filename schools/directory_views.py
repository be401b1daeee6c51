"""Views of the best-practice directory and support engagements: thin, one per action.

Each loads its object through `visible_to`/`editable_by` (404 for what a person may
not see), binds a form, calls one service, adds a message and redirects.
"""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.uploads import attachment_response
from schools import directory_selectors as selectors
from schools import directory_services as services
from schools.directory_forms import (
    CaseStudyForm,
    DelegateForm,
    EvaluationForm,
    MeasureForm,
    MeasureUpdateForm,
    MeetingForm,
    NoteForm,
    OfferEditForm,
    OfferForm,
    RecommendationEditForm,
    RecommendationForm,
    SupportRequestForm,
)
from schools.models import (
    CaseStudy,
    ImpactMeasure,
    Recommendation,
    School,
    SupportDelegate,
    SupportEngagement,
    SupportOffer,
    User,
)

S = SupportEngagement.Status


def _error(form, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(exc))


# --- Public browsing ------------------------------------------------------------------


def index(request):
    results = selectors.directory_search(
        params=request.GET, user=request.user, page_number=request.GET.get("page", 1)
    )
    return render(request, "directory/index.html", {"results": results})


def _recommendation(request, slug) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related(
            "school", "organisation", "subject"
        ),
        slug=slug,
    )


def detail(request, slug):
    rec = _recommendation(request, slug)
    can_edit = (
        Recommendation.objects.editable_by(request.user).filter(pk=rec.pk).exists()
    )
    offers = list(rec.offers.all() if can_edit else rec.offers.filter(is_active=True))
    can_request = bool(
        request.user.is_authenticated and _requestable_schools(request.user, rec)
    )
    return render(
        request,
        "directory/recommendation_detail.html",
        {
            "rec": rec,
            "case_studies": rec.case_studies.all(),
            "offers": offers,
            "can_edit": can_edit,
            "can_moderate": request.user.is_authenticated
            and services.is_officer_for(request.user, rec.school),
            "can_request": can_request
            and rec.status == Recommendation.Status.PUBLISHED,
        },
    )


def case_study_file(request, slug, pk):
    rec = _recommendation(request, slug)
    study = get_object_or_404(CaseStudy, recommendation=rec, pk=pk)
    if not study.file:
        raise Http404
    return attachment_response(
        study.file, download_name=study.file_name, kind=study.file_kind
    )


def _cell(value):
    """Text a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value):
        return value


def open_data_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=selectors.OPEN_DATA_FIELDS)
    base = request.build_absolute_uri("/directory/")

    def rows():
        yield writer.writeheader()
        for row in selectors.open_data_rows():
            row["url"] = f"{base}{row['slug']}/"
            yield writer.writerow({k: _cell(v) for k, v in row.items()})

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        'attachment; filename="best-practice-directory.csv"'
    )
    return response


def open_data_json(request):
    base = request.build_absolute_uri("/directory/")

    def chunks():
        yield '{"licence": "Open Government Licence v3.0", "recommendations": ['
        for n, row in enumerate(selectors.open_data_rows()):
            row["url"] = f"{base}{row['slug']}/"
            yield ("," if n else "") + json.dumps(row)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = (
        'attachment; filename="best-practice-directory.json"'
    )
    return response


# --- Recommendations: create, moderate, case studies, offers --------------------------


@login_required
def recommendation_new(request):
    if not (
        request.user.is_officer
        or request.user.is_headteacher
        or request.user.is_superuser
    ):
        raise Http404
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("school_urn")
        try:
            rec = services.recommendation_create(
                created_by=request.user, school=form.school, **data
            )
        except (services.DirectoryError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(request, "The recommendation is saved as a draft.")
            return redirect(rec)
    return render(request, "directory/recommendation_form.html", {"form": form})


@login_required
def moderation(request):
    if not (request.user.is_officer or request.user.is_superuser):
        raise Http404
    page = Paginator(selectors.moderation_queue(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "directory/moderation.html", {"page": page})


def _moderate(request, slug, to_status, done):
    rec = _recommendation(request, slug)
    try:
        services.recommendation_moderate(
            recommendation=rec, to_status=to_status, moderated_by=request.user
        )
    except services.PermissionDenied as exc:
        raise Http404 from exc
    except services.DirectoryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(rec)


@require_POST
@login_required
def publish(request, slug):
    return _moderate(request, slug, Recommendation.Status.PUBLISHED, "Published.")


@require_POST
@login_required
def withdraw(request, slug):
    return _moderate(request, slug, Recommendation.Status.WITHDRAWN, "Withdrawn.")


def _editable(request, slug) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.editable_by(request.user).select_related("school"),
        slug=slug,
    )


@login_required
def case_study_new(request, slug):
    rec = _editable(request, slug)
    form = CaseStudyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_study_add(
                recommendation=rec,
                added_by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        except services.DirectoryError as exc:
            _error(form, exc)
        else:
            messages.success(request, "The case study is added.")
            return redirect(rec)
    return render(
        request,
        "directory/case_study_form.html",
        {"form": form, "rec": rec},
    )


@login_required
def offer_new(request, slug):
    rec = _editable(request, slug)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_add(
                recommendation=rec, added_by=request.user, **form.cleaned_data
            )
        except (services.DirectoryError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(request, "The support offer is added.")
            return redirect(rec)
    return render(request, "directory/offer_form.html", {"form": form, "rec": rec})


@login_required
def recommendation_edit(request, slug):
    rec = _editable(request, slug)
    initial = {name: getattr(rec, name) for name in services.EDITABLE_FIELDS}
    form = RecommendationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.recommendation_update(
                recommendation=rec, updated_by=request.user, data=form.cleaned_data
            )
        except (services.DirectoryError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(
                request,
                "Saved."
                if rec.status == Recommendation.Status.PUBLISHED
                else "Saved. A partnership officer will publish it.",
            )
            return redirect(rec)
    return render(
        request,
        "directory/recommendation_edit.html",
        {
            "form": form,
            "rec": rec,
            "can_moderate": services.is_officer_for(request.user, rec.school),
        },
    )


@login_required
def offer_edit(request, slug, pk):
    rec = _editable(request, slug)
    offer = get_object_or_404(SupportOffer, recommendation=rec, pk=pk)
    initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
    form = OfferEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                offer=offer, updated_by=request.user, data=form.cleaned_data
            )
        except (services.DirectoryError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(request, "The offer is saved.")
            return redirect(rec)
    return render(
        request,
        "directory/offer_form.html",
        {"form": form, "rec": rec, "offer": offer},
    )


# --- Support requests and engagements -------------------------------------------------


def _requestable_schools(user, rec):
    schools = School.objects.filter(staff__user=user, staff__left__isnull=True).exclude(
        pk=rec.school_id
    )
    ids = [s.pk for s in schools if services.can_manage_support(user, s)]
    return School.objects.filter(pk__in=ids).order_by("name")


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
    schools = _requestable_schools(request.user, rec)
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
            _error(form, exc)
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
    sides = services.engagement_sides(eng, request.user)
    context = {
        "eng": eng,
        "failed": next((f for f in forms.values() if f is not None and f.errors), None),
        "sides": sides,
        "moves": services.allowed_moves(eng, request.user),
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
            _error(form, exc)
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
            _error(form, exc)
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
            _error(form, exc)
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
            _error(form, exc)
        else:
            messages.success(request, "Your evaluation is saved.")
            return redirect(eng)
    return _engagement_page(request, eng, status=400, **{f"evaluation_{side}": form})


# --- Delegation -----------------------------------------------------------------------


@login_required
def delegates(request, urn):
    school = get_object_or_404(
        School.objects.filter(pk__in=request.user.headteacher_school_ids()), urn=urn
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
            _error(form, exc)
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
