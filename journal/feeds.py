"""The Atom feed of published editions and their articles (RFC 4287).

Every id is an absolute tag: URI (RFC 4151) that never changes when an edition
is published again, and every link is absolute, built from SITE_URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from journal.models import Article, Edition
from journal.models.submissions import without_snapshot


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _tag(item) -> str:
    """tag:<host>,<first published date>:journal/edition/<pk> (or article)."""
    edition = item if isinstance(item, Edition) else item.run.edition
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    published = edition.first_published or edition.published_at
    kind, key = (
        ("edition", item.pk)
        if isinstance(item, Edition)
        else ("article", item.submission_id)
    )
    return f"tag:{host},{published:%Y-%m-%d}:journal/{kind}/{key}"


class JournalFeed(Feed):
    feed_type = Atom1Feed
    title = "Teacher research journal"
    subtitle = "New editions of the partnership's journal and the articles in them."

    def link(self):
        return _absolute(reverse("journal:index"))

    def feed_url(self):
        return _absolute(reverse("journal:feed"))

    def feed_guid(self):
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},2024-01-01:journal/feed"

    def items(self):
        editions = list(
            Edition.objects.published()
            .select_related("partnership", "published_run")
            .annotate(article_count=Count("published_run__articles"))
            .order_by("-published_at")[:10]
        )
        # Each entry reads its question and authors, not the whole snapshot.
        articles = list(
            without_snapshot(Article.objects.filter(run__published_as__in=editions))
            .select_related("run__edition__partnership")
            .annotate(question=KT("snapshot__research_question"))
            .order_by("-run__edition__published_at", "position")[:200]
        )
        return [*editions, *articles]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if isinstance(item, Edition):
            count = item.article_count
            return (
                f"{count} report{'s' if count != 1 else ''} of teacher action "
                f"research, from {item.partnership.name}."
            )
        return item.question or ""

    def item_link(self, item):
        return _absolute(item.get_absolute_url())

    def item_guid(self, item):
        return _tag(item)

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        edition = item if isinstance(item, Edition) else item.run.edition
        return edition.first_published or edition.published_at

    def item_updateddate(self, item):
        edition = item if isinstance(item, Edition) else item.run.edition
        return edition.published_at

    def item_author_name(self, item):
        if isinstance(item, Edition):
            return item.partnership.name
        return item.author_names or item.run.edition.partnership.name
