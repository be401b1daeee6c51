from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schools"
    verbose_name = "Schools and people"

    def ready(self):
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(_joined_on_confirmation, dispatch_uid="schools-join")


def _joined_on_confirmation(sender, request, email_address, **kwargs):
    from schools.services import signup_confirmed

    signup_confirmed(user=email_address.user, email=email_address.email)
