"""`manage.py facet_index_rebuild`: write the directory's facet index afresh."""

from django.core.management.base import BaseCommand, CommandError

from schools.directory import facet_index
from schools.directory.services.facet_index import facet_index_rebuild


class Command(BaseCommand):
    help = (
        "Write the directory's facet index (Redis bitmaps) from the database and "
        "make it live. The worker does this hourly and whenever a search finds none."
    )

    def handle(self, *args, **options):
        if not facet_index.enabled():
            raise CommandError(
                "The facet index is off: it needs PostgreSQL, REDIS_URL and "
                "DIRECTORY_FACET_INDEX (see the README's configuration)."
            )
        built = facet_index_rebuild()
        if built is None:
            raise CommandError("Another rebuild is running: try again when it ends.")
        self.stdout.write(
            f"Facet index {built['generation']}: {built['recommendations']} "
            f"recommendations, {built['words']} words."
        )
