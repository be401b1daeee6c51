"""On PostgreSQL, the database itself refuses to change or delete a ledger entry.

The model and the admin refuse too; this also stops raw SQL and bulk updates.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION partnership_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The ledger is append-only: add a reversing entry instead.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER partnership_ledger_append_only
    BEFORE UPDATE OR DELETE ON partnership_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION partnership_ledger_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS partnership_ledger_append_only ON partnership_ledgerentry;
DROP FUNCTION IF EXISTS partnership_ledger_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("partnership", "0003_budget")]

    operations = [migrations.RunPython(create, drop)]
