"""One way to declare a state machine and to record its history.

A machine is declared once, beside the model, from its `TextChoices`:

    PROJECT_STATES = StateMachine(Project.Status, {
        Project.Status.DRAFT: {Project.Status.IN_PROGRESS},
        ...
    })

and a service moves an object with `PROJECT_STATES.move(project, to=..., by=user,
history=StatusChange, note="")`, which checks the move, saves the status and writes
one history row. Every history model inherits `TransitionRecord`, so every history
has the same fields: who (`by`), from (`from_status`), to (`to_status`), when (`at`)
and `note`; their labels come from the machine, so people read words, not codes.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models
from django.utils import timezone

from .errors import IllegalTransition


class StateMachine:
    """The statuses an object may move between, and the words for each."""

    def __init__(
        self,
        choices: type[models.TextChoices],
        transitions: Mapping[str, Iterable[str]],
        *,
        field: str = "status",
        noun: str = "it",
    ):
        self.choices = choices
        self.field = field
        self.noun = noun
        self.transitions: dict[str, frozenset[str]] = {
            str(frm): frozenset(str(t) for t in to) for frm, to in transitions.items()
        }
        known = set(choices.values)
        for frm, targets in self.transitions.items():
            unknown = ({frm} | set(targets)) - known
            if unknown:
                raise ValueError(f"Unknown statuses in the machine: {sorted(unknown)}")

    def label(self, status: str) -> str:
        """The words people see for a status ('' for none)."""
        if not status:
            return "new"
        try:
            return str(self.choices(status).label)
        except ValueError:
            return status.replace("-", " ").replace("_", " ")

    def allowed(self, status: str) -> frozenset[str]:
        return self.transitions.get(str(status), frozenset())

    def can_move(self, obj, to: str) -> bool:
        return str(to) in self.allowed(getattr(obj, self.field))

    def check(self, obj, to: str) -> None:
        """Raise IllegalTransition, in words, unless obj may move to `to`."""
        current = getattr(obj, self.field)
        if str(to) not in self.allowed(current):
            raise IllegalTransition(
                f"{self.noun.capitalize()} is {self.label(current).lower()}: it cannot "
                f"be moved to {self.label(to).lower()}."
            )

    def move(
        self,
        obj,
        *,
        to: str,
        by=None,
        history: type["TransitionRecord"] | None = None,
        note: str = "",
        extra: Mapping | None = None,
        update_fields: Iterable[str] = (),
    ):
        """Check the move, set the status, save it and write one history row."""
        self.check(obj, to)
        previous = getattr(obj, self.field)
        setattr(obj, self.field, to)
        obj.save(update_fields=[self.field, *update_fields])
        if history is not None:
            return history.record(
                subject=obj,
                by=by,
                from_status=previous,
                to_status=to,
                note=note,
                **(extra or {}),
            )
        return None


class TransitionRecord(models.Model):
    """Abstract history row: who moved what, from which status to which, when, why.

    A concrete history names its subject's foreign key in `subject_field`.
    """

    subject_field = ""
    machine: StateMachine | None = None

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_label} to {self.to_label}"

    @classmethod
    def record(
        cls, *, subject, by, from_status: str, to_status: str, note: str = "", **extra
    ):
        """Write one history row (services call this, never signals)."""
        return cls.objects.create(
            **{cls.subject_field: subject},
            by=by,
            from_status=from_status or "",
            to_status=to_status,
            note=note,
            **extra,
        )

    @property
    def from_label(self) -> str:
        return (
            self.machine.label(self.from_status) if self.machine else self.from_status
        )

    @property
    def to_label(self) -> str:
        return self.machine.label(self.to_status) if self.machine else self.to_status
