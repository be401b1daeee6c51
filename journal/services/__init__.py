"""Every change of state in the journal, split by action. Views, admin, tasks and the
demo import from here, the one import point: `from journal import services`.

Services only change state: reads are in `journal.selectors`, who may do what in
`journal.permissions`. Errors are the kernel's DomainError (and its subclasses).
"""

from ._common import ReviewerConflict, submission_move
from .award import award_choose_winner, award_shortlist
from .compiling import (
    MAX_COMPILE_ATTEMPTS,
    compile_request,
    compile_run_execute,
    compile_runs_requeue_stale,
    queue_compile,
)
from .decisions import submission_decide
from .editions import (
    assembly_update,
    edition_create,
    edition_set_editors,
    edition_update,
    section_create,
)
from .publishing import correction_create, edition_publish
from .reminders import reminders_send, review_remind
from .reviews import review_decline, review_invite, review_submit
from .submissions import (
    submission_confirm_authorship,
    submission_create,
    submission_revise,
    submission_withdraw,
)
from .withdrawals import article_withdraw, edition_withdraw

__all__ = [
    "MAX_COMPILE_ATTEMPTS",
    "ReviewerConflict",
    "article_withdraw",
    "assembly_update",
    "award_choose_winner",
    "award_shortlist",
    "compile_request",
    "compile_run_execute",
    "compile_runs_requeue_stale",
    "correction_create",
    "edition_create",
    "edition_publish",
    "edition_set_editors",
    "edition_update",
    "edition_withdraw",
    "queue_compile",
    "reminders_send",
    "review_decline",
    "review_invite",
    "review_remind",
    "review_submit",
    "section_create",
    "submission_confirm_authorship",
    "submission_create",
    "submission_decide",
    "submission_move",
    "submission_revise",
    "submission_withdraw",
]
