from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"
    verbose_name = "Partnerships and notifications"

    def ready(self):
        from partnership.kernel.versions import connect_signals

        connect_signals()
