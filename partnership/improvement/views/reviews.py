"""Peer review pages: rounds, reviews, reviewers, focus areas, the report, sharing,
and acting on the findings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from partnership.models import Partnership
from schools.models import School

from .. import permissions, services
from ..forms import (
    DeclineForm,
    FocusForm,
    FromFindingForm,
    RecommendForm,
    ReplaceForm,
    ReportForm,
    ReviewerForm,
    ReviewForm,
    RoundForm,
    VisibilityForm,
)
from ..models import Finding, PeerReview, Reviewer, ReviewRound
from .common import act, refuse_unless


def _own_partnership(user, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    refuse_unless(permissions.may_run_round(user, partnership))
    return partnership


@login_required
def round_create(request, slug):
    partnership = _own_partnership(request.user, slug)
    form = RoundForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/round_form.html",
        {"partnership": partnership},
        lambda d: services.round_open(
            partnership=partnership,
            year=d["year"],
            scale=d["scale"],
            opened_by=request.user,
        ),
        done="Review round opened.",
        then=lambda r: r.get_absolute_url(),
    )


def _round(user, pk) -> ReviewRound:
    rnd = get_object_or_404(ReviewRound.objects.select_related("partnership"), pk=pk)
    refuse_unless(permissions.may_run_round(user, rnd.partnership))
    return rnd


@login_required
def round_detail(request, pk):
    rnd = _round(request.user, pk)
    reviews = rnd.reviews.select_related("host").prefetch_related("reviewers__user")
    return render(
        request, "improvement/round_detail.html", {"round": rnd, "reviews": reviews}
    )


@login_required
def review_create(request, pk):
    rnd = _round(request.user, pk)
    schools = School.objects.filter(
        memberships__partnership=rnd.partnership, memberships__left__isnull=True
    ).order_by("name")
    form = ReviewForm(request.POST or None, schools=schools)
    return act(
        request,
        form,
        "improvement/review_form.html",
        {"round": rnd},
        lambda d: services.review_add(
            round=rnd, host=d["host"], visit_on=d["visit_on"], by=request.user
        ),
        done="Host school added.",
        then=lambda r: r.get_absolute_url(),
    )


def _review(user, pk) -> PeerReview:
    return get_object_or_404(
        PeerReview.objects.visible_to(user).select_related(
            "host", "round__partnership"
        ),
        pk=pk,
    )


def review_detail(request, pk):
    """Public when the host head made the report public; otherwise signed-in only."""
    review = _review(request.user, pk)
    user = request.user
    context = {
        "review": review,
        "reviewers": review.reviewers.select_related("user", "school"),
        "areas": review.focus_areas.all(),
        "findings": review.findings.select_related("recommendation", "priority"),
        "may_read": permissions.may_read_report(user, review),
        "is_host_head": permissions.may_manage_host(user, review),
        "is_officer": permissions.may_run_round(user, review.round.partnership),
        "my_reviewer": permissions.active_reviewer(user, review),
    }
    return render(request, "improvement/review_detail.html", context)


@login_required
def reviewer_assign(request, pk):
    review = _review(request.user, pk)
    refuse_unless(permissions.may_run_round(request.user, review.round.partnership))
    form = ReviewerForm(request.POST or None, review=review)
    return act(
        request,
        form,
        "improvement/reviewer_form.html",
        {"review": review},
        lambda d: services.reviewer_assign(
            review=review,
            user=d["staff"].user,
            school=d["staff"].school,
            role=d["role"],
            by=request.user,
        ),
        done="Reviewer assigned.",
        then=review.get_absolute_url(),
    )


@login_required
def reviewer_decline(request, pk):
    reviewer = get_object_or_404(
        Reviewer.objects.select_related("review__host"),
        pk=pk,
        user=request.user,
        declined_at__isnull=True,
    )
    form = DeclineForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/decline_form.html",
        {"reviewer": reviewer},
        lambda d: services.reviewer_decline(
            reviewer=reviewer, by=request.user, reason=d["reason"]
        ),
        done="You have declined. The officers will find a replacement.",
        then="/improvement/",
    )


@login_required
def reviewer_replace(request, pk):
    declined = get_object_or_404(
        Reviewer.objects.select_related("review__round__partnership", "review__host"),
        pk=pk,
        declined_at__isnull=False,
    )
    review = declined.review
    refuse_unless(permissions.may_run_round(request.user, review.round.partnership))
    form = ReplaceForm(request.POST or None, review=review)
    return act(
        request,
        form,
        "improvement/reviewer_form.html",
        {"review": review, "declined": declined},
        lambda d: services.reviewer_replace(
            declined=declined,
            user=d["staff"].user,
            school=d["staff"].school,
            by=request.user,
        ),
        done="Replacement assigned.",
        then=review.get_absolute_url(),
    )


def _host_review(user, pk) -> PeerReview:
    review = _review(user, pk)
    refuse_unless(permissions.may_manage_host(user, review))
    return review


@login_required
def focus_add(request, pk):
    review = _host_review(request.user, pk)
    form = FocusForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "review": review,
            "heading": "Add a focus area",
            "back": review.get_absolute_url(),
        },
        lambda d: services.focus_area_add(
            review=review, title=d["title"], by=request.user
        ),
        done="Focus area added.",
        then=review.get_absolute_url(),
    )


@login_required
def report_write(request, pk):
    review = _review(request.user, pk)
    refuse_unless(permissions.may_write_report(request.user, review))
    initial = {
        "judgement": review.judgement,
        "summary": review.summary,
        "excellence": "\n".join(
            f.text for f in review.findings.filter(kind=Finding.Kind.EXCELLENCE)
        ),
        "development": "\n".join(
            f.text for f in review.findings.filter(kind=Finding.Kind.DEVELOPMENT)
        ),
    }
    form = ReportForm(request.POST or None, review=review, initial=initial)
    return act(
        request,
        form,
        "improvement/report_form.html",
        {"review": review},
        lambda d: services.report_write(
            review=review,
            by=request.user,
            judgement=d["judgement"],
            summary=d["summary"],
            notes=form.notes(),
            excellence=d["excellence"],
            development=d["development"],
        ),
        done="Report saved.",
        then=review.get_absolute_url(),
    )


@login_required
def review_share(request, pk):
    review = _host_review(request.user, pk)
    form = VisibilityForm(
        request.POST or None, initial={"visibility": review.visibility}
    )
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "review": review,
            "heading": "Who may read the report",
            "back": review.get_absolute_url(),
        },
        lambda d: services.review_share(
            review=review, visibility=d["visibility"], by=request.user
        ),
        done="Sharing updated.",
        then=review.get_absolute_url(),
    )


def _finding(user, pk) -> Finding:
    finding = get_object_or_404(
        Finding.objects.select_related("review__host", "review__round__partnership"),
        pk=pk,
        review__in=PeerReview.objects.visible_to(user),
    )
    refuse_unless(permissions.may_manage_host(user, finding.review))
    return finding


@login_required
def finding_priority(request, pk):
    finding = _finding(request.user, pk)
    form = FromFindingForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/simple_form.html",
        {
            "heading": f"Make a priority of: {finding.text}",
            "back": finding.review.get_absolute_url(),
        },
        lambda d: services.priority_from_finding(
            finding=finding, by=request.user, theme=d["theme"], review_on=d["review_on"]
        ),
        done="Priority recorded.",
        then=lambda p: p.get_absolute_url(),
    )


@login_required
def finding_recommend(request, pk):
    finding = _finding(request.user, pk)
    form = RecommendForm(request.POST or None)
    return act(
        request,
        form,
        "improvement/recommend_form.html",
        {"finding": finding},
        lambda d: services.finding_recommend(
            finding=finding, by=request.user, summary=d["summary"]
        ),
        done="Put forward to the directory. It is published once an officer moderates it.",
        then=finding.review.get_absolute_url(),
    )
