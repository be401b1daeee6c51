"""Case studies get their own address, /directory/case-studies/<slug>/ (issue 16)."""

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    CaseStudy = apps.get_model("directory", "CaseStudy")
    taken = set()
    for study in CaseStudy.objects.order_by("pk"):
        base = slugify(study.title)[:212].strip("-") or "case-study"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        study.slug = slug
        study.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_engagement_transition_record")]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="slug",
            field=models.SlugField(max_length=220, null=True, db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casestudy",
            name="slug",
            field=models.SlugField(max_length=220, unique=True),
        ),
    ]
