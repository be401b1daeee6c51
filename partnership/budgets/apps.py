from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership.budgets"
    label = "budgets"
    verbose_name = "Budgets"

    def ready(self):
        from . import signals

        signals.connect()
