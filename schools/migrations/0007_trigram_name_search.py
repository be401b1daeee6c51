"""Trigram indexes for the schools search (`name/town/postcode icontains`).

Django's icontains on PostgreSQL is `UPPER(col::text) LIKE UPPER('%word%')`, so the
indexes are on that expression. pg_trgm needs a role that may create extensions
(the bench and the compose file use the superuser). PostgreSQL only: a no-op on
SQLite.
"""

from django.db import migrations

COLUMNS = ("name", "town", "postcode")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS schools_school_{column}_trgm "
            f'ON schools_school USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS schools_school_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("schools", "0006_merge_domains_and_postcodes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
