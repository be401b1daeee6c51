from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schools.directory"
    label = "directory"
    verbose_name = "Best-practice directory"

    def ready(self):
        from django.db.models.signals import post_save

        from schools.models import School

        from .services.index import school_changed

        # Each recommendation keeps its school's searchable columns.
        post_save.connect(
            school_changed, sender=School, dispatch_uid="directory-school"
        )
