"""Who is signed in, read from the cache on every signed-in page.

Every signed-in request loads its person by id. With a shared cache (USER_CACHE, on
with Redis outside tests), the person's row is kept in the cache, fetched in one
round trip together with their unread-notification count, and dropped whenever the
row is saved or deleted (`forget_user`, connected in `PartnershipConfig.ready`), so
a deactivated account or a changed password takes effect on the next request.
Roles are not on this row: what a person may do is still read from the database.
"""

from allauth.account import auth_backends as allauth_backends
from django.conf import settings
from django.contrib.auth import backends
from django.db import transaction

from partnership.selectors import cache, remember_unread, unread_key

USER_SECONDS = 300


def user_key(user_id) -> str:
    return f"signed-in-user:v1:{user_id}"


def forget_user(sender, instance, **kwargs) -> None:
    """Drop the cached row of a saved or deleted person: now and after the commit."""
    key = user_key(instance.pk)
    cache.delete(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))


class CachedUserMixin:
    def get_user(self, user_id):
        if not settings.USER_CACHE:
            return super().get_user(user_id)
        keys = [user_key(user_id), unread_key(user_id)]
        found = cache.get_many(keys) or {}
        user = found.get(keys[0])
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(keys[0], user, USER_SECONDS)
        elif not self.user_can_authenticate(user):
            return None
        if keys[1] in found:
            remember_unread(user, found[keys[1]])
        return user


class ModelBackend(CachedUserMixin, backends.ModelBackend):
    """Django's backend (email and password), with the person read from the cache."""


class AuthenticationBackend(CachedUserMixin, allauth_backends.AuthenticationBackend):
    """allauth's backend, with the person read from the cache."""
