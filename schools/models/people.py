import secrets
from datetime import timedelta

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone

from .schools import School


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login.

    `is_staff` is Django's flag for the admin site (site administrators); a person's
    roles at schools are `Staff` rows, and partnership officers are listed on the
    partnership.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("site administrator", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # Role helpers: thin wrappers of School.objects.served_by, which many callers use.
    def school_ids(self, role: str | None = None) -> set[int]:
        """The schools this person is on the staff of now (in `role`, if given)."""
        roles = (role,) if role else ("teacher", "headteacher")
        return School.objects.served_ids(self, *roles)

    def headteacher_school_ids(self) -> set[int]:
        return self.school_ids("headteacher")

    @property
    def is_headteacher(self) -> bool:
        if getattr(self, "_served_memo", None) is not None:
            return bool(School.objects.served_ids(self, "headteacher"))
        return School.objects.served_by(self, "headteacher").exists()

    @property
    def is_officer(self) -> bool:
        """An officer of any partnership (with or without member schools yet)."""
        memo = getattr(self, "_served_memo", None)
        if memo is None:
            return self.officer_of.exists()
        if "is_officer" not in memo:
            memo["is_officer"] = self.officer_of.exists()
        return memo["is_officer"]


class Staff(models.Model):
    """A person's role at a school. A person may be staff at several schools."""

    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        HEADTEACHER = "headteacher", "Headteacher"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TEACHER)
    job_title = models.CharField(max_length=120, blank=True)
    joined = models.DateField(default=timezone.localdate)
    left = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "staff"
        ordering = ["school__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"],
                condition=models.Q(left__isnull=True),
                name="one_current_role_per_person_per_school",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.school})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An emailed invitation to join the portal as staff at a school."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        max_length=20, choices=Staff.Role.choices, default=Staff.Role.TEACHER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=_default_expiry)
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.school}"

    @property
    def is_usable(self) -> bool:
        return self.accepted is None and self.expires > timezone.now()
