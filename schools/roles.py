"""What happens when a person's role at a school ends.

Rights that parts above the schools app hand out because of a role (a claim
delegation in budgets, say) must end with the role. Those parts register a function
here from their AppConfig.ready(); `staff_remove` calls each one explicitly, inside
its own transaction, so the role and every right that came with it end together.
The schools app never imports the parts above it.
"""

from collections.abc import Callable

_ON_ROLE_ENDED: list[Callable] = []


def on_role_ended(function: Callable) -> Callable:
    """Register `function(*, school, person)` to run when a person leaves a school."""
    if function not in _ON_ROLE_ENDED:
        _ON_ROLE_ENDED.append(function)
    return function


def role_ended(*, school, person) -> None:
    """Run every registered function for a person who has just left the school."""
    for function in _ON_ROLE_ENDED:
        function(school=school, person=person)
