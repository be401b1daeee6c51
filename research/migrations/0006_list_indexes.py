from django.db import migrations, models

# What the tag and subject filters ask on PostgreSQL: "the row's array holds this".
ARRAY_INDEXES = {
    "project_tags_gin": "string_to_array(tags, ', ')",
    "project_subject_ids_gin": "string_to_array(subject_ids, ',')",
}


def array_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in ARRAY_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON research_project "
            f"USING gin (({expression}))"
        )


def drop_array_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ARRAY_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('research', '0005_list_columns'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['-updated', '-id'], name='project_list_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('visibility', 'public')), fields=['-updated', '-id'], name='project_public_list_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['phase', 'status'], name='project_phase_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['status'], name='project_status_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['year_started'], name='project_year_started_idx'),
        ),
        migrations.RunPython(array_indexes, drop_array_indexes, elidable=False),
        ]
