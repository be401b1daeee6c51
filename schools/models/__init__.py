"""Schools and the people who work in them."""

from .people import Invitation, Staff, User, UserManager
from .schools import School, Subject, remember_served

__all__ = [
    "Invitation",
    "School",
    "Staff",
    "Subject",
    "User",
    "UserManager",
    "remember_served",
]
