"""The improvement cycle's views: one import point."""

from .home import home
from .measures import measure_create, measure_import, measure_list, measure_values
from .outcomes import (
    outcomes_csv,
    outcomes_json,
    outcomes_page,
    outcomes_school,
    outcomes_settings,
)
from .priorities import (
    measure_add,
    priority_create,
    priority_detail,
    priority_link,
    priority_list,
    priority_outcome,
    priority_request,
    priority_support,
)
from .reviews import (
    finding_priority,
    finding_recommend,
    focus_add,
    report_write,
    review_create,
    review_detail,
    review_share,
    reviewer_assign,
    reviewer_decline,
    reviewer_replace,
    round_create,
    round_detail,
)

__all__ = [
    "finding_priority",
    "finding_recommend",
    "focus_add",
    "home",
    "measure_add",
    "measure_create",
    "measure_import",
    "measure_list",
    "measure_values",
    "outcomes_csv",
    "outcomes_json",
    "outcomes_page",
    "outcomes_school",
    "outcomes_settings",
    "priority_create",
    "priority_detail",
    "priority_link",
    "priority_list",
    "priority_outcome",
    "priority_request",
    "priority_support",
    "report_write",
    "review_create",
    "review_detail",
    "review_share",
    "reviewer_assign",
    "reviewer_decline",
    "reviewer_replace",
    "round_create",
    "round_detail",
]
