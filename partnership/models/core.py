from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Partnership(models.Model):
    """A group of schools working together, run by partnership officers."""

    class Kind(models.TextChoices):
        LOCAL_AREA = "local-area", "Local area partnership"
        FEDERATION = "federation", "Federation"
        TEACHING_SCHOOL_ALLIANCE = "tsa", "Teaching school alliance"
        ACADEMY_TRUST = "trust", "Academy trust"
        RESEARCH_NETWORK = "research", "Research network"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.LOCAL_AREA
    )
    description = models.TextField(blank=True)
    local_authority = models.CharField(max_length=100, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="officer_of", blank=True
    )
    schools = models.ManyToManyField(
        "schools.School", through="Membership", related_name="partnerships"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:detail", kwargs={"slug": self.slug})

    def current_schools(self):
        """The schools that belong to the partnership now."""
        return self.schools.model.objects.filter(
            memberships__partnership=self, memberships__left__isnull=True
        )


class Membership(models.Model):
    """A school's membership of a partnership, with joining and leaving dates."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="memberships"
    )
    joined = models.DateField(default=timezone.localdate)
    left = models.DateField(null=True, blank=True)
    is_board_member = models.BooleanField(
        "headteacher sits on the board", default=False
    )

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "school"],
                condition=models.Q(left__isnull=True),
                name="one_current_membership_per_school",
            ),
            models.CheckConstraint(
                condition=models.Q(left__isnull=True)
                | models.Q(left__gte=models.F("joined")),
                name="membership_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.school} in {self.partnership}"
