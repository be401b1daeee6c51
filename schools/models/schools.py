from django.db import models
from django.urls import reverse

# The roles a person can hold towards a school (see SchoolQuerySet.served_by).
ROLES = ("teacher", "headteacher", "officer")


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=School.Status.CLOSED)

    def members(self):
        """Schools that belong to at least one partnership now."""
        # A semi-join, not a DISTINCT over a join: cheap to count at national scale.
        membership = self.model.memberships.rel.related_model
        return self.filter(
            models.Exists(
                membership.objects.filter(
                    school=models.OuterRef("pk"), left__isnull=True
                )
            )
        )

    def served_by(self, user, *roles: str):
        """The schools this person serves now, in any of `roles`.

        Roles are "teacher" and "headteacher" (a current Staff row, with no leaving
        date) and "officer" (an officer of a partnership the school belongs to now).
        With no roles given, any of them. The one place this question is answered.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = set(roles or ROLES)
        unknown = roles - set(ROLES)
        if unknown:
            raise ValueError(f"Unknown roles: {sorted(unknown)}")
        memo = getattr(user, "_served_memo", None)
        if memo is not None:
            return self.filter(pk__in=self._remembered(memo, user, frozenset(roles)))
        return self.filter(self._served_q(user, roles))

    def served_ids(self, user, *roles: str) -> set[int]:
        """The ids of `served_by(user, *roles)`; no query when remembered."""
        memo = getattr(user, "_served_memo", None)
        if memo is not None and getattr(user, "is_authenticated", False):
            return set(self._remembered(memo, user, frozenset(roles or ROLES)))
        return set(self.served_by(user, *roles).values_list("pk", flat=True))

    def _remembered(self, memo: dict, user, roles: frozenset) -> list[int]:
        """Staff roles in one query, officer schools in one, each once per memo."""
        ids: set[int] = set()
        if roles & {"teacher", "headteacher"}:
            if "staff" not in memo:
                memo["staff"] = list(
                    self.model.staff.rel.related_model.objects.filter(
                        user=user, left__isnull=True
                    ).values_list("school_id", "role")
                )
            ids |= {pk for pk, role in memo["staff"] if role in roles}
        if "officer" in roles:
            if "officer" not in memo:
                memo["officer"] = list(
                    self.model.objects.filter(
                        self._served_q(user, {"officer"})
                    ).values_list("pk", flat=True)
                )
            ids |= set(memo["officer"])
        return sorted(ids)

    def _served_q(self, user, roles) -> models.Q:
        q = models.Q(pk__in=[])
        staff_roles = roles & {"teacher", "headteacher"}
        if staff_roles:
            q |= models.Q(
                models.Exists(
                    self.model.staff.rel.related_model.objects.filter(
                        school=models.OuterRef("pk"),
                        user=user,
                        role__in=staff_roles,
                        left__isnull=True,
                    )
                )
            )
        if "officer" in roles:
            q |= models.Q(
                models.Exists(
                    self.model.memberships.rel.related_model.objects.filter(
                        school=models.OuterRef("pk"),
                        partnership__officers=user,
                        left__isnull=True,
                    )
                )
            )
        return q

    def manageable_by(self, user):
        """Schools whose profile and staff this person manages."""
        if getattr(user, "is_superuser", False) and user.is_authenticated:
            return self
        return self.served_by(user, "headteacher", "officer")


def remember_served(user) -> None:
    """Answer `served_by(user, ...)` once per set of roles for this user object.

    For a page that only reads (the dashboard): request.user lives for one request,
    so the memo does too. Never for a request that changes staff or memberships.
    """
    if getattr(user, "is_authenticated", False):
        user._served_memo = {}


class School(models.Model):
    """An establishment from the Get Information about Schools register."""

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all-through", "All-through"
        SIXTEEN_PLUS = "16-plus", "16 plus"
        NOT_APPLICABLE = "not-applicable", "Not applicable"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PROPOSED_TO_OPEN = "proposed-to-open", "Proposed to open"
        PROPOSED_TO_CLOSE = "proposed-to-close", "Open, but proposed to close"

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    type = models.CharField("type of establishment", max_length=120, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN
    )
    local_authority = models.CharField(max_length=100, blank=True, db_index=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    website = models.URLField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    head_name = models.CharField(
        "headteacher (as registered)", max_length=200, blank=True
    )
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    gender = models.CharField("gender of entry", max_length=20, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    ofsted_rating = models.CharField("Ofsted rating", max_length=40, blank=True)
    ofsted_date = models.DateField("last Ofsted inspection", null=True, blank=True)
    is_teaching_school = models.BooleanField("teaching school", default=False)
    email_domains = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated email domains of the school's staff, "
        "for example riverside.sch.uk. Staff with these addresses may sign up.",
    )
    # A headteacher's change of domains waits here until an officer approves it.
    pending_email_domains = models.CharField(
        "email domains awaiting approval",
        max_length=300,
        blank=True,
        # A database default too: code that predates the field can still add schools.
        db_default="",
    )
    pending_domains_by = models.ForeignKey(
        "schools.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for the pending change of email domains.",
    )
    description = models.TextField(
        "about the school", blank=True, help_text="Shown on the public school page."
    )
    updated = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # "Near": the box and the distance read from the index alone.
            models.Index(
                fields=["latitude", "longitude"],
                include=["id"],
                name="school_place_idx",
            ),
            # The list's order: a broad search ("mary", a big town) walks the names
            # in order and stops after a page, instead of sorting thousands.
            models.Index(fields=["name"], name="school_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:detail", kwargs={"urn": self.urn})

    @property
    def domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.email_domains.split(",")
            if d.strip()
        ]

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in [self.street, self.locality, self.town, self.postcode] if p
        )


class Subject(models.Model):
    """A curriculum subject, used by research, the directory and departments."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
