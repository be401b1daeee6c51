from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"
    verbose_name = "Partnerships and notifications"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from partnership.auth import forget_user
        from partnership.kernel.versions import connect_signals

        connect_signals()
        for signal in (post_save, post_delete):
            signal.connect(
                forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="forget_user"
            )
