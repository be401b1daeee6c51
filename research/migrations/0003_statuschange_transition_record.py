"""Project history uses the shared TransitionRecord: `changed_by` becomes `by`, and a
`note` is added. Every row is kept (a rename, not a copy)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0002_evidence_log_feedback_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="statuschange", old_name="changed_by", new_name="by"
        ),
        migrations.AlterModelOptions(
            name="statuschange",
            options={"ordering": ["at", "pk"]},
        ),
        migrations.AddField(
            model_name="statuschange",
            name="note",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="from_status",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="to_status",
            field=models.CharField(max_length=30),
        ),
    ]
