"""Everything that changes the improvement cycle: one import point.

One function per rule, keyword-only arguments, one transaction each; errors are
kernel DomainErrors. Reads are in `selectors`, who may do what in `permissions`.
"""

from .measures import (
    ImportErrors,
    measure_define,
    measure_import_csv,
    measure_value_set,
    outcomes_publish,
)
from .priorities import (
    finding_recommend,
    partnership_organisation,
    priority_create,
    priority_from_finding,
    priority_link,
    priority_outcome_record,
    priority_support_request,
    success_measure_add,
)
from .reminders import call_for_values, remind_priority_reviews, remind_reports
from .reviews import (
    focus_area_add,
    report_write,
    review_add,
    review_share,
    reviewer_assign,
    reviewer_decline,
    reviewer_replace,
    round_open,
)

__all__ = [
    "ImportErrors",
    "call_for_values",
    "finding_recommend",
    "focus_area_add",
    "measure_define",
    "measure_import_csv",
    "measure_value_set",
    "outcomes_publish",
    "partnership_organisation",
    "priority_create",
    "priority_from_finding",
    "priority_link",
    "priority_outcome_record",
    "priority_support_request",
    "remind_priority_reviews",
    "remind_reports",
    "report_write",
    "review_add",
    "review_share",
    "reviewer_assign",
    "reviewer_decline",
    "reviewer_replace",
    "round_open",
    "success_measure_add",
]
