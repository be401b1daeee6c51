"""Reading the ONS Postcode Directory (ONSPD), as the ONS publishes it.

The directory is one CSV with its own headers (``pcd``, ``pcd2``, ``pcds``,
``dointr``, ``doterm``, ..., ``lat``, ``long``, ...): about 2.7 million rows, UTF-8 or
(older releases) Windows-1252. ``pcds`` is the postcode as people write it ("SE1
7PB"); ``doterm`` is the year and month the Royal Mail terminated it (``YYYYMM``,
empty while it is live); ``lat``/``long`` are WGS84. A postcode with no grid
reference carries the ONS's placeholder latitude 99.999999: it has no place.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from schools.gias import RowError, decode

__all__ = [
    "ParsedPostcode",
    "RowError",
    "decode",
    "normalise",
    "parse_row",
    "read_rows",
]

REQUIRED_COLUMNS = ("pcds", "doterm", "lat", "long")
NO_PLACE_LATITUDE = 99.0  # the ONS writes 99.999999 when a postcode has no location
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass
class ParsedPostcode:
    postcode: str
    outward_code: str
    latitude: float
    longitude: float
    terminated: datetime.date | None


def normalise(text: str) -> str | None:
    """ "se17pb" -> "SE1 7PB"; None when it is not the shape of a full postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    match = POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def normalise_outward(text: str) -> str | None:
    """ "se1" -> "SE1"; None when it is not the shape of an outward code."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    return compact if OUTWARD.match(compact) else None


def _terminated(text: str) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (len(text) == 6 and text.isdigit()):
        raise RowError(f"doterm is not a year and month (YYYYMM): {text!r}")
    try:
        return datetime.date(int(text[:4]), int(text[4:]), 1)
    except ValueError as exc:
        raise RowError(f"doterm is not a year and month (YYYYMM): {text!r}") from exc


def _coordinate(row: dict, column: str, limit: float) -> float:
    text = (row.get(column) or "").strip()
    try:
        value = float(text)
    except ValueError as exc:
        raise RowError(f"{column} is not a number: {text!r}") from exc
    if not -limit <= value <= limit:
        raise RowError(f"{column} is out of range: {text!r}")
    return value


def parse_row(row: dict) -> ParsedPostcode:
    """One ONSPD row as a postcode with its place, or RowError saying why not."""
    postcode = normalise(row.get("pcds") or "")
    if postcode is None:
        raise RowError(f"pcds is not a postcode: {(row.get('pcds') or '')!r}")
    latitude = _coordinate(row, "lat", 100)
    longitude = _coordinate(row, "long", 180)
    if latitude > NO_PLACE_LATITUDE:
        raise RowError(f"{postcode} has no grid reference (lat {latitude})")
    return ParsedPostcode(
        postcode=postcode,
        outward_code=postcode.split(" ")[0],
        latitude=latitude,
        longitude=longitude,
        terminated=_terminated(row.get("doterm") or ""),
    )


def read_rows(text: str):
    """Yield (line number, row) pairs; the header is line 1."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in fieldnames]
    if missing:
        raise RowError(
            "this is not an ONS Postcode Directory file: missing column(s) "
            + ", ".join(missing)
        )
    reader.fieldnames = fieldnames
    for row in reader:
        yield reader.line_num, row
