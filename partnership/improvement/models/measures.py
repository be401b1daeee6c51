"""Broader measures the partnership values, one value per school per year."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .units import Unit


class Measure(models.Model):
    """What the partnership values beyond test results, e.g. reading for pleasure."""

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    better = models.CharField(max_length=6, choices=Better.choices)
    supplier = models.CharField(
        "who supplies it", max_length=200, help_text="For example the school office."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="measure_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "improvement:measure_list", kwargs={"slug": self.partnership.slug}
        )


class MeasureValue(models.Model):
    """A school's value of a measure for one academic year."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="values"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "school", "year"], name="one_value_a_year"
            )
        ]

    def __str__(self):
        return f"{self.measure} {self.year}: {self.value}"


class OutcomesSettings(models.Model):
    """Which parts of its outcomes page the partnership shows the public."""

    PARTS = (
        ("priorities", "Priorities set and met"),
        ("engagements", "Support completed and its measured change"),
        ("enquiries", "Enquiries completed and published"),
        ("counters", "Journal articles"),
        ("spending", "Money spent by theme"),
        ("measures", "Broader measures"),
    )

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    public_parts = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Outcomes settings of {self.partnership_id}"
