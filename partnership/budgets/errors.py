"""Budget errors: each is a kernel DomainError, with a message for the person who
acted and (where there is one) the form field it belongs to."""

from partnership.kernel.errors import DomainError, IllegalTransition, NotAllowed


class BudgetError(DomainError):
    """A budget rule was broken."""


class NotEnoughMoney(BudgetError):
    """The fund or allocation has not got the money asked for."""


__all__ = [
    "BudgetError",
    "DomainError",
    "IllegalTransition",
    "NotAllowed",
    "NotEnoughMoney",
]
