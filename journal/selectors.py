"""Reads of the journal that span models: editors, members, the board, the archive."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from journal.models import (
    Article,
    Edition,
    Review,
    Submission,
    SubmissionAuthor,
)
from schools.models import School, User


def editors_of(edition: Edition) -> QuerySet:
    """The partnership's officers plus the members made editors of this edition."""
    return User.objects.filter(
        Q(officer_of=edition.partnership_id) | Q(journal_editions_edited=edition)
    ).distinct()


def partnership_members(partnership) -> QuerySet:
    """Everyone on the staff of a current member school, and the officers."""
    return User.objects.filter(
        Q(
            staff_roles__left__isnull=True,
            staff_roles__school__memberships__partnership=partnership,
            staff_roles__school__memberships__left__isnull=True,
        )
        | Q(officer_of=partnership),
        is_active=True,
    ).distinct()


def reviewer_candidates(edition: Edition) -> QuerySet:
    return partnership_members(edition.partnership).order_by("full_name")


def compile_articles(edition: Edition) -> list[Submission]:
    """The articles that go into the edition, in assembly order."""
    return list(
        edition.submissions.in_edition()
        .select_related("section")
        .order_by("section__position", "section__pk", "position", "pk")
    )


def published_articles(edition: Edition) -> QuerySet:
    if not edition.published_run_id:
        return Article.objects.none()
    return Article.objects.filter(run_id=edition.published_run_id).order_by("position")


@dataclass
class Board:
    """Who owes what on an edition, for the editors."""

    needs_reviewer: list = field(default_factory=list)
    overdue_reviews: list = field(default_factory=list)
    awaiting_reviews: list = field(default_factory=list)
    awaiting_revisions: list = field(default_factory=list)
    awaiting_coauthors: list = field(default_factory=list)
    ready_for_decision: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _place_on_board(board: Board, sub: Submission, today: date) -> None:
    """Put one submission (and its reviews) where the editors will look for it."""
    S = Submission.Status
    if sub.status == S.AWAITING_AUTHORS:
        missing = [a.user for a in sub.authors.all() if a.confirmed is None]
        board.awaiting_coauthors.append((sub, missing))
    elif sub.status == S.REVISIONS_REQUESTED:
        board.awaiting_revisions.append(sub)
    elif sub.status in (S.SUBMITTED, S.UNDER_REVIEW):
        current = [r for r in sub.reviews.all() if r.version == sub.version]
        live = [
            r
            for r in current
            if r.status in (Review.Status.INVITED, Review.Status.SUBMITTED)
        ]
        if not live:
            board.needs_reviewer.append(sub)
        for review in current:
            if review.status == Review.Status.INVITED:
                late = review.due < today
                (board.overdue_reviews if late else board.awaiting_reviews).append(
                    review
                )
        if live and all(r.status == Review.Status.SUBMITTED for r in live):
            board.ready_for_decision.append(sub)


def editor_board(edition: Edition, today: date | None = None) -> Board:
    today = today or timezone.localdate()
    subs = list(
        edition.submissions.exclude(
            status__in=[Submission.Status.WITHDRAWN, Submission.Status.DECLINED]
        )
        .annotate(
            live_reviews=Count(
                "reviews",
                filter=Q(
                    reviews__status__in=[Review.Status.INVITED, Review.Status.SUBMITTED]
                ),
            )
        )
        .prefetch_related(
            Prefetch(
                "authors",
                queryset=SubmissionAuthor.objects.select_related("user"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
        .order_by("created", "pk")
    )
    board = Board()
    for sub in subs:
        _place_on_board(board, sub, today)
    board.counts = {
        status: sum(1 for s in subs if s.status == status)
        for status in Submission.Status.values
    }
    return board


def archive_search(query: str = "") -> QuerySet:
    """Published articles (latest version of each edition), searchable by the public."""
    rows = Article.objects.filter(run__published_as__isnull=False).select_related(
        "run__edition"
    )
    query = query.strip()
    if query:
        terms = Q()
        for word in query.split()[:8]:
            terms &= (
                Q(title__icontains=word)
                | Q(section_title__icontains=word)
                | Q(snapshot__research_question__icontains=word)
                | Q(snapshot__findings__icontains=word)
                | Q(snapshot__school__name__icontains=word)
                | Q(snapshot__authors__icontains=word)
                | Q(snapshot__tags__icontains=word)
            )
        rows = rows.filter(terms)
    return rows.order_by("-run__edition__year", "position")


def submissions_for_author(user) -> QuerySet:
    return (
        Submission.objects.authored_by(user)
        .select_related("edition")
        .order_by("-created")
    )


def reviews_owed_by(user) -> QuerySet:
    return (
        Review.objects.filter(reviewer=user, status=Review.Status.INVITED)
        .select_related("submission__edition")
        .order_by("due")
    )


def open_calls_for(user) -> QuerySet:
    """Open calls of the partnerships whose member schools this person works at."""
    schools = School.objects.served_by(user, "teacher", "headteacher")
    return (
        Edition.objects.open_for_submissions()
        .filter(
            partnership__memberships__school__in=schools,
            partnership__memberships__left__isnull=True,
        )
        .distinct()
        .select_related("partnership")
    )
