"""The journal's object URLs for the security URL walker (tests/security)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.security.url_registry import Private

EDITORS_ONLY = ("teacher", "headteacher", "other_headteacher")
AUTHORS_ONLY = ("headteacher", "other_headteacher")


def _edition(w):
    from tests.journal.factories import EditionFactory

    if "edition" not in w.extra:
        w.extra["edition"] = EditionFactory(partnership=w.partnership, year=2026)
    return w.extra["edition"]


def _project(w):
    from tests.journal.factories import ProjectFactory

    if "project" not in w.extra:
        w.extra["project"] = ProjectFactory(
            school=w.school, lead=w.teacher, slug="walker-project"
        )
    return w.extra["project"]


def _submission(w):
    from tests.journal.factories import make_submission

    if "submission" not in w.extra:
        w.extra["submission"] = make_submission(_edition(w), _project(w))
    return w.extra["submission"]


def _review(w):
    from journal.models import Review

    if "review" not in w.extra:
        # The headteacher plays the reviewer (made directly, past the conflict rule).
        w.extra["review"] = Review.objects.create(
            submission=_submission(w),
            reviewer=w.headteacher,
            version=1,
            invited_by=w.officer,
            due=timezone.localdate() + timedelta(days=7),
        )
    return w.extra["review"]


def _run(w):
    from journal.models import CompileRun

    if "run" not in w.extra:
        run = CompileRun(edition=_edition(w), status=CompileRun.Status.SUCCEEDED)
        run.pdf.save("walker.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        run.save()
        w.extra["run"] = run
    return w.extra["run"]


def _edition_kwargs(w):
    return {"pk": _edition(w).pk}


def _submission_kwargs(w):
    return {"pk": _edition(w).pk, "submission_pk": _submission(w).pk}


def _submission_state(w):
    from journal.models import Review, Submission

    sub = _submission(w)
    return (
        list(
            Submission.objects.filter(pk=sub.pk).values_list(
                "status", "version", "shortlisted"
            )
        ),
        list(
            Review.objects.filter(submission=sub).values_list(
                "status", "recommendation"
            )
        ),
    )


def _edition_state(w):
    from journal.models import CompileRun, Edition

    edition = _edition(w)
    return (
        list(
            Edition.objects.filter(pk=edition.pk).values_list(
                "title", "version", "call_closes"
            )
        ),
        list(edition.editors.values_list("pk", flat=True)),
        list(edition.sections.values_list("title", flat=True)),
        CompileRun.objects.filter(edition=edition).count(),
        edition.corrections.count(),
    )


def _withdrawal_state(w):
    from journal.models import Edition, Submission

    return (
        list(Edition.objects.values_list("pk", "withdrawn_at", "contents_version")),
        list(Submission.objects.values_list("pk", "article_withdrawn_at")),
    )


def _remind_state(w):
    from journal.models import Review
    from partnership.models import Notification

    return (
        list(Review.objects.values_list("pk", "last_reminded")),
        Notification.objects.count(),
    )


def _submit_state(w):
    from journal.models import Submission

    return Submission.objects.filter(project=_project(w)).count()


PRIVATE = {
    "journal:submit_project": Private(
        kwargs=lambda w: {"slug": _project(w).slug},
        refused=("headteacher", "other_headteacher", "officer"),
        methods=("post",),
        state=_submit_state,
    ),
    "journal:submission": Private(
        kwargs=lambda w: {"pk": _submission(w).pk},
        refused=AUTHORS_ONLY,
        state=_submission_state,
    ),
    "journal:submission_confirm": Private(
        kwargs=lambda w: {"pk": _submission(w).pk},
        refused=AUTHORS_ONLY,
        methods=("post",),
        state=_submission_state,
    ),
    "journal:submission_withdraw": Private(
        kwargs=lambda w: {"pk": _submission(w).pk},
        refused=AUTHORS_ONLY,
        state=_submission_state,
    ),
    "journal:submission_revise": Private(
        kwargs=lambda w: {"pk": _submission(w).pk},
        refused=AUTHORS_ONLY,
        state=_submission_state,
    ),
    "journal:review": Private(
        kwargs=lambda w: {"pk": _review(w).pk},
        refused=("teacher", "other_headteacher", "officer"),
        state=_submission_state,
    ),
    "journal:review_decline": Private(
        kwargs=lambda w: {"pk": _review(w).pk},
        refused=("teacher", "other_headteacher", "officer"),
        state=_submission_state,
    ),
    "journal:manage_edition": Private(kwargs=_edition_kwargs, refused=EDITORS_ONLY),
    "journal:edition_edit": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_edition_state
    ),
    "journal:edition_editors": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_edition_state
    ),
    "journal:assembly": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_edition_state
    ),
    "journal:section_new": Private(
        kwargs=_edition_kwargs,
        refused=EDITORS_ONLY,
        methods=("post",),
        state=_edition_state,
    ),
    "journal:preview": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, methods=("get",)
    ),
    "journal:compile": Private(
        kwargs=_edition_kwargs,
        refused=EDITORS_ONLY,
        methods=("post",),
        state=_edition_state,
    ),
    "journal:publish": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_edition_state
    ),
    "journal:edition_withdraw": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_withdrawal_state
    ),
    "journal:article_withdraw": Private(
        kwargs=_submission_kwargs, refused=EDITORS_ONLY, state=_withdrawal_state
    ),
    "journal:review_remind": Private(
        kwargs=lambda w: {**_submission_kwargs(w), "review_pk": _review(w).pk},
        refused=EDITORS_ONLY,
        methods=("post",),
        state=_remind_state,
    ),
    "journal:correction_new": Private(
        kwargs=_edition_kwargs, refused=EDITORS_ONLY, state=_edition_state
    ),
    "journal:award_manage": Private(kwargs=_edition_kwargs, refused=EDITORS_ONLY),
    "journal:manage_run": Private(
        kwargs=lambda w: {"pk": _edition(w).pk, "run_pk": _run(w).pk},
        refused=EDITORS_ONLY,
        methods=("get",),
    ),
    "journal:manage_run_status": Private(
        kwargs=lambda w: {"pk": _edition(w).pk, "run_pk": _run(w).pk},
        refused=EDITORS_ONLY,
        methods=("get",),
    ),
    "journal:manage_run_pdf": Private(
        kwargs=lambda w: {"pk": _edition(w).pk, "run_pk": _run(w).pk},
        refused=EDITORS_ONLY,
        methods=("get",),
    ),
    "journal:manage_submission": Private(
        kwargs=_submission_kwargs, refused=EDITORS_ONLY, methods=("get",)
    ),
    "journal:review_invite": Private(
        kwargs=_submission_kwargs, refused=EDITORS_ONLY, state=_submission_state
    ),
    "journal:decide": Private(
        kwargs=_submission_kwargs, refused=EDITORS_ONLY, state=_submission_state
    ),
    "journal:shortlist": Private(
        kwargs=_submission_kwargs,
        refused=EDITORS_ONLY,
        methods=("post",),
        state=_submission_state,
    ),
}

PUBLIC = {
    "journal:edition": "a published edition (unpublished years are 404)",
    "journal:edition_pdf": "a published edition's PDF",
    "journal:award": "a published edition's award page",
    "journal:article": "a published article (stable, citable address)",
    "journal:edition_by_year": "the older address of a year's editions (redirects)",
    "journal:edition_pdf_by_year": "the older address of a year's PDF (redirects)",
    "journal:award_by_year": "the older address of a year's award (redirects)",
    "journal:article_by_year": "the older address of an article (redirects)",
    "journal:article_pdf": "a published article's own PDF (its galley)",
}
