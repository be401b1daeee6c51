"""The editors' pages: editions, their editors, the board, reviewers and decisions.
(Assembly, compiling, publishing, corrections and the award: `production`.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from journal import permissions, selectors, services
from journal.forms import (
    DecisionForm,
    EditionCreateForm,
    EditionForm,
    EditorsForm,
    InviteReviewerForm,
    PartnershipChoiceForm,
    ReviewerSearchForm,
)
from journal.models import Edition, Submission
from journal.services.decisions import has_completed_review
from journal.views.loading import edition_for_editor as _edition
from journal.views.loading import submission_for_editor as _submission
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.models import Partnership


@login_required
def manage_list(request):
    editions = Edition.objects.editable_by(request.user).select_related("partnership")
    officer_of = Partnership.objects.filter(officers=request.user)
    return render(
        request,
        "journal/manage_list.html",
        {"editions": editions, "officer_of": officer_of},
    )


@login_required
def edition_new(request):
    mine = Partnership.objects.filter(officers=request.user).order_by("name")
    which = PartnershipChoiceForm(
        {"partnership": request.POST.get("partnership")}
        if request.method == "POST"
        else request.GET,
        partnerships=mine,
    )
    chosen = which.cleaned_data["partnership"] if which.is_valid() else None
    partnership = chosen or mine.first()
    if partnership is None:
        raise Http404
    form = EditionCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("cover_image"):
            data.pop("cover_image", None)
        try:
            edition = services.edition_create(
                partnership=partnership,
                by=request.user,
                year=data.pop("year"),
                title=data.pop("title"),
                call_opens=data.pop("call_opens"),
                call_closes=data.pop("call_closes"),
                **data,
            )
            messages.success(request, f"{edition.title} has been created.")
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request, "journal/edition_form.html", {"form": form, "partnership": partnership}
    )


@login_required
def manage_edition(request, pk: int):
    edition = _edition(request, pk)
    return render(
        request,
        "journal/manage_edition.html",
        {
            "edition": edition,
            "board": selectors.editor_board(edition),
            "runs": edition.compile_runs.select_related("requested_by")[:10],
            "accepted": edition.submissions.in_edition().count(),
            "submissions": edition.submissions.listed().order_by("status", "title"),
            "editors": selectors.editors_of(edition),
            "is_officer": request.user.is_superuser
            or edition.partnership.officers.filter(pk=request.user.pk).exists(),
        },
    )


@login_required
def edition_edit(request, pk: int):
    edition = _edition(request, pk)
    form = EditionForm(request.POST or None, request.FILES or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("cover_image") is None:
            data.pop("cover_image")  # unchanged
        elif data["cover_image"] is False:
            data["cover_image"] = ""  # cleared
        try:
            services.edition_update(
                edition=_edition(request, pk), by=request.user, **data
            )
            messages.success(request, "The edition has been saved.")
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request, "journal/edition_form.html", {"form": form, "edition": edition}
    )


@login_required
def edition_editors(request, pk: int):
    edition = _edition(request, pk)
    form = EditorsForm(
        request.POST or None,
        candidates=selectors.partnership_members(edition.partnership).order_by(
            "full_name"
        ),
        initial={"editors": edition.editors.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_set_editors(
                edition=edition, users=form.cleaned_data["editors"], by=request.user
            )
            messages.success(request, "The editors have been saved.")
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request, "journal/edition_editors.html", {"form": form, "edition": edition}
    )


def _reviews_with_workloads(submission: Submission) -> list:
    reviews = list(submission.reviews.select_related("reviewer"))
    loads = selectors.reviewer_workloads({r.reviewer_id for r in reviews})
    for review in reviews:
        review.workload = loads[review.reviewer_id]
    return reviews


@login_required
def manage_submission(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    deciding = submission.status in (
        Submission.Status.SUBMITTED,
        Submission.Status.UNDER_REVIEW,
    )
    return render(
        request,
        "journal/manage_submission.html",
        {
            "edition": edition,
            "submission": submission,
            "reviews": _reviews_with_workloads(submission),
            "events": submission.events.select_related("by"),
            "decisions": submission.decisions.select_related("decided_by"),
            "authors": submission.authors.select_related("user"),
            "can_invite": deciding,
            "can_decide": deciding,
            "can_withdraw_article": submission.status == Submission.Status.PUBLISHED
            and not submission.article_withdrawn_at
            and permissions.is_officer(
                user=request.user, partnership=edition.partnership
            ),
        },
    )


def _picker(request, submission: Submission):
    """The reviewer search (a GET form) and the people it finds, with workloads."""
    search = ReviewerSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    people = list(
        selectors.reviewer_picker(submission, editor=request.user, query=query)[
            : selectors.PICKER_LIMIT
        ]
    )
    ids = [p.pk for p in people]
    loads = selectors.reviewer_workloads(ids)
    schools = selectors.reviewer_schools(ids)
    for person in people:
        person.workload = loads[person.pk]
        person.schools = schools.get(person.pk, "")
    return search, people


@login_required
def review_invite(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    search, people = _picker(request, submission)
    form = InviteReviewerForm(
        request.POST or None,
        candidates=selectors.reviewer_picker(submission, editor=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_invite(
                submission=submission,
                reviewer=form.cleaned_data["reviewer"],
                by=request.user,
                due=form.cleaned_data["due"],
            )
            messages.success(request, f"{review.reviewer} has been invited to review.")
            return redirect(submission.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/review_invite.html",
        {
            "edition": edition,
            "submission": submission,
            "form": form,
            "search": search,
            "people": people,
        },
    )


@login_required
@require_POST
def review_remind(request, pk: int, submission_pk: int, review_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    review = get_object_or_404(submission.reviews, pk=review_pk)
    try:
        if services.review_remind(review=review, by=request.user):
            messages.success(request, f"{review.reviewer} has been reminded.")
        else:
            messages.info(request, f"{review.reviewer} was already reminded today.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(submission.get_manage_url())


@login_required
def submission_decide(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    needs_reason = not has_completed_review(submission)
    form = DecisionForm(request.POST or None, needs_reason=needs_reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_decide(
                submission=submission, by=request.user, **form.cleaned_data
            )
            messages.success(request, "Your decision has been sent to the authors.")
            return redirect(submission.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/submission_decide.html",
        {
            "edition": edition,
            "submission": submission,
            "form": form,
            "needs_reason": needs_reason,
        },
    )
