"""Schools, the people who work in them, and (in later modules) the directory."""

from .people import Invitation, Staff, User, UserManager
from .schools import School, Subject

__all__ = ["Invitation", "School", "Staff", "Subject", "User", "UserManager"]
