"""Views of the directory's recommendations: browse, open data, record, moderate,
case studies and offers. Thin: each loads its object through `visible_to`/
`editable_by` (404 for what a person may not see), binds a form, calls one service.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.forms import show_error
from partnership.uploads import attachment_response

from .. import permissions, selectors, services
from ..filters import INSPECTED_CHOICES, MAX_AGE, MIN_AGE
from ..forms import (
    CaseStudyForm,
    OfferEditForm,
    OfferForm,
    RecommendationEditForm,
    RecommendationForm,
)
from ..models import CaseStudy, Recommendation, SupportOffer
from ..selectors.near import map_data

# --- Public browsing ------------------------------------------------------------------


def index(request):
    results = selectors.directory_search(
        params=request.GET, user=request.user, page_number=request.GET.get("page", 1)
    )
    return render(
        request,
        "directory/index.html",
        {
            "results": results,
            "inspected_choices": INSPECTED_CHOICES,
            "age_range": (MIN_AGE, MAX_AGE),
            "map": _map(results),
        },
    )


def _map(results):
    """The map's data, or None when no tile server is configured (no map at all)."""
    if not settings.MAP_TILE_URL:
        return None
    return map_data(
        results.page.object_list,
        results.origin,
        tile_url=settings.MAP_TILE_URL,
        attribution=settings.MAP_TILE_ATTRIBUTION,
    )


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
        request.user.is_authenticated
        and permissions.requestable_schools(request.user, rec)
    )
    return render(
        request,
        "directory/recommendation_detail.html",
        {
            "rec": rec,
            "case_studies": rec.case_studies.all(),
            "impact": selectors.recommendation_impact(recommendation=rec),
            "offers": offers,
            "can_edit": can_edit,
            "can_moderate": request.user.is_authenticated
            and permissions.is_officer_for(request.user, rec.school),
            "can_request": can_request
            and rec.status == Recommendation.Status.PUBLISHED,
        },
    )


def case_study(request, slug):
    """A case study at its own address, with citation metadata."""
    study = get_object_or_404(
        CaseStudy.objects.filter(
            recommendation__in=Recommendation.objects.visible_to(request.user)
        ).select_related(
            "recommendation__school",
            "recommendation__organisation",
            "recommendation__subject",
        ),
        slug=slug,
    )
    return render(
        request,
        "directory/case_study_detail.html",
        {"study": study, "rec": study.recommendation},
    )


def case_study_file(request, slug, pk):
    rec = _recommendation(request, slug)
    study = get_object_or_404(CaseStudy, recommendation=rec, pk=pk)
    if not study.file:
        raise Http404
    return attachment_response(
        study.file, download_name=study.file_name, kind=study.file_kind
    )


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
            show_error(form, exc)
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
            show_error(form, exc)
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
            show_error(form, exc)
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
            show_error(form, exc)
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
            "can_moderate": permissions.is_officer_for(request.user, rec.school),
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
            show_error(form, exc)
        else:
            messages.success(request, "The offer is saved.")
            return redirect(rec)
    return render(
        request,
        "directory/offer_form.html",
        {"form": form, "rec": rec, "offer": offer},
    )
