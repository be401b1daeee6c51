"""Broader measures: define them, enter a value a year, import a CSV, and which
parts of the outcomes page are public."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction

from partnership.kernel.errors import DomainError, NotAllowed
from schools.models import School, User

from .. import permissions
from ..models import Measure, MeasureValue, OutcomesSettings, Unit, check_value

MAX_IMPORT_LINES = 20000
FIRST_YEAR, LAST_YEAR = 2000, 2100


def measure_define(
    *, partnership, name: str, unit: str, better: str, supplier: str, by: User
) -> Measure:
    """An officer defines a measure: name, unit, which way is better, who supplies it."""
    if not permissions.may_run_round(by, partnership):
        raise NotAllowed("Only the partnership's officers define measures.")
    if unit not in Unit.values:
        raise DomainError("Choose a unit.", field="unit")
    if better not in Measure.Better.values:
        raise DomainError("Say whether higher or lower is better.", field="better")
    if Measure.objects.filter(
        partnership=partnership, name__iexact=name.strip()
    ).exists():
        raise DomainError("There is already a measure with this name.", field="name")
    with transaction.atomic(durable=True):
        return Measure.objects.create(
            partnership=partnership,
            name=name.strip()[:200],
            unit=unit,
            better=better,
            supplier=supplier.strip()[:200],
        )


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}.", field="year"
        )


def measure_value_set(
    *, measure: Measure, school: School, year: int, value: Decimal, by: User
) -> MeasureValue:
    """A member school's headteacher (or an officer) enters the year's value."""
    if not permissions.may_enter_values(by, school.pk):
        raise NotAllowed("Only the school's headteacher or an officer enters values.")
    if not measure.partnership.memberships.filter(school=school).exists():
        raise DomainError(f"{school.name} is not a member school.")
    _check_year(year)
    check_value(value, measure.unit)
    with transaction.atomic(durable=True):
        row, _ = MeasureValue.objects.update_or_create(
            measure=measure,
            school=school,
            year=year,
            defaults={"value": value, "entered_by": by},
        )
    return row


class ImportErrors(DomainError):
    """A CSV with bad lines: every bad line, by number; nothing is saved."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} line(s) could not be read; nothing was saved.")


def _parse_line(n, row, measure, schools) -> tuple | str:
    try:
        urn, year, value = (cell.strip() for cell in row[:3])
    except ValueError:
        return f"Line {n}: expected three columns: URN, year, value."
    school = schools.get(urn)
    if school is None:
        return f"Line {n}: no member school has the URN “{urn[:20]}”."
    try:
        year_n, amount = int(year), Decimal(value)
        _check_year(year_n)
        check_value(amount, measure.unit)
    except (ValueError, InvalidOperation):
        return f"Line {n}: the year and the value must be numbers."
    except DomainError as error:
        return f"Line {n}: {error.message}"
    return (school, year_n, amount)


def measure_import_csv(*, measure: Measure, data: bytes, by: User) -> int:
    """An officer imports URN,year,value lines; any bad line refuses the whole file."""
    if not permissions.may_run_round(by, measure.partnership):
        raise NotAllowed("Only the partnership's officers import measure values.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportErrors(
            ["The file is not UTF-8 text (save it as CSV UTF-8)."]
        ) from error
    rows = list(csv.reader(io.StringIO(text)))
    if rows and rows[0] and not rows[0][0].strip().isdigit():
        rows = [None, *rows[1:]]  # a header line
    if len(rows) > MAX_IMPORT_LINES:
        raise ImportErrors([f"The file has more than {MAX_IMPORT_LINES} lines."])
    schools = {
        str(s.urn): s
        for s in School.objects.filter(
            memberships__partnership=measure.partnership
        ).distinct()
    }
    parsed, errors = [], []
    for n, row in enumerate(rows, start=1):
        if row is None or not any(cell.strip() for cell in row):
            continue
        result = _parse_line(n, row, measure, schools)
        (errors.append if isinstance(result, str) else parsed.append)(result)
    if errors:
        raise ImportErrors(errors)
    if not parsed:
        raise ImportErrors(["The file has no values."])
    with transaction.atomic(durable=True):
        for school, year, value in parsed:
            MeasureValue.objects.update_or_create(
                measure=measure,
                school=school,
                year=year,
                defaults={"value": value, "entered_by": by},
            )
    return len(parsed)


def outcomes_publish(*, partnership, parts: list[str], by: User) -> OutcomesSettings:
    """An officer chooses which parts of the outcomes page everyone may see."""
    if not permissions.may_run_round(by, partnership):
        raise NotAllowed("Only the partnership's officers choose what is public.")
    known = {key for key, _ in OutcomesSettings.PARTS}
    if set(parts) - known:
        raise DomainError("Choose parts from the list.", field="parts")
    with transaction.atomic(durable=True):
        row, _ = OutcomesSettings.objects.update_or_create(
            partnership=partnership, defaults={"public_parts": sorted(parts)}
        )
    return row
