"""What the OAI-PMH endpoint publishes: the articles of published editions.

Each article is one record, identified by its submission (stable across
corrections and recompiles): `oai:<site host>:journal/<submission id>`. Its
datestamp is when its edition was last published. Sets: one per partnership
(`<partnership slug>`) and one per edition (`<partnership slug>:<year>`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from journal.models import Article, Edition

DATESTAMP = "run__published_as__published_at"


def repository_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def identifier_for(article: Article) -> str:
    return f"oai:{repository_host()}:journal/{article.submission_id}"


def submission_id_from(identifier: str) -> int | None:
    prefix = f"oai:{repository_host()}:journal/"
    tail = identifier.removeprefix(prefix)
    if tail == identifier or not tail.isdigit():
        return None
    return int(tail)


def datestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def published_articles():
    return (
        Article.objects.filter(run__published_as__isnull=False)
        # The record's sets read the published edition; its URL, the run's own
        # edition (the same one): both joined here, not one query per record.
        .select_related("run__published_as__partnership", "run__edition__partnership")
        .order_by(DATESTAMP, "pk")
    )


def earliest_datestamp() -> str:
    first = (
        Edition.objects.published()
        .exclude(published_at=None)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return datestamp(first or datetime(2000, 1, 1, tzinfo=UTC))


def sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every partnership and edition with published articles."""
    found: dict[str, str] = {}
    for edition in (
        Edition.objects.published()
        .select_related("partnership")
        .order_by("partnership__slug", "year")
    ):
        slug = edition.partnership.slug
        found.setdefault(slug, edition.partnership.name)
        found[f"{slug}:{edition.year}"] = f"{edition.title} ({edition.year})"
    return list(found.items())


def select(request):
    """The records a list request asks for (dates, set), oldest first."""
    articles = published_articles()
    if request.since:
        articles = articles.filter(**{f"{DATESTAMP}__gte": request.since})
    if request.until:
        articles = articles.filter(**{f"{DATESTAMP}__lte": request.until})
    if request.set_spec:
        slug, _, year = request.set_spec.partition(":")
        articles = articles.filter(run__published_as__partnership__slug=slug)
        if year:
            articles = articles.filter(
                run__published_as__year=int(year) if year.isdigit() else -1
            )
    return articles


def find(identifier: str) -> Article | None:
    submission_id = submission_id_from(identifier)
    if submission_id is None:
        return None
    return published_articles().filter(submission_id=submission_id).first()
