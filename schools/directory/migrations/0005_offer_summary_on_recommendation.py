"""Each recommendation keeps what its active support offers are (kinds, free, paid),
so the directory search filters and counts them on its own row (issue 18)."""

from django.db import migrations, models

BATCH = 2000


def summarise_offers(apps, schema_editor):
    """Fill the new columns from the active offers (the services keep them after)."""
    Recommendation = apps.get_model("directory", "Recommendation")
    SupportOffer = apps.get_model("directory", "SupportOffer")
    offers: dict[int, list] = {}
    for rec_id, kind, cost in SupportOffer.objects.filter(is_active=True).values_list(
        "recommendation_id", "kind", "cost"
    ):
        offers.setdefault(rec_id, []).append((kind, cost))
    changed = []
    for rec in Recommendation.objects.filter(pk__in=list(offers)).only("pk"):
        rows = offers[rec.pk]
        kinds = sorted({kind for kind, _ in rows})
        rec.offer_kinds = f",{','.join(kinds)},"
        rec.has_free_offer = any(cost == 0 for _, cost in rows)
        rec.has_paid_offer = any(cost > 0 for _, cost in rows)
        changed.append(rec)
    Recommendation.objects.bulk_update(
        changed, ["offer_kinds", "has_free_offer", "has_paid_offer"], batch_size=BATCH
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_saved_searches"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="has_free_offer",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="has_paid_offer",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="offer_kinds",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(summarise_offers, migrations.RunPython.noop),
    ]
