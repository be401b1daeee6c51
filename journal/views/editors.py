"""The editors' pages: editions, the board, reviewers, decisions, assembly,
compiling, publishing, corrections and the award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from journal import selectors, services
from journal.forms import (
    CorrectionForm,
    DecisionForm,
    EditionCreateForm,
    EditionForm,
    EditorsForm,
    InviteReviewerForm,
    SectionForm,
    WinnerForm,
)
from journal.models import Award, CompileRun, Edition, Submission
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.models import Partnership
from partnership.uploads import attachment_response


def _edition(request, pk: int) -> Edition:
    return get_object_or_404(
        Edition.objects.editable_by(request.user).select_related("partnership"), pk=pk
    )


def _submission(request, pk: int, submission_pk: int) -> tuple[Edition, Submission]:
    edition = _edition(request, pk)
    return edition, get_object_or_404(
        edition.submissions.select_related("project", "section"), pk=submission_pk
    )


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
    chosen = request.POST.get("partnership") or request.GET.get("partnership") or ""
    partnership = (mine.filter(pk=chosen).first() if chosen.isdigit() else None) or (
        mine.first()
    )
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
            "submissions": edition.submissions.order_by("status", "title"),
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


@login_required
def manage_submission(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    return render(
        request,
        "journal/manage_submission.html",
        {
            "edition": edition,
            "submission": submission,
            "reviews": submission.reviews.select_related("reviewer"),
            "invite_form": InviteReviewerForm(
                candidates=selectors.reviewer_candidates(edition)
            ),
            "decision_form": DecisionForm(),
            "events": submission.events.select_related("by"),
            "decisions": submission.decisions.select_related("decided_by"),
            "authors": submission.authors.select_related("user"),
            "can_invite": submission.status
            in (Submission.Status.SUBMITTED, Submission.Status.UNDER_REVIEW),
            "can_decide": submission.status
            in (Submission.Status.SUBMITTED, Submission.Status.UNDER_REVIEW),
        },
    )


@login_required
def review_invite(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    form = InviteReviewerForm(
        request.POST or None, candidates=selectors.reviewer_candidates(edition)
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_invite(
                submission=submission,
                reviewer=form.cleaned_data["reviewer"],
                by=request.user,
                due=form.cleaned_data["due"],
                override_reason=form.cleaned_data["override_reason"],
            )
            messages.success(request, f"{review.reviewer} has been invited to review.")
            return redirect(submission.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/review_invite.html",
        {"edition": edition, "submission": submission, "form": form},
    )


@login_required
def submission_decide(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    form = DecisionForm(request.POST or None)
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
        {"edition": edition, "submission": submission, "form": form},
    )


@login_required
@require_POST
def submission_shortlist(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    wanted = request.POST.get("shortlisted") == "1"
    try:
        services.award_shortlist(
            submission=submission, by=request.user, shortlisted=wanted
        )
        messages.success(
            request, "Added to the shortlist." if wanted else "Taken off the shortlist."
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/journal/manage/")
        else submission.get_manage_url()
    )


@login_required
def assembly(request, pk: int):
    edition = _edition(request, pk)
    articles = list(selectors.compile_articles(edition))
    sections = list(edition.sections.all())
    error = ""
    if request.method == "POST":
        placements = []
        try:
            for article in articles:
                section = request.POST.get(f"section-{article.pk}") or None
                placements.append(
                    (
                        article.pk,
                        int(section) if section else None,
                        int(
                            request.POST.get(f"position-{article.pk}", article.position)
                        ),
                    )
                )
            services.assembly_update(
                edition=edition, by=request.user, placements=placements
            )
            messages.success(request, "The order of the articles has been saved.")
            return redirect("journal:assembly", pk=edition.pk)
        except DomainError as exc:
            error = exc.message
        except ValueError:
            error = "Positions must be whole numbers."
    return render(
        request,
        "journal/assembly.html",
        {
            "edition": edition,
            "articles": articles,
            "sections": sections,
            "section_form": SectionForm(),
            "error": error,
        },
    )


@login_required
@require_POST
def section_new(request, pk: int):
    edition = _edition(request, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_create(
                edition=edition, title=form.cleaned_data["title"], by=request.user
            )
            messages.success(request, "The section has been added.")
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Give the section a name.")
    return redirect("journal:assembly", pk=edition.pk)


@login_required
def preview(request, pk: int):
    edition = _edition(request, pk)
    articles = selectors.compile_articles(edition)
    return render(
        request, "journal/preview.html", {"edition": edition, "articles": articles}
    )


@login_required
@require_POST
def compile_start(request, pk: int):
    edition = _edition(request, pk)
    try:
        run = services.compile_request(edition=edition, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(edition.get_manage_url())
    return redirect(run)


@login_required
def compile_run(request, pk: int, run_pk: int):
    edition = _edition(request, pk)
    run = get_object_or_404(edition.compile_runs, pk=run_pk)
    return render(
        request,
        "journal/compile_run.html",
        {"edition": edition, "run": run, "articles": run.articles.all()},
    )


@login_required
def compile_run_pdf(request, pk: int, run_pk: int):
    edition = _edition(request, pk)
    run = get_object_or_404(
        edition.compile_runs, pk=run_pk, status=CompileRun.Status.SUCCEEDED
    )
    try:
        return attachment_response(
            run.pdf, download_name=f"draft-{edition.year}-run-{run.pk}.pdf", kind="pdf"
        )
    except FileNotFoundError as exc:
        raise Http404("The PDF is missing.") from exc


@login_required
@require_POST
def edition_publish(request, pk: int):
    edition = _edition(request, pk)
    try:
        services.edition_publish(edition=edition, by=request.user)
        messages.success(request, f"{edition.title} is published.")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(edition.get_manage_url())


@login_required
def correction_new(request, pk: int):
    edition = _edition(request, pk)
    form = CorrectionForm(
        request.POST or None,
        articles=edition.submissions.filter(status=Submission.Status.PUBLISHED),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_create(
                edition=edition, by=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                "The correction is recorded. Compile and publish the edition to make it public.",
            )
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request, "journal/correction_form.html", {"edition": edition, "form": form}
    )


@login_required
def award_manage(request, pk: int):
    edition = _edition(request, pk)
    award, _ = Award.objects.get_or_create(edition=edition)
    shortlist = edition.submissions.filter(shortlisted=True)
    form = WinnerForm(
        request.POST or None,
        shortlist=shortlist,
        initial={"submission": award.winner, "citation": award.citation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.award_choose_winner(
                edition=edition, by=request.user, **form.cleaned_data
            )
            messages.success(request, "The winner has been chosen.")
            return redirect("journal:award_manage", pk=edition.pk)
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/award_manage.html",
        {
            "edition": edition,
            "award": award,
            "form": form,
            "candidates": edition.submissions.in_edition().order_by("title"),
        },
    )
