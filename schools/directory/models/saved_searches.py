"""Saved searches: a signed-in person is emailed when a newly published
recommendation matches a search they saved."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class SavedSearch(models.Model):
    """A directory search (its validated, normalised query string) someone follows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_saved_searches",
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=1000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query"], name="saved_search_once_per_person"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("directory:index")
        return f"{url}?{self.query}" if self.query else f"{url}?near="
