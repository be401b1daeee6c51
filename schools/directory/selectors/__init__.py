"""Reads of the directory: one import point.

`search` is the public search page (with `facets`), `pages` the other pages' reads,
`people` who hears about what.
"""

from .facets import FacetOption
from .near import Origin, bounding_box, find_origin, find_school
from .pages import (
    OPEN_DATA_FIELDS,
    dashboard_section,
    moderation_queue,
    open_data_rows,
    recommendation_impact,
    school_section,
)
from .people import officers_of, support_managers
from .search import PAGE_SIZE, DirectoryResults, directory_search

__all__ = [
    "OPEN_DATA_FIELDS",
    "PAGE_SIZE",
    "DirectoryResults",
    "FacetOption",
    "Origin",
    "bounding_box",
    "dashboard_section",
    "directory_search",
    "find_origin",
    "find_school",
    "moderation_queue",
    "officers_of",
    "open_data_rows",
    "recommendation_impact",
    "school_section",
    "support_managers",
]
