"""The best-practice directory and the school-to-school support it leads to.

Recommending organisations recommend a school, a department (a subject at a school)
or a named practitioner; each recommendation carries case studies and support
offers. A school asks an offer for support, and the engagement that follows records
its meetings, its status and its measured impact.
"""

from .engagements import (
    ENGAGEMENT_STATES,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    SupportEngagement,
)
from .recommendations import (
    CaseStudy,
    Organisation,
    Recommendation,
    SupportDelegate,
    SupportOffer,
    who_is,
)
from .saved_searches import SavedSearch

__all__ = [
    "ENGAGEMENT_STATES",
    "CaseStudy",
    "EngagementTransition",
    "ImpactMeasure",
    "Meeting",
    "Organisation",
    "Recommendation",
    "SavedSearch",
    "SupportDelegate",
    "SupportEngagement",
    "SupportOffer",
    "who_is",
]
