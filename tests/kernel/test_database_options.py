"""The web's PostgreSQL connections run without parallel query and without JIT
(both cost a small machine more than they save on a web request)."""

import pytest
from django.db import connection

from tests.fixtures_services import _missing_service

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_connections_have_parallel_query_and_jit_off():
    if connection.vendor != "postgresql":
        _missing_service("connection options are PostgreSQL's (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
