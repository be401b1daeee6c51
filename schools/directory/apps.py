from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schools.directory"
    label = "directory"
    verbose_name = "Best-practice directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from partnership.kernel.renames import when_renamed
        from schools.models import School, Subject

        from .models import Organisation, Recommendation
        from .services.index import (
            SEARCHED_NAMES,
            grouping_changed,
            recommendation_deleted,
            school_changed,
            searched_name_changed,
        )

        # Each recommendation keeps its school's searchable columns.
        post_save.connect(
            school_changed, sender=School, dispatch_uid="directory-school"
        )
        # The facet index follows deletions and what it groups by.
        post_delete.connect(
            recommendation_deleted,
            sender=Recommendation,
            dispatch_uid="directory-recommendation-deleted",
        )
        for model in (Organisation, Subject):
            post_save.connect(
                grouping_changed,
                sender=model,
                dispatch_uid=f"directory-{model.__name__}",
            )
        # A recommendation's search text names its school, organisation and subject.
        for model in (School, Organisation, Subject):
            grouping = model.__name__.lower()
            when_renamed(
                model,
                SEARCHED_NAMES[grouping],
                searched_name_changed,
                uid=f"directory-search-{grouping}",
            )
