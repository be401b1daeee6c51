"""The journal's part of each person's professional learning record (registered
with `partnership.events.record` from `JournalConfig.ready`)."""

from django.utils import timezone

from journal.models import Award, Submission


def journal_record(person):
    from partnership.events.record import AWARDS, PUBLICATIONS, RecordItem

    published = (
        Submission.objects.authored_by(person)
        .filter(status=Submission.Status.PUBLISHED)
        .select_related("edition")
    )
    for s in published:
        when = s.edition.published_at or s.edition.first_published
        yield RecordItem(
            PUBLICATIONS,
            s.title,
            timezone.localtime(when).date() if when else None,
            f"Journal {s.edition.year}",
        )
    for award in Award.objects.filter(winner__in=published).select_related("edition"):
        yield RecordItem(
            AWARDS,
            f"{award.name} {award.edition.year}",
            timezone.localtime(award.announced).date() if award.announced else None,
            award.winner.title if award.winner_id else "",
        )
