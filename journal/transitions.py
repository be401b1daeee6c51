"""The one table of allowed moves between submission states, and who may make them.

`journal.services` moves submissions only through `submission_move`, which refuses
anything not listed here with `IllegalTransition` and records every move.
"""

from journal.models import Submission

S = Submission.Status
AUTHOR = "author"
EDITOR = "editor"
SYSTEM = "system"

# (from, to) -> the roles that may make the move
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING_AUTHORS, S.SUBMITTED): frozenset({AUTHOR, SYSTEM}),
    (S.AWAITING_AUTHORS, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.SUBMITTED, S.UNDER_REVIEW): frozenset({EDITOR}),
    (S.SUBMITTED, S.DECLINED): frozenset({EDITOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.UNDER_REVIEW, S.ACCEPTED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.REVISIONS_REQUESTED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.DECLINED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.REVISIONS_REQUESTED, S.UNDER_REVIEW): frozenset({AUTHOR}),
    (S.REVISIONS_REQUESTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.ACCEPTED, S.PUBLISHED): frozenset({EDITOR}),
}

# States in which the authors may still withdraw (before a final decision).
WITHDRAWABLE = frozenset(
    source for (source, target) in TRANSITIONS if target == S.WITHDRAWN
)
FINAL = frozenset({S.DECLINED, S.WITHDRAWN, S.PUBLISHED})


def allowed(source: str, target: str, role: str) -> bool:
    return role in TRANSITIONS.get((source, target), frozenset())


def moves_from(source: str) -> list[str]:
    return [target for (s, target) in TRANSITIONS if s == source]
