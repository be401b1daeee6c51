"""Fast bulk loading for the benchmark: PostgreSQL COPY from ordinary model instances.

Instances are built with the models (so every field, including ones a part adds
later, gets its default), then streamed with COPY, which is several times faster than
INSERT. Primary keys are given explicitly so related rows can point at them; the
sequence is moved past them afterwards.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from django.db import connection, models
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone

PLAIN = (
    models.CharField,  # also Slug, Email, URL
    models.TextField,
    models.IntegerField,  # also the positive and small variants, and AutoField
    models.BigIntegerField,
    models.FloatField,
    models.BooleanField,
    models.DateField,  # also DateTimeField without auto_now
    models.ForeignKey,
)


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) + 1 '  # noqa: S608
            f'FROM "{model._meta.db_table}"'
        )
        return cursor.fetchone()[0]


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.generated]


def _or_db_default(value, field: models.Field):
    return field.db_default if isinstance(value, DatabaseDefault) else value


def copy_instances(model: type[models.Model], instances: Iterable[models.Model]) -> int:
    """COPY the instances into the model's table; each must have its pk set."""
    fields = _columns(model)
    table = model._meta.db_table
    columns = ", ".join(f'"{f.column}"' for f in fields)
    now = timezone.now()
    # Plain values are copied as they are; the rest go through the field.
    getters = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            getters.append(lambda instance, now=now: now)
        elif field.has_db_default():
            # A field left to its database default: COPY needs the value itself.
            getters.append(
                lambda instance, field=field: _or_db_default(
                    getattr(instance, field.attname), field
                )
            )
        elif isinstance(field, PLAIN):
            getters.append(operator.attrgetter(field.attname))
        else:
            getters.append(
                lambda instance, field=field: field.get_db_prep_save(
                    field.pre_save(instance, add=True), connection
                )
            )
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        with raw.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:  # noqa: S608
            for instance in instances:
                copy.write_row([get(instance) for get in getters])
                count += 1
    reset_sequence(model)
    return count


def reset_sequence(model: type[models.Model]) -> None:
    pk = model._meta.pk
    if not isinstance(
        pk, models.AutoField | models.BigAutoField | models.SmallAutoField
    ):
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        sql = (
            "SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
            f'GREATEST((SELECT MAX("{pk.column}") FROM "{table}"), 1))'
        )
        cursor.execute(sql, [f'"{table}"', pk.column])
