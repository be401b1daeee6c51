"""The one error of compiling."""


class CompileFailed(Exception):
    """The edition could not be compiled; the message says why, for the editor."""
