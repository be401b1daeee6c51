"""One domain error for the whole portal: a message a person can act on."""


class DomainError(Exception):
    """A move the rules do not allow, shown to the person as a message.

    `field` names the form field the message belongs to (None: the whole form).
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError):
    """The person may not do this to this object."""


class IllegalTransition(DomainError):
    """The object cannot move from its status to the one asked for."""
