from django.apps import AppConfig


class ResearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "research"
    verbose_name = "Action research"

    def ready(self):
        from partnership.kernel.renames import when_renamed
        from research.services import subject_renamed
        from schools.models import Subject

        # A project's search document names its subjects.
        when_renamed(Subject, ("name",), subject_renamed, uid="research-search-subject")
