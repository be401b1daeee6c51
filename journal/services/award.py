"""The year's award: a shortlist of accepted articles, and one winner."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from journal.models import Award, Edition, Submission
from partnership.kernel.errors import DomainError

from ._common import S, notify_authors, require_editor


def award_shortlist(*, submission: Submission, by, shortlisted: bool = True) -> None:
    """Editors shortlist accepted or published articles for the award."""
    require_editor(submission.edition, by)
    with transaction.atomic():
        submission = Submission.objects.get(pk=submission.pk)
        if submission.status not in (S.ACCEPTED, S.PUBLISHED):
            raise DomainError("Only accepted articles can be shortlisted.")
        award, _ = Award.objects.get_or_create(edition=submission.edition)
        if not shortlisted and award.winner_id == submission.pk:
            raise DomainError("The winner cannot be taken off the shortlist.")
        Submission.objects.filter(pk=submission.pk).update(shortlisted=shortlisted)


def award_choose_winner(
    *, edition: Edition, submission: Submission, by, citation: str
) -> Award:
    """The winner comes from the shortlist and is announced with a citation."""
    require_editor(edition, by)
    submission = Submission.objects.get(pk=submission.pk)
    if submission.edition_id != edition.pk or not submission.shortlisted:
        raise DomainError("Choose the winner from this edition's shortlist.")
    if not citation.strip():
        raise DomainError("Write a citation saying why it won.")
    with transaction.atomic(durable=True):
        award, _ = Award.objects.select_for_update().get_or_create(edition=edition)
        award.winner = submission
        award.citation = citation.strip()
        award.chosen_by = by
        award.announced = award.announced or timezone.now()
        award.save()
        Edition.objects.filter(pk=edition.pk).update(
            contents_version=F("contents_version") + 1
        )
        notify_authors(
            submission,
            subject=f"{award.name} {edition.year}: your report won",
            body=f"Congratulations: “{submission.title}” won the {award.name} {edition.year}.\n\n{award.citation}",
            event_key=f"journal-award:{edition.pk}:{submission.pk}",
        )
    return award
