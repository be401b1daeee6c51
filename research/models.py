from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects this person may read; anything else is a 404 for them."""
        public = Q(visibility=Project.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        team = Q(lead=user) | Q(
            collaborators__user=user, collaborators__accepted__isnull=False
        )
        own_school_as_head = Q(
            school__staff__user=user,
            school__staff__role="headteacher",
            school__staff__left__isnull=True,
        )
        officer = Q(
            school__memberships__partnership__officers=user,
            school__memberships__left__isnull=True,
        )
        member = Q(visibility=Project.Visibility.PARTNERSHIP) & Q(
            school__memberships__left__isnull=True,
            school__memberships__partnership__memberships__left__isnull=True,
            school__memberships__partnership__memberships__school__staff__user=user,
            school__memberships__partnership__memberships__school__staff__left__isnull=True,
        )
        ids = self.filter(public | team | own_school_as_head | officer | member).values(
            "pk"
        )
        return self.filter(pk__in=ids)

    def editable_by(self, user):
        """Projects this person may change: the lead and accepted collaborators."""
        if not user.is_authenticated:
            return self.none()
        ids = self.filter(
            Q(lead=user)
            | Q(collaborators__user=user, collaborators__accepted__isnull=False)
        ).values("pk")
        return self.filter(pk__in=ids)


class Project(models.Model):
    """A teacher's action-research enquiry into their own teaching."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"

    class Visibility(models.TextChoices):
        TEAM = "team", "Only the project team"
        PARTNERSHIP = "partnership", "Partnership members"
        PUBLIC = "public", "Everyone (public)"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    research_question = models.CharField(max_length=500)
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="research_projects"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects"
    )
    subjects = models.ManyToManyField(
        "schools.Subject", blank=True, related_name="projects"
    )
    phase = models.CharField(max_length=20, blank=True)
    key_stages = models.CharField(max_length=50, blank=True)
    year_groups = models.CharField(max_length=100, blank=True)
    tags = models.CharField("focus tags", max_length=300, blank=True)
    context = models.TextField("context and rationale", blank=True)
    intervention = models.TextField("what was tried", blank=True)
    methods = models.TextField("methods and evidence gathered", blank=True)
    findings = models.TextField(blank=True)
    impact = models.TextField("impact and next steps", blank=True)
    references = models.TextField(blank=True)
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.TEAM
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True)
                | Q(starts__isnull=True)
                | Q(ends__gte=models.F("starts")),
                name="project_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:detail", kwargs={"slug": self.slug})

    def team(self):
        """The lead and the collaborators who accepted, lead first."""
        people = [self.lead]
        people += [
            c.user
            for c in self.collaborators.filter(accepted__isnull=False).select_related(
                "user"
            )
            if c.user_id != self.lead_id
        ]
        return people


class Collaborator(models.Model):
    """A colleague (from any member school) invited onto a project's team."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="collaborators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="collaborations",
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited = models.DateTimeField(auto_now_add=True)
    accepted = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="one_place_per_team"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.project}"
