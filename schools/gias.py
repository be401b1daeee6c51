"""Reading the Get Information about Schools (GIAS) establishment register.

The register publishes a CSV of every establishment in England ("edubasealldata"),
with its own column headers and, for older downloads, Windows-1252 encoding. Grid
references are British National Grid eastings and northings (OSGB36), converted here
to WGS84 latitude and longitude with the inverse Transverse Mercator projection and a
seven-parameter Helmert transformation: accurate to about 5 metres, well inside what a
"schools near me" search needs, with no extra dependency.
"""

import csv
import datetime
import io
import math
from dataclasses import dataclass, field

from partnership.kernel.errors import DomainError

# --- British National Grid to WGS84 -------------------------------------------------

_AIRY_A, _AIRY_B = 6377563.396, 6356256.909
_F0 = 0.9996012717
_LAT0, _LON0 = math.radians(49), math.radians(-2)
_N0, _E0 = -100000.0, 400000.0
_GRS80_A, _GRS80_B = 6378137.000, 6356752.3141
# OSGB36 -> WGS84 Helmert parameters (metres, ppm, arc-seconds).
_TX, _TY, _TZ = 446.448, -125.157, 542.060
_S = -20.4894e-6
_RX, _RY, _RZ = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))


def _osgb36_latlon(easting: float, northing: float) -> tuple[float, float]:
    a, b = _AIRY_A, _AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    n2, n3 = n * n, n * n * n
    lat, m = _LAT0, 0.0
    while True:
        lat = (northing - _N0 - m) / (a * _F0) + lat
        ma = (1 + n + 5 / 4 * n2 + 5 / 4 * n3) * (lat - _LAT0)
        mb = (
            (3 * n + 3 * n2 + 21 / 8 * n3)
            * math.sin(lat - _LAT0)
            * math.cos(lat + _LAT0)
        )
        mc = (
            (15 / 8 * n2 + 15 / 8 * n3)
            * math.sin(2 * (lat - _LAT0))
            * math.cos(2 * (lat + _LAT0))
        )
        md = 35 / 24 * n3 * math.sin(3 * (lat - _LAT0)) * math.cos(3 * (lat + _LAT0))
        m = b * _F0 * (ma - mb + mc - md)
        if abs(northing - _N0 - m) < 0.00001:
            break
    cos_lat, sin_lat = math.cos(lat), math.sin(lat)
    nu = a * _F0 / math.sqrt(1 - e2 * sin_lat * sin_lat)
    rho = a * _F0 * (1 - e2) / (1 - e2 * sin_lat * sin_lat) ** 1.5
    eta2 = nu / rho - 1
    tan_lat = math.tan(lat)
    t2, t4, t6 = tan_lat**2, tan_lat**4, tan_lat**6
    sec_lat = 1 / cos_lat
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec_lat / nu
    xi = sec_lat / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec_lat / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec_lat / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
    de = easting - _E0
    lat = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon = _LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return lat, lon


def _to_cartesian(lat, lon, a, b):
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (
        nu * math.cos(lat) * math.cos(lon),
        nu * math.cos(lat) * math.sin(lon),
        (1 - e2) * nu * math.sin(lat),
    )


