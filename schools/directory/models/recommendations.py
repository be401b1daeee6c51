"""Recommendations of practice: organisations, recommendations, case studies, offers.

Recommending organisations recommend a school, a department (a subject at a school)
or a named practitioner; each recommendation carries case studies and support
offers, which schools ask for (see `engagements`). The tables keep their first
names (`schools_...`): the directory was part of the schools app until issue 11.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.slugs import unique_slug
from partnership.uploads import RandomUploadPath
from schools.models import School


class Organisation(models.Model):
    """A respected body that recommends practice: Ofsted, a subject association..."""

    class Kind(models.TextChoices):
        INSPECTORATE = "inspectorate", "Inspectorate"
        SUBJECT_ASSOCIATION = "subject-association", "Subject association"
        ACADEMY_TRUST = "academy-trust", "Academy trust"
        TEACHING_SCHOOL_HUB = "teaching-school-hub", "Teaching school hub or alliance"
        UNIVERSITY = "university", "University"
        UNION = "union", "Union"
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        NATIONAL_NETWORK = "national-network", "National network"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        db_table = "schools_organisation"
        ordering = ["name"]

    def __str__(self):
        return self.name


# The moderation queue's order: drafts first, then the soonest review, newest first
# (`selectors.pages.moderation_queue`; on PostgreSQL, migration 0009's index).
MODERATION_ORDER = (
    models.Case(
        models.When(status="draft", then=models.Value(0)),
        default=models.Value(1),
    ),
    models.F("review_on").asc(nulls_last=True),
    models.F("id").desc(),
)


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Recommendation.Status.PUBLISHED)

    def moderated_by(self, user):
        """Those of schools in the partnerships this person is an officer of."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            school__in=School.objects.served_by(user, "officer").values("pk")
        )

    def visible_to(self, user):
        """Published ones for everyone; drafts and withdrawn ones for the school's
        staff and its partnerships' officers."""
        if not user.is_authenticated:
            return self.published()
        if user.is_superuser:
            return self
        return self.filter(
            Q(status=Recommendation.Status.PUBLISHED)
            | Q(school__in=School.objects.served_by(user).values("pk"))
        )

    def editable_by(self, user):
        """Officers edit their schools' ones; a headteacher edits their own school's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            school__in=School.objects.served_by(user, "headteacher", "officer").values(
                "pk"
            )
        )


def who_is(
    *, level: str, practitioner_name: str, subject_name: str | None, school_name: str
) -> str:
    """Who a recommendation recommends, as a reader would say it: a practitioner and
    their school, a subject's department and its school, or the school."""
    if level == Recommendation.Level.PRACTITIONER:
        return f"{practitioner_name}, {school_name}"
    if level == Recommendation.Level.DEPARTMENT and subject_name:
        return f"{subject_name} department, {school_name}"
    return school_name


