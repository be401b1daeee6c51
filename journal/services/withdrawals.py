"""Withdrawing a published edition or article: the page stays, marked withdrawn,
with a public notice and the reason (as OJS and Crossref practice asks)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from journal import permissions
from journal.models import Edition, Submission
from partnership.kernel.errors import DomainError, NotAllowed

from ._common import S, notify_authors


def _require_officer(edition: Edition, by) -> None:
    if not permissions.is_officer(user=by, partnership=edition.partnership):
        raise NotAllowed(
            "Only the partnership's officers can withdraw what is published."
        )


def _check_words(notice: str, reason: str) -> tuple[str, str]:
    if not notice.strip():
        raise DomainError("Write the notice readers will see.", field="notice")
    if not reason.strip():
        raise DomainError("Say why it is withdrawn.", field="reason")
    return notice.strip(), reason.strip()


def edition_withdraw(*, edition: Edition, by, notice: str, reason: str) -> Edition:
    """Withdraw a published edition; its pages stay, marked withdrawn."""
    _require_officer(edition, by)
    notice, reason = _check_words(notice, reason)
    with transaction.atomic(durable=True):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if not edition.is_published:
            raise DomainError("Only a published edition can be withdrawn.")
        if edition.withdrawn_at:
            raise DomainError("This edition is already withdrawn.")
        edition.withdrawn_at = timezone.now()
        edition.withdrawn_by = by
        edition.withdrawal_notice = notice
        edition.withdrawal_reason = reason
        edition.contents_version += 1
        edition.save()
    return edition


def article_withdraw(
    *, submission: Submission, by, notice: str, reason: str
) -> Submission:
    """Withdraw one published article; its page stays, marked withdrawn."""
    edition = submission.edition
    _require_officer(edition, by)
    notice, reason = _check_words(notice, reason)
    with transaction.atomic(durable=True):
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != S.PUBLISHED:
            raise DomainError("Only a published article can be withdrawn.")
        if submission.article_withdrawn_at:
            raise DomainError("This article is already withdrawn.")
        submission.article_withdrawn_at = timezone.now()
        submission.article_withdrawn_by = by
        submission.article_withdrawal_notice = notice
        submission.article_withdrawal_reason = reason
        submission.save(
            update_fields=[
                "article_withdrawn_at",
                "article_withdrawn_by",
                "article_withdrawal_notice",
                "article_withdrawal_reason",
                "updated",
            ]
        )
        Edition.objects.filter(pk=edition.pk).update(
            contents_version=F("contents_version") + 1
        )
        notify_authors(
            submission,
            subject=f"“{submission.title}” has been withdrawn",
            body=f"The officers of {edition.partnership.name} withdrew “{submission.title}” "
            f"from {edition.title}.\n\nNotice: {notice}\n\nReason: {reason}",
            event_key=f"journal-article-withdrawn:{submission.pk}",
        )
    return submission
