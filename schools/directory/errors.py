"""The directory's errors: the kernel's domain errors, in the directory's words."""

from partnership.kernel.errors import DomainError, NotAllowed


class DirectoryError(DomainError):
    """A directory or support rule was broken; the message says which, for people."""


class PermissionDenied(DirectoryError, NotAllowed):
    """The person may not do this to this object."""
