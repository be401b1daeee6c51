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
