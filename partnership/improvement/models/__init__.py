"""The improvement cycle's records: one import point."""

from .measures import Measure, MeasureValue, OutcomesSettings
from .priorities import Priority, SuccessMeasure
from .reviews import Finding, FocusArea, PeerReview, Reviewer, ReviewRound
from .units import Unit, check_value, unit_suffix

__all__ = [
    "Finding",
    "FocusArea",
    "Measure",
    "MeasureValue",
    "OutcomesSettings",
    "PeerReview",
    "Priority",
    "ReviewRound",
    "Reviewer",
    "SuccessMeasure",
    "Unit",
    "check_value",
    "unit_suffix",
]
