"""The editors' production pages: assembly, preview, compiling, publishing,
corrections, the shortlist and the award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from journal import permissions, selectors, services
from journal.forms import (
    CorrectionForm,
    PublishForm,
    SectionForm,
    WinnerForm,
    WithdrawalForm,
)
from journal.models import Award, CompileRun, Submission
from journal.views.loading import edition_for_editor as _edition
from journal.views.loading import submission_for_editor as _submission
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.uploads import attachment_response


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
def compile_run_status(request, pk: int, run_pk: int):
    """The run's progress as JSON, for the compile page's script."""
    edition = _edition(request, pk)
    run = get_object_or_404(edition.compile_runs, pk=run_pk)
    response = JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "stage": run.stage,
            "finished": run.status
            in (CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED),
            "url": run.get_absolute_url(),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def compile_run_pdf(request, pk: int, run_pk: int):
    edition = _edition(request, pk)
    run = get_object_or_404(
        edition.compile_runs, pk=run_pk, status=CompileRun.Status.SUCCEEDED
    )
    return attachment_response(
        run.pdf, download_name=f"draft-{edition.year}-run-{run.pk}.pdf", kind="pdf"
    )


@login_required
def edition_publish(request, pk: int):
    """Says exactly what publishing will do, then publishes on confirmation."""
    edition = _edition(request, pk)
    summary = selectors.publish_summary(edition)
    # A bare "Publish" button (the compile page's) only opens this confirmation.
    answered = request.method == "POST" and "notify" in request.POST
    form = PublishForm(
        request.POST if answered else None,
        initial={"run": summary.run.pk if summary.run else None},
    )
    if answered and form.is_valid():
        run = edition.compile_runs.filter(pk=form.cleaned_data["run"]).first()
        try:
            if run is None:
                raise DomainError("That compile is not this edition's.")
            services.edition_publish(
                edition=edition,
                by=request.user,
                run=run,
                announce=form.cleaned_data["notify"] == "yes",
            )
            messages.success(request, f"{edition.title} is published.")
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/publish_confirm.html",
        {"edition": edition, "summary": summary, "form": form},
    )


@login_required
def edition_withdraw(request, pk: int):
    edition = _edition(request, pk)
    if not permissions.is_officer(user=request.user, partnership=edition.partnership):
        raise Http404
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_withdraw(
                edition=edition,
                by=request.user,
                notice=form.cleaned_data["notice"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"{edition.title} has been withdrawn.")
            return redirect(edition.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/withdraw_confirm.html",
        {"edition": edition, "thing": edition, "form": form, "is_edition": True},
    )


@login_required
def article_withdraw(request, pk: int, submission_pk: int):
    edition, submission = _submission(request, pk, submission_pk)
    if not permissions.is_officer(user=request.user, partnership=edition.partnership):
        raise Http404
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_withdraw(
                submission=submission,
                by=request.user,
                notice=form.cleaned_data["notice"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"“{submission.title}” has been withdrawn.")
            return redirect(submission.get_manage_url())
        except DomainError as exc:
            show_error(form, exc)
    return render(
        request,
        "journal/withdraw_confirm.html",
        {"edition": edition, "thing": submission, "form": form, "is_edition": False},
    )


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
    # Reading the page saves nothing: the award row is made when a winner is chosen.
    award = Award.objects.filter(edition=edition).first() or Award(edition=edition)
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