class Recommendation(models.Model):
    """An organisation's recommendation of a school, a department or a practitioner."""

    class Level(models.TextChoices):
        SCHOOL = "school", "Whole school"
        DEPARTMENT = "department", "Department"
        PRACTITIONER = "practitioner", "Practitioner"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    slug = models.SlugField(max_length=220, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="recommendations"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="recommendations"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    subject = models.ForeignKey(
        "schools.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    practitioner_name = models.CharField(max_length=150, blank=True)
    practitioner_consent_on = models.DateField(
        "date the practitioner consented to be named", null=True, blank=True
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    evidence_url = models.URLField("link to the evidence", blank=True)
    recommended_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField("review date", null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Maintained by services.recommendation_reindex, never by save().
    search_document = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # Also kept by recommendation_reindex: what its active support offers are
    # (",training,peer-review,") and whether one is free or paid, so the search
    # filters and counts them on this row, without visiting the offers.
    offer_kinds = models.CharField(max_length=200, blank=True, editable=False)
    has_free_offer = models.BooleanField(default=False, editable=False)
    has_paid_offer = models.BooleanField(default=False, editable=False)
    # Kept from the school (by recommendation_reindex, and when the school is
    # saved): what the search filters and counts by, on the row it filters.
    school_phase = models.CharField(max_length=20, blank=True, editable=False)
    school_type = models.CharField(max_length=120, blank=True, editable=False)
    school_local_authority = models.CharField(
        max_length=100, blank=True, editable=False
    )
    school_gender = models.CharField(max_length=20, blank=True, editable=False)
    school_religious_character = models.CharField(
        max_length=100, blank=True, editable=False
    )
    school_ofsted_rating = models.CharField(max_length=40, blank=True, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        db_table = "schools_recommendation"
        ordering = ["-published_on", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="recommendation_search_idx"),
            models.Index(
                fields=["status", "-published_on", "-id"],
                name="recommendation_listing_idx",
            ),
            models.Index(fields=["status", "subject"], name="recommendation_subj_idx"),
            # A phase narrows a search's words by a bitmap of its own.
            models.Index(
                fields=["status", "school_phase"], name="recommendation_phase_idx"
            ),
            # "Near" reads each school's recommendations' ids and dates from the
            # index alone (no row visited): `selectors.near.circle`.
            models.Index(
                fields=["status", "school"],
                include=["id", "published_on"],
                name="recommendation_school_idx",
            ),
            models.Index(
                fields=["status", "organisation"], name="recommendation_org_idx"
            ),
            # The moderation queue's index (its order, so a page walks it instead
            # of sorting every recommendation) is made by migration 0009 on
            # PostgreSQL only: SQLite cannot index NULLS LAST.
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="department") | Q(subject__isnull=False),
                name="department_recommendation_has_subject",
            ),
            models.CheckConstraint(
                condition=~Q(level="practitioner")
                | (~Q(practitioner_name="") & Q(practitioner_consent_on__isnull=False)),
                name="practitioner_recommendation_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="published_recommendation_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"slug": self.slug})

    @property
    def who(self) -> str:
        """Who is recommended, as a reader would say it."""
        return who_is(
            level=self.level,
            practitioner_name=self.practitioner_name,
            subject_name=self.subject.name if self.subject_id else None,
            school_name=self.school.name,
        )

    @property
    def review_overdue(self) -> bool:
        return bool(self.review_on and self.review_on < timezone.localdate())


class CaseStudy(models.Model):
    """A case study of a recommendation: Markdown body (sanitised HTML) and a file."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="case_studies"
    )
    title = models.CharField(max_length=200)
    # The case study's own address, /directory/case-studies/<slug>/ (never changes).
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(help_text="Markdown.")
    # Rendered from `body` and sanitised with nh3 by the service on every save.
    body_html = models.TextField(editable=False, blank=True)
    file = models.FileField(
        upload_to=RandomUploadPath("case-studies"), blank=True, max_length=200
    )
    file_name = models.CharField(max_length=200, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "schools_casestudy"
        ordering = ["created", "id"]
        verbose_name_plural = "case studies"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(CaseStudy, self.title, max_length=220)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:case_study", kwargs={"slug": self.slug})


class SupportOffer(models.Model):
    """Support a recommended school offers to others, with its capacity and cost."""

    class Kind(models.TextChoices):
        VISIT_COACHING = "visit-coaching", "Visit with follow-up coaching or mentoring"
        SECONDMENT = "secondment", "Short secondment or job-swap"
        JOINT_PLANNING = "joint-planning", "Joint lesson planning"
        MODERATION = "moderation", "Assessment and moderation meetings"
        TRAINING = "training", "Training programme"
        PEER_REVIEW = "peer-review", "Peer review"

    class Format(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        BLENDED = "blended", "In person and online"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="offers"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    capacity = models.PositiveSmallIntegerField(
        help_text="How many schools can be supported at once."
    )
    cost = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text="0 when free; otherwise the price when commissioned, in pounds.",
    )
    cost_note = models.CharField(max_length=200, blank=True)
    format = models.CharField(
        max_length=12, choices=Format.choices, default=Format.IN_PERSON
    )
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    is_active = models.BooleanField("taking requests", default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "schools_supportoffer"
        ordering = ["kind", "id"]
        indexes = [
            models.Index(fields=["recommendation", "is_active", "kind"]),
            # The "support offered" facet groups active offers by kind.
            models.Index(
                fields=["kind", "recommendation"],
                condition=Q(is_active=True),
                name="active_offer_kind_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="support_offer_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="support_offer_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return self.cost == 0


class SupportDelegate(models.Model):
    """A member of staff a headteacher lets request and manage support for a school."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="support_delegates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "schools_supportdelegate"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"], name="one_delegation_per_person_per_school"
            )
        ]

    def __str__(self):
        return f"{self.user} for {self.school}"
