"""The annual journal: editions, submissions (frozen snapshots), reviews, compile
runs, the published web edition (articles), corrections and the award.

Every change of state goes through `journal.services`; the allowed moves between
submission states are the one table `SUBMISSION_MOVES` (machine `SUBMISSION_STATES`).
One import point: `from journal.models import ...`.
"""

from .compiling import ARTICLE_VECTOR, Article, Award, CompileRun, Correction
from .editions import RESERVED_SLUGS, Edition, EditionQuerySet, Section
from .reviews import Review, ReviewQuerySet
from .submissions import (
    AUTHOR,
    EDITOR,
    FINAL,
    SUBMISSION_MOVES,
    SUBMISSION_STATES,
    SYSTEM,
    WITHDRAWABLE,
    Decision,
    Submission,
    SubmissionAuthor,
    SubmissionEvent,
    SubmissionQuerySet,
    SubmissionVersion,
)

__all__ = [
    "ARTICLE_VECTOR",
    "AUTHOR",
    "EDITOR",
    "FINAL",
    "RESERVED_SLUGS",
    "SUBMISSION_MOVES",
    "SUBMISSION_STATES",
    "SYSTEM",
    "WITHDRAWABLE",
    "Article",
    "Award",
    "CompileRun",
    "Correction",
    "Decision",
    "Edition",
    "EditionQuerySet",
    "Review",
    "ReviewQuerySet",
    "Section",
    "Submission",
    "SubmissionAuthor",
    "SubmissionEvent",
    "SubmissionQuerySet",
    "SubmissionVersion",
]
