"""Views of the best-practice directory and support engagements: one import point."""

from .engagements import (
    delegate_remove,
    delegates,
    engagement_detail,
    engagement_move,
    evaluation,
    measure_edit,
    measure_new,
    meeting_new,
    support_request,
)
from .opendata import (
    open_data_csv,
    open_data_json,
    open_data_package,
    open_data_schema,
)
from .recommendations import (
    case_study,
    case_study_file,
    case_study_new,
    detail,
    index,
    moderation,
    offer_edit,
    offer_new,
    publish,
    recommendation_edit,
    recommendation_new,
    withdraw,
)
from .saved_searches import saved_search_delete, saved_searches

__all__ = [
    "case_study",
    "case_study_file",
    "case_study_new",
    "delegate_remove",
    "delegates",
    "detail",
    "engagement_detail",
    "engagement_move",
    "evaluation",
    "index",
    "measure_edit",
    "measure_new",
    "meeting_new",
    "moderation",
    "offer_edit",
    "offer_new",
    "open_data_csv",
    "open_data_json",
    "open_data_package",
    "open_data_schema",
    "publish",
    "saved_search_delete",
    "saved_searches",
    "recommendation_edit",
    "recommendation_new",
    "support_request",
    "withdraw",
]
