"""Seed the demo once, then give every browser journey its own fresh copy of it.

`seed_demo` (with its journal compile) is the slow part of a journey's set-up, so
the browser session runs it once, copies every model table aside, and empties the
database again (the tests that follow expect an empty one). Before each journey,
`DemoSnapshot.restore()` empties the model tables and copies the seeded rows back,
ids and all, and sets the id sequences past them. A journey therefore starts from
exactly the freshly seeded demo whatever ran before it, and may change anything.

On PostgreSQL the copy stays in the server (a schema of its own, invisible to
Django's introspection and dropped at the end); elsewhere (SQLite) the rows are
held in memory.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "browser_demo_snapshot"


# Every table name in the SQL below comes from Django's own introspection, quoted.
def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _model_tables() -> list[str]:
    return sorted(
        connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
    )


class DemoSnapshot:
    def __init__(self):
        self.tables = _model_tables()
        self.rows: dict[str, tuple[list[str], list[tuple]]] = {}

    @property
    def _on_server(self) -> bool:
        return connection.vendor == "postgresql"

    def take(self) -> "DemoSnapshot":
        with transaction.atomic(), connection.cursor() as cursor:
            if self._on_server:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
                cursor.execute(f"CREATE SCHEMA {SCHEMA}")
                for table in self.tables:
                    cursor.execute(
                        f"CREATE TABLE {SCHEMA}.{_quote(table)} AS "
                        f"TABLE {_quote(table)}"
                    )
                return self
            for table in self.tables:
                cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608
                columns = [column[0] for column in cursor.description]
                self.rows[table] = (columns, cursor.fetchall())
        return self

    def _empty_tables(self, cursor):
        for sql in connection.ops.sql_flush(
            no_style(), self.tables, reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(sql)

    def _copy_back(self, cursor):
        for table in self.tables:
            if self._on_server:
                cursor.execute(
                    f"INSERT INTO {_quote(table)} "  # noqa: S608
                    f"SELECT * FROM {SCHEMA}.{_quote(table)}"
                )
                continue
            columns, rows = self.rows[table]
            if rows:
                cursor.executemany(
                    f"INSERT INTO {_quote(table)} "  # noqa: S608
                    f"({', '.join(_quote(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )

    def restore(self):
        """Make the database exactly the seeded demo again."""
        with transaction.atomic(), connection.cursor() as cursor:
            self._empty_tables(cursor)
            self._copy_back(cursor)
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        _forget_cached_rows()

    def drop(self):
        if self._on_server:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        self.rows.clear()


def _forget_cached_rows():
    """Content types (and sites) are cached by id in the process: the ids just
    came back from the snapshot, so drop what the cache remembers."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    if apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.models import SiteManager

        SiteManager().clear_cache()
