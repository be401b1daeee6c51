"""Postcodes and outward codes, from the ONS Postcode Directory (ONSPD).

Any full postcode or outward code ("SE1") becomes a place to search near. A postcode
keeps the date the Royal Mail terminated it, so "near" can say so instead of
silently using an old place.
"""

from django.db import models


class Postcode(models.Model):
    """One postcode of the ONS Postcode Directory, with its WGS84 location."""

    postcode = models.CharField(max_length=8, unique=True)
    outward_code = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    terminated = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode

    @property
    def is_terminated(self) -> bool:
        return self.terminated is not None


class OutwardCode(models.Model):
    """The centre of an outward code ("SE1"): the mean of its live postcodes."""

    code = models.CharField(max_length=4, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code
