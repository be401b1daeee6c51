from django.apps import AppConfig


class JournalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journal"
    verbose_name = "The annual journal"

    def ready(self):
        # The learning record (events) must not import the journal: it asks us.
        from partnership.events.record import register

        from .record import journal_record

        register(journal_record)
        # Nothing imports the journal: it adds its yearly article count to the
        # improvement cycle's outcomes page through that app's registry.
        from partnership.improvement.registry import register_counter

        register_counter("journal-articles", label="Journal articles", count=_articles)


def _articles(*, partnership) -> dict[int, int]:
    """Articles in each published edition of the partnership's journal, by year."""
    from django.db.models import Count, F

    from .models import Article

    rows = (
        Article.objects.filter(run__published_as__partnership=partnership)
        .values(year=F("run__published_as__year"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["year"]: row["n"] for row in rows}
