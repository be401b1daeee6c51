"""Sessions read from the cache and written through to PostgreSQL (`cached_db`), that
carry on from PostgreSQL alone while Redis is down (SESSION_ENGINE with Redis)."""

from django.contrib.sessions.backends import cached_db

from partnership.kernel.cachesafe import Forgiving


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = Forgiving(self._cache)
