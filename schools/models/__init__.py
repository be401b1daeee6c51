"""Schools, the people who work in them, and (in later modules) the directory."""

from .directory import (
    CaseStudy,
    EngagementTransition,
    ImpactMeasure,
    Meeting,
    Organisation,
    Recommendation,
    SupportDelegate,
    SupportEngagement,
    SupportOffer,
)
from .people import Invitation, Staff, User, UserManager
from .schools import School, Subject

__all__ = [
    "CaseStudy",
    "EngagementTransition",
    "ImpactMeasure",
    "Meeting",
    "Organisation",
    "Recommendation",
    "SupportDelegate",
    "SupportEngagement",
    "SupportOffer",
    "Invitation",
    "School",
    "Staff",
    "Subject",
    "User",
    "UserManager",
]