def _from_cartesian(x, y, z, a, b):
    e2 = 1 - (b * b) / (a * a)
    p = math.sqrt(x * x + y * y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """Convert a British National Grid reference to WGS84 (latitude, longitude)."""
    lat, lon = _osgb36_latlon(float(easting), float(northing))
    x1, y1, z1 = _to_cartesian(lat, lon, _AIRY_A, _AIRY_B)
    s1 = _S + 1
    x2 = _TX + x1 * s1 - y1 * _RZ + z1 * _RY
    y2 = _TY + x1 * _RZ + y1 * s1 - z1 * _RX
    z2 = _TZ - x1 * _RY + y1 * _RX + z1 * s1
    lat, lon = _from_cartesian(x2, y2, z2, _GRS80_A, _GRS80_B)
    return round(math.degrees(lat), 6), round(math.degrees(lon), 6)


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in miles."""
    r = 3958.7613
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


# --- The establishment CSV -------------------------------------------------------------

REQUIRED_COLUMNS = ("URN", "EstablishmentName")

PHASES = {
    "nursery": "nursery",
    "primary": "primary",
    "middle deemed primary": "middle",
    "middle deemed secondary": "middle",
    "secondary": "secondary",
    "all-through": "all-through",
    "16 plus": "16-plus",
    "not applicable": "not-applicable",
}
STATUSES = {
    "open": "open",
    "closed": "closed",
    "proposed to open": "proposed-to-open",
    "open, but proposed to close": "proposed-to-close",
}


def decode(raw: bytes) -> str:
    """GIAS files are UTF-8 (sometimes with a BOM) or, for older ones, Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


class RowError(DomainError):
    """A row that cannot be imported, with the reason a person can act on."""


@dataclass
class ParsedSchool:
    urn: int
    fields: dict = field(default_factory=dict)


def _int_or_none(value: str, column: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise RowError(f"{column} is not a number: {value!r}") from exc


def _text(row: dict, column: str, max_length: int) -> str:
    return (row.get(column) or "").strip()[:max_length]


def _name(row: dict) -> str:
    name = (row.get("EstablishmentName") or "").strip()
    if not name:
        raise RowError("EstablishmentName is empty")
    if len(name) > 200:
        raise RowError("EstablishmentName is longer than 200 characters")
    return name


def _status(row: dict) -> str:
    status_text = (row.get("EstablishmentStatus (name)") or "").strip().lower()
    if status_text and status_text not in STATUSES:
        raise RowError(f"unknown EstablishmentStatus: {status_text!r}")
    return STATUSES.get(status_text, "open")


def _location(row: dict) -> dict:
    """Easting and northing as given, and the latitude and longitude they make."""
    easting = _int_or_none(row.get("Easting", ""), "Easting")
    northing = _int_or_none(row.get("Northing", ""), "Northing")
    if (easting is None) != (northing is None):
        raise RowError("Easting and Northing must both be given or both be empty")
    latitude = longitude = None
    if easting is not None and northing is not None:
        if not (0 <= easting <= 700000 and 0 <= northing <= 1300000):
            raise RowError(
                f"grid reference {easting},{northing} is outside Great Britain"
            )
        if easting or northing:
            latitude, longitude = bng_to_wgs84(easting, northing)
    return {
        "easting": easting,
        "northing": northing,
        "latitude": latitude,
        "longitude": longitude,
    }


def _website(row: dict) -> str:
    website = (row.get("SchoolWebsite") or "").strip()
    if website and not website.startswith(("http://", "https://")):
        website = f"https://{website}"
    return website[:200]


def _head_name(row: dict) -> str:
    parts = (
        row.get("HeadTitle (name)") or "",
        row.get("HeadFirstName") or "",
        row.get("HeadLastName") or "",
    )
    return " ".join(
        p.strip()
        for p in parts
        if p and p.strip() and p.strip().lower() != "not applicable"
    )[:200]


NO_RELIGIOUS_CHARACTER = {"does not apply", "none"}


def _religious_character(row: dict) -> str:
    text = _text(row, "ReligiousCharacter (name)", 100)
    return "None" if text.lower() in NO_RELIGIOUS_CHARACTER else text


def _date_or_none(row: dict, column: str) -> datetime.date | None:
    """GIAS writes dates as dd-mm-yyyy."""
    text = (row.get(column) or "").strip()
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, "%d-%m-%Y").date()  # noqa: DTZ007
    except ValueError as exc:
        raise RowError(f"{column} is not a date (dd-mm-yyyy): {text!r}") from exc


def _inspection(row: dict) -> dict:
    return {
        "gender": _text(row, "Gender (name)", 20),
        "religious_character": _religious_character(row),
        "ofsted_rating": _text(row, "OfstedRating (name)", 40),
        "ofsted_date": _date_or_none(row, "OfstedLastInsp"),
    }


def parse_row(row: dict) -> ParsedSchool:
    """Turn one CSV row into School fields, or raise RowError saying why not."""
    urn_text = (row.get("URN") or "").strip()
    if not urn_text.isdigit():
        raise RowError(f"URN is missing or not a number: {urn_text!r}")
    name = _name(row)
    phase_text = (row.get("PhaseOfEducation (name)") or "").strip().lower()
    fields = {
        "name": name,
        "phase": PHASES.get(phase_text, ""),
        "type": _text(row, "TypeOfEstablishment (name)", 120),
        "status": _status(row),
        "local_authority": _text(row, "LA (name)", 100),
        "street": _text(row, "Street", 200),
        "locality": _text(row, "Locality", 200),
        "town": _text(row, "Town", 100),
        "postcode": (row.get("Postcode") or "").strip().upper()[:10],
        **_location(row),
        "website": _website(row),
        "telephone": _text(row, "TelephoneNum", 30),
        "head_name": _head_name(row),
        **_inspection(row),
    }
    for field_name, column in (
        ("statutory_low_age", "StatutoryLowAge"),
        ("statutory_high_age", "StatutoryHighAge"),
        ("number_of_pupils", "NumberOfPupils"),
    ):
        fields[field_name] = _int_or_none(row.get(column, ""), column)
    return ParsedSchool(urn=int(urn_text), fields=fields)


def read_rows(text: str):
    """Yield (line number, row) pairs; the header is line 1."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RowError(
            "this is not a GIAS establishment file: missing column(s) "
            + ", ".join(missing)
        )
    for row in reader:
        yield reader.line_num, row
