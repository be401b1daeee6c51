from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership.improvement"
    label = "improvement"
    verbose_name = "Improvement cycle"
