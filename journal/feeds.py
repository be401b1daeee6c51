"""The Atom feed of published editions and their articles."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from journal.models import Article, Edition


class JournalFeed(Feed):
    feed_type = Atom1Feed
    title = "Teacher research journal"
    subtitle = "New editions of the partnership's journal and the articles in them."

    def link(self):
        return reverse("journal:index")

    def items(self):
        editions = list(
            Edition.objects.published()
            .select_related("partnership")
            .order_by("-published_at")[:10]
        )
        articles = list(
            Article.objects.filter(run__published_as__in=editions)
            .select_related("run__edition")
            .order_by("-run__edition__published_at", "position")[:200]
        )
        return [*editions, *articles]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if isinstance(item, Edition):
            return f"The {item.year} edition of {item.title}, from {item.partnership.name}."
        return item.snapshot.get("research_question", "")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        edition = item if isinstance(item, Edition) else item.run.edition
        return edition.first_published or edition.published_at

    def item_updateddate(self, item):
        edition = item if isinstance(item, Edition) else item.run.edition
        return edition.published_at

    def item_author_name(self, item):
        if isinstance(item, Edition):
            return item.partnership.name
        return item.author_names
