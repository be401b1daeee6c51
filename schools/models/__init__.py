"""Schools and the people who work in them."""

from .people import Invitation, Staff, User, UserManager
from .places import OutwardCode, Postcode
from .schools import School, Subject

__all__ = [
    "Invitation",
    "OutwardCode",
    "Postcode",
    "School",
    "Staff",
    "Subject",
    "User",
    "UserManager",
]
