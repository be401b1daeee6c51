"""Pages for authors (submitting, confirming, withdrawing, revising) and reviewers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from journal import permissions, selectors, services
from journal.forms import (
    DeclineReviewForm,
    OpenCallForm,
    ReviewForm,
    ReviseForm,
    WithdrawForm,
)
from journal.models import WITHDRAWABLE, Review, Submission
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from research.models import Project


def _error(request, exc) -> None:
    messages.error(request, str(exc))


@login_required
def submit_start(request):
    """The open calls a person can submit to, and their completed projects."""
    editions = list(selectors.open_calls_for(request.user))
    projects = list(
        Project.objects.filter(lead=request.user, status=Project.Status.COMPLETED)
        .select_related("school")
        .order_by("title")
    )
    live = set(
        Submission.objects.filter(project__in=projects, edition__in=editions)
        .exclude(status__in=[Submission.Status.WITHDRAWN, Submission.Status.DECLINED])
        .values_list("project_id", "edition_id")
    )
    rows = [
        (project, [(edition, (project.pk, edition.pk) in live) for edition in editions])
        for project in projects
    ]
    return render(
        request,
        "journal/submit_start.html",
        {"editions": editions, "projects": projects, "rows": rows},
    )


@login_required
@require_POST
def submit_project(request, slug: str):
    project = get_object_or_404(Project.objects.filter(lead=request.user), slug=slug)
    which = OpenCallForm(request.POST)
    edition = which.cleaned_data["edition"] if which.is_valid() else None
    if edition is None:
        messages.error(request, "Choose a call for reports that is open.")
        return redirect("journal:submit")
    try:
        submission = services.submission_create(
            edition=edition, project=project, by=request.user
        )
    except DomainError as exc:
        _error(request, exc)
        return redirect("journal:submit")
    messages.success(
        request, f"“{submission.title}” has been submitted to {edition.title}."
    )
    return redirect(submission)


def _visible_submission(request, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "edition", "project"
        ),
        pk=pk,
    )


@login_required
def submission_detail(request, pk: int):
    submission = _visible_submission(request, pk)
    is_author = permissions.is_author(user=request.user, submission=submission)
    if not is_author and not permissions.is_editor(
        user=request.user, edition=submission.edition
    ):
        # Reviewers work from the review page, not the authors' view.
        review = (
            submission.reviews.filter(reviewer=request.user).order_by("-pk").first()
        )
        return redirect(review)
    decisions = list(submission.decisions.all())
    shared_reviews = submission.reviews.filter(
        status=Review.Status.SUBMITTED, version__in=[d.version for d in decisions]
    )
    return render(
        request,
        "journal/submission_detail.html",
        {
            "submission": submission,
            "authors": submission.authors.select_related("user"),
            "my_author_row": submission.authors.filter(user=request.user).first(),
            "decisions": decisions,
            "shared_reviews": shared_reviews,
            "events": submission.events.select_related("by"),
            "versions": submission.versions.all(),
            "can_withdraw": is_author and submission.status in WITHDRAWABLE,
            "can_revise": is_author
            and submission.status == Submission.Status.REVISIONS_REQUESTED,
        },
    )


@login_required
@require_POST
def submission_confirm(request, pk: int):
    submission = _visible_submission(request, pk)
    try:
        services.submission_confirm_authorship(submission=submission, by=request.user)
        messages.success(request, "Thank you: you are confirmed as an author.")
    except DomainError as exc:
        _error(request, exc)
    return redirect(submission)


@login_required
def submission_withdraw(request, pk: int):
    submission = _visible_submission(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_withdraw(
                submission=submission,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Your submission has been withdrawn.")
            return redirect(submission)
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/submission_withdraw.html",
        {"submission": submission, "form": form},
    )


@login_required
def submission_revise(request, pk: int):
    submission = _visible_submission(request, pk)
    form = ReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.submission_revise(
                submission=submission, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request, f"Version {version.number} has been sent to the editors."
            )
            return redirect(submission)
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/submission_revise.html",
        {"submission": submission, "form": form},
    )


def _own_review(request, pk: int) -> Review:
    return get_object_or_404(
        Review.objects.filter(reviewer=request.user).select_related(
            "submission__edition"
        ),
        pk=pk,
    )


@login_required
def review_detail(request, pk: int):
    review = _own_review(request, pk)
    version = review.submission.versions.filter(number=review.version).first()
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(review=review, by=request.user, **form.cleaned_data)
            messages.success(
                request, "Thank you: your review has been sent to the editors."
            )
            return redirect(review)
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/review_detail.html",
        {
            "review": review,
            "snapshot": version.snapshot if version else review.submission.snapshot,
            "form": form,
        },
    )


@login_required
def review_decline(request, pk: int):
    review = _own_review(request, pk)
    form = DeclineReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_decline(
                review=review, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, "You have declined this review. The editors have been told."
            )
            return redirect("dashboard")
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request, "journal/review_decline.html", {"review": review, "form": form}
    )
