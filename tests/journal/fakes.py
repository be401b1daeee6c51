"""A finished compile made directly (no PDF rendering), for tests of publishing."""

from django.core.files.base import ContentFile
from django.utils import timezone

from journal.models import Article, CompileRun


def finished_run(edition, subs) -> CompileRun:
    """A succeeded compile run of `edition` holding `subs`, one page each."""
    now = timezone.now()
    run = CompileRun(
        edition=edition,
        status=CompileRun.Status.SUCCEEDED,
        started=now,
        finished=now,
        pages=len(subs) + 2,
        size=1000,
    )
    run.pdf.save("fake.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    run.save()
    for position, sub in enumerate(subs, start=1):
        Article.objects.create(
            run=run,
            submission=sub,
            slug=sub.slug,
            title=sub.title,
            position=position,
            snapshot=sub.snapshot,
            first_page=position + 2,
            last_page=position + 2,
        )
    return run
