"""One run-once lock for periodic tasks: a second run while one is going does nothing."""

from collections.abc import Callable
from functools import wraps

from django.core.cache import cache


def run_once(name: str, *, timeout: int = 600, default=0) -> Callable:
    """Decorator: run the function only if no other run holds the lock `name`.

    The lock lives in the shared cache (Redis in production) and expires after
    `timeout` seconds, so a killed worker cannot hold it for ever.
    """

    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            key = f"lock:{name}"
            if not cache.add(key, 1, timeout=timeout):
                return default
            try:
                return func(*args, **kwargs)
            finally:
                cache.delete(key)

        return wrapper

    return decorate
