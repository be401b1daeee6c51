from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.states import StateMachine, TransitionRecord
from partnership.models import Membership
from partnership.uploads import RandomUploadPath
from schools.models import School


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects this person may read; anything else is a 404 for them."""
        public = Q(visibility=Project.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        # Each rule is a semi-join on an indexed column (no OR across joins), so the
        # filter stays fast with hundreds of thousands of projects.
        # The team, and anyone invited onto it (they read it to decide whether to join).
        team = Q(lead=user) | Q(
            pk__in=Collaborator.objects.filter(user=user).values("project_id")
        )
        head_or_officer = Q(
            school_id__in=School.objects.served_by(
                user, "headteacher", "officer"
            ).values("pk")
        )
        my_partnerships = Membership.objects.filter(
            left__isnull=True,
            school__in=School.objects.served_by(user, "teacher", "headteacher"),
        ).values("partnership_id")
        member = Q(visibility=Project.Visibility.PARTNERSHIP) & Q(
            school_id__in=Membership.objects.filter(
                left__isnull=True, partnership_id__in=my_partnerships
            ).values("school_id")
        )
        return self.filter(public | team | head_or_officer | member)

    def editable_by(self, user):
        """Projects this person may change: the lead and accepted collaborators."""
        if not user.is_authenticated:
            return self.none()
        # Two small indexed look-ups, then a primary-key filter: an OR across the
        # lead and the collaborator tables makes PostgreSQL scan every project.
        ids = set(self.filter(lead=user).values_list("pk", flat=True))
        ids.update(
            Collaborator.objects.filter(user=user, accepted__isnull=False).values_list(
                "project_id", flat=True
            )
        )
        return self.filter(pk__in=ids)


PHASES = [
    ("early-years", "Early years"),
    ("primary", "Primary"),
    ("secondary", "Secondary"),
    ("post-16", "Post-16"),
    ("special", "Special and alternative provision"),
    ("all-through", "All-through"),
]

# The fields written in Markdown; each is rendered and sanitised into `rendered`.
MARKDOWN_FIELDS = (
    "context",
    "intervention",
    "methods",
    "findings",
    "impact",
    "references",
)


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
    phase = models.CharField(max_length=20, blank=True, choices=PHASES)
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
    # The list's "Year started" filter: the year of `starts`, or of the day the
    # project was recorded when it has no start date. Kept by save(), so the
    # filter is one indexed column PostgreSQL can estimate (not an OR of two).
    year_started = models.PositiveSmallIntegerField(null=True, editable=False)
    # The ids of its subjects as ",3,17,": the subject filter reads one column of
    # the row (an array index on PostgreSQL), which combines with the others in
    # the indexes instead of joining every project of a subject. Kept by
    # `research.services.project_subjects_changed` (m2m_changed of `subjects`).
    subject_ids = models.CharField(
        max_length=1000, blank=True, default="", editable=False
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.TEAM
    )
    rendered = models.JSONField(
        "sanitised HTML of the Markdown fields",
        default=dict,
        blank=True,
        editable=False,
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_gin"),
            # The public search (most searches: every visitor's) reads only public
            # projects: its own, smaller index, with no private match to skip.
            GinIndex(
                fields=["search_vector"],
                name="project_public_search_gin",
                condition=Q(visibility="public"),
            ),
            # The list, newest first: a page walks the index and stops after its
            # rows, instead of sorting every project the filters keep (a visitor's
            # list reads the public projects' own index).
            models.Index(fields=["-updated", "-id"], name="project_list_idx"),
            models.Index(
                fields=["-updated", "-id"],
                name="project_public_list_idx",
                condition=Q(visibility="public"),
            ),
            # The filters, so a rare or empty combination (post-16 drafts started
            # in 2026) is found in the indexes, not by reading every project.
            models.Index(fields=["phase", "status"], name="project_phase_idx"),
            models.Index(fields=["status"], name="project_status_idx"),
            models.Index(fields=["year_started"], name="project_year_started_idx"),
            # Array indexes on the focus tags and subject ids (the tag and subject
            # filters) are made by migration 0006 on PostgreSQL: project_tags_gin,
            # project_subject_ids_gin.
        ]
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

    def save(self, *args, **kwargs):
        recorded = timezone.localtime(self.created) if self.created else None
        started = self.starts or (recorded.date() if recorded else None)
        self.year_started = (started or timezone.localdate()).year
        fields = kwargs.get("update_fields")
        if fields is not None and "starts" in fields:
            kwargs["update_fields"] = {*fields, "year_started"}
        elif (
            fields is None and not self._state.adding and not kwargs.get("force_insert")
        ):
            # `subject_ids` is written only by the subjects' own change
            # (`services.project_subjects_changed`): a project read before its
            # subjects changed must not put the old ones back when saved.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "subject_ids"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("research:detail", kwargs={"slug": self.slug})

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def html(self, name: str) -> str:
        """The sanitised HTML of a Markdown field (rendered by the service on save)."""
        return self.rendered.get(name, "")

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

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

    @property
    def is_accepted(self) -> bool:
        return self.accepted is not None


# From each status, the statuses a project may move to: forward, and back one step.
PROJECT_STATES = StateMachine(
    Project.Status,
    {
        Project.Status.DRAFT: {Project.Status.IN_PROGRESS},
        Project.Status.IN_PROGRESS: {Project.Status.DRAFT, Project.Status.COMPLETED},
        Project.Status.COMPLETED: {Project.Status.IN_PROGRESS},
    },
    noun="the project",
)


class StatusChange(TransitionRecord):
    """One row per change of a project's status, written by the service."""

    subject_field = "project"
    machine = PROJECT_STATES

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta(TransitionRecord.Meta):
        pass

    def __str__(self):
        return f"{self.project}: {self.from_label} to {self.to_label}"


class LogEntry(models.Model):
    """A dated entry in a project's cycle log: plan, act, observe or reflect."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Plan"
        ACT = "act", "Act"
        OBSERVE = "observe", "Observe"
        REFLECT = "reflect", "Reflect"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="log_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField()
    body = models.TextField()
    body_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "log entries"

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d %B %Y}"


class Evidence(models.Model):
    """A file of evidence: stored under a random name, served by a checking view."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=RandomUploadPath("evidence"), max_length=200)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=300, blank=True)
    log_entry = models.ForeignKey(
        "LogEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="The cycle log entry this file was added with, if any.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "research:evidence_download",
            kwargs={"slug": self.project.slug, "pk": self.pk},
        )


class Feedback(models.Model):
    """A comment on a project from a mentor or colleague; the team is notified."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"Feedback from {self.author} on {self.project}"
