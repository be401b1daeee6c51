"""Schools and the people who work in them."""

from .people import Invitation, Staff, User, UserManager
from .places import OutwardCode, Postcode
from .schools import School, Subject, remember_served

__all__ = [
    "Invitation",
    "OutwardCode",
    "Postcode",
    "School",
    "Staff",
    "Subject",
    "User",
    "UserManager",
    "remember_served",
]
