"""The moderation queue's order as an index: drafts first, then the soonest review
(none last), newest first, as `models.recommendations.MODERATION_ORDER` orders it.
PostgreSQL only (SQLite cannot index NULLS LAST): a no-op elsewhere."""

from django.db import migrations

INDEX = (
    'CREATE INDEX IF NOT EXISTS "recommendation_moderation_idx" '
    'ON "schools_recommendation" '
    "((CASE WHEN \"status\" = 'draft' THEN 0 ELSE 1 END), "
    '"review_on" ASC NULLS LAST, "id" DESC)'
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "recommendation_moderation_idx"')


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_school_index_covers_id_and_date")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
