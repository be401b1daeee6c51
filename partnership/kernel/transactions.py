"""Services that run inside their caller's transaction.

A service is one transaction of its own (`transaction.atomic(durable=True)`). When a
service of another part must save its own row in the same transaction (a claim and
the event place it pays for, a recommendation and the finding it comes from), the
owning part offers a `<service>_within` variant that calls `require_transaction`
first, so it is never run on its own by mistake.
"""

from django.db import transaction


def require_transaction(service: str) -> None:
    """Refuse to run `service` outside a transaction the caller holds."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{service} needs the caller's transaction.")
