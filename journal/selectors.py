"""Reads of the journal that span models: editors, members, the board, the archive."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
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


def author_school_ids(submission: Submission) -> set[int]:
    """The project's school and every current school of every author."""
    from schools.models import Staff

    return {submission.project.school_id} | set(
        Staff.objects.filter(
            user_id__in=author_ids(submission), left__isnull=True
        ).values_list("school_id", flat=True)
    )


def author_ids(submission: Submission) -> set[int]:
    ids = {a["id"] for a in submission.snapshot.get("authors", []) if a.get("id")}
    return ids | set(submission.authors.values_list("user_id", flat=True))


PICKER_LIMIT = 50


def reviewer_picker(submission: Submission, *, editor, query: str = "") -> QuerySet:
    """Who may be asked to review: members, not the editor, not an author, nobody
    working at an author's school; searched by name, school or subject."""
    people = (
        partnership_members(submission.edition.partnership)
        .exclude(pk=editor.pk)
        .exclude(pk__in=author_ids(submission))
        .exclude(
            staff_roles__school__in=author_school_ids(submission),
            staff_roles__left__isnull=True,
        )
    )
    for word in query.split()[:5]:
        matching = User.objects.filter(
            Q(full_name__icontains=word)
            | Q(
                staff_roles__school__name__icontains=word,
                staff_roles__left__isnull=True,
            )
            | Q(led_projects__subjects__name__icontains=word)
        ).values("pk")
        people = people.filter(pk__in=matching)
    return people.order_by("full_name")


def reviewer_workloads(user_ids) -> dict[int, dict[str, int]]:
    """Per reviewer: open (invited), completed and declined reviews, in all editions."""
    R = Review.Status
    rows = (
        Review.objects.filter(reviewer_id__in=list(user_ids))
        .values("reviewer_id")
        .annotate(
            open=Count("pk", filter=Q(status=R.INVITED)),
            completed=Count("pk", filter=Q(status=R.SUBMITTED)),
            declined=Count("pk", filter=Q(status=R.DECLINED)),
        )
    )
    loads = {pk: {"open": 0, "completed": 0, "declined": 0} for pk in list(user_ids)}
    for row in rows:
        loads[row["reviewer_id"]] = {
            k: row[k] for k in ("open", "completed", "declined")
        }
    return loads


def reviewer_schools(user_ids) -> dict[int, str]:
    """Each person's current schools, as words."""
    from schools.models import Staff

    names: dict[int, list[str]] = {}
    for user_id, school in (
        Staff.objects.filter(user_id__in=list(user_ids), left__isnull=True)
        .order_by("school__name")
        .values_list("user_id", "school__name")
    ):
        names.setdefault(user_id, []).append(school)
    return {pk: ", ".join(v) for pk, v in names.items()}


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
        .defer("snapshot")
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


ARCHIVE_CANDIDATES = 500  # the most rows ranked for one search


def archive_search(query: str = "") -> QuerySet:
    """Published articles (latest version of each edition), searchable by the public.

    PostgreSQL: full-text search on the stored vector, best first, over a bounded
    candidate set; SQLite: every word somewhere in the text.
    """
    rows = (
        Article.objects.filter(run__published_as__isnull=False)
        .select_related("run__edition__partnership")
        .defer("snapshot", "search_vector")
        .annotate(withdrawn_at=F("submission__article_withdrawn_at"))
    )
    query = query.strip()
    if not query:
        return rows.order_by("-run__edition__year", "position")
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        best = (
            rows.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-run__edition__year", "position")
            .values("pk")[:ARCHIVE_CANDIDATES]
        )
        return (
            rows.filter(pk__in=list(best.values_list("pk", flat=True)))
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-run__edition__year", "position")
        )
    terms = Q()
    for word in query.split()[:8]:
        terms &= (
            Q(title__icontains=word)
            | Q(section_title__icontains=word)
            | Q(snapshot__research_question__icontains=word)
            | Q(snapshot__findings__icontains=word)
            | Q(school_name__icontains=word)
            | Q(authors_text__icontains=word)
            | Q(snapshot__tags__icontains=word)
        )
    return rows.filter(terms).order_by("-run__edition__year", "position")


def edition_contents(edition: Edition) -> list[dict]:
    """The contents list: sections of articles, with only the columns it shows."""
    rows = (
        Article.objects.filter(run_id=edition.published_run_id)
        .order_by("position")
        .values_list(
            "slug",
            "title",
            "section_title",
            "authors_text",
            "school_name",
            "first_page",
            "submission__article_withdrawn_at",
        )
    )
    base = edition.get_absolute_url()
    sections: list[dict] = []
    for slug, title, section, authors, school, page, withdrawn in rows:
        if not sections or sections[-1]["title"] != section:
            sections.append({"title": section, "articles": []})
        sections[-1]["articles"].append(
            {
                "url": f"{base}{slug}/",
                "title": title,
                "authors": authors,
                "school": school,
                "page": page,
                "withdrawn": withdrawn is not None,
            }
        )
    return sections


def articles_from_school(school) -> QuerySet:
    """Published articles whose project is at this school (a stored, indexed URN)."""
    return (
        Article.objects.filter(
            run__published_as__isnull=False, submission__school_urn=school.urn
        )
        .select_related("run__edition__partnership")
        .only(
            "slug",
            "title",
            "authors_text",
            "run__edition__year",
            "run__edition__partnership__slug",
        )
        .order_by("-run__edition__year", "position")
    )


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


@dataclass
class PublishSummary:
    """Exactly what publishing will do, for the confirmation page."""

    run: object
    articles: list
    first_time: bool
    members: int
    will_email: int
    open_calls: list
    in_review: list
    problem: str = ""


def publish_summary(edition: Edition) -> PublishSummary:
    from journal.models import CompileRun
    from partnership.models import EmailPreference, Notification

    run = (
        edition.compile_runs.filter(status=CompileRun.Status.SUCCEEDED)
        .order_by("-finished", "-pk")
        .first()
    )
    members = partnership_members(edition.partnership)
    opted_out = EmailPreference.objects.filter(
        user__in=members, kind=Notification.Kind.JOURNAL_PUBLISHED, send_email=False
    ).count()
    member_count = members.count()
    S = Submission.Status
    return PublishSummary(
        run=run,
        articles=list(
            # The run is named so that Django need not read it back for each article.
            run.articles.only("run", "title", "section_title", "position")
            if run
            else []
        ),
        first_time=edition.published_run_id is None,
        members=member_count,
        will_email=member_count - opted_out,
        open_calls=list(
            Edition.objects.open_for_submissions().filter(
                partnership=edition.partnership
            )
        ),
        in_review=list(
            edition.submissions.filter(
                status__in=[
                    S.AWAITING_AUTHORS,
                    S.SUBMITTED,
                    S.UNDER_REVIEW,
                    S.REVISIONS_REQUESTED,
                ]
            ).only("title", "status", "edition_id")
        ),
        problem=""
        if run
        else "There is no finished compile to publish: compile the edition first.",
    )
