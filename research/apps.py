from django.apps import AppConfig


class ResearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "research"
    verbose_name = "Action research"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from partnership.kernel.renames import when_renamed
        from research.models import Project
        from research.services import project_subjects_changed, subject_renamed
        from schools.models import Subject

        # The subject filter reads each project's own copy of its subject ids.
        m2m_changed.connect(
            project_subjects_changed,
            sender=Project.subjects.through,
            dispatch_uid="research-project-subjects",
        )

        # A project's search document names its subjects.
        when_renamed(Subject, ("name",), subject_renamed, uid="research-search-subject")
