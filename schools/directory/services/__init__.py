"""Everything that changes the directory and support engagements: one import point.

One function per rule, keyword-only arguments, one transaction each. Views, admin
actions, the demo and the benchmark call these. Emails go through
`partnership.services.notify`, inside the transaction that makes the event. Reads
are in `selectors`, who may do what in `permissions`.
"""

from ..cache import directory_changed, directory_version
from ..errors import DirectoryError, PermissionDenied
from .case_studies import case_study_add
from .delegates import delegate_add, delegate_remove
from .engagements import (
    engagement_transition,
    evaluation_write,
    measure_add,
    measure_update,
    meeting_record,
    support_request,
    support_request_within,
)
from .index import recommendation_reindex, render_markdown, search_vector_expression
from .offers import OFFER_FIELDS, offer_add, offer_update
from .recommendations import (
    EDITABLE_FIELDS,
    MODERATION,
    RESERVED_SLUGS,
    organisation_create,
    recommendation_create,
    recommendation_create_within,
    recommendation_moderate,
    recommendation_update,
)
from .saved_searches import (
    normalised_query,
    saved_search_create,
    saved_search_delete,
    saved_searches_notify,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MODERATION",
    "OFFER_FIELDS",
    "RESERVED_SLUGS",
    "DirectoryError",
    "PermissionDenied",
    "case_study_add",
    "delegate_add",
    "delegate_remove",
    "directory_changed",
    "directory_version",
    "engagement_transition",
    "evaluation_write",
    "measure_add",
    "measure_update",
    "meeting_record",
    "offer_add",
    "offer_update",
    "organisation_create",
    "recommendation_create",
    "recommendation_create_within",
    "recommendation_moderate",
    "recommendation_reindex",
    "recommendation_update",
    "render_markdown",
    "search_vector_expression",
    "saved_search_create",
    "saved_search_delete",
    "saved_searches_notify",
    "normalised_query",
    "support_request",
    "support_request_within",
]
