"""One CSV writer: UTF-8 with a byte-order mark, and no cell a spreadsheet would run."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def safe_cell(value):
    """Text a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return f"'{value}"
    return "" if value is None else value


def write_rows(out, header: Iterable, rows: Iterable[Iterable]) -> None:
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_response(
    filename: str, header: Iterable, rows: Iterable[Iterable]
) -> HttpResponse:
    """A downloadable CSV file of `rows` under `header`, every cell formula-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_rows(response, header, rows)
    return response
