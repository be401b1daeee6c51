""" "Near": a full postcode, an outward code ("SE1") or a school, and distances.

Places come from the ONS Postcode Directory (`schools.models.Postcode` and
`OutwardCode`, loaded by `manage.py import_onspd`); a member school's own postcode
works too. Distances are computed in the database: a bounding box on the indexed
school latitude and longitude, then the haversine formula in SQL (PostgreSQL and
SQLite alike), so only the rows inside the circle come back, nearest first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from schools import onspd
from schools.models import OutwardCode, Postcode, School

from ..filters import DEFAULT_MILES, NearForm

URN = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only ("²" is a digit to Python)
EARTH_RADIUS_MILES = 3958.7613
MILES_PER_DEGREE_LAT = 69.0


@dataclass
class Origin:
    """Where "near" measures from: a school or a postcode's (or outward code's) place."""

    latitude: float
    longitude: float
    label: str
    miles: int
    school: School | None = None
    is_default: bool = False

    @property
    def url(self) -> str:
        return self.school.get_absolute_url() if self.school else ""

    @property
    def key(self) -> str:
        return f"{self.latitude:.5f},{self.longitude:.5f},{self.miles}"


def _located():
    return School.objects.filter(latitude__isnull=False, longitude__isnull=False)


def find_school(text: str) -> tuple[School | None, list[School]]:
    """A school (with coordinates) by URN, postcode or name; or the candidates."""
    located = _located()
    text = text.strip()
    if URN.match(text):
        return located.filter(urn=int(text)).first(), []
    postcode = onspd.normalise(text)
    if postcode:
        # Schools that share a postcode share a place: any of them is the origin.
        return located.filter(postcode=postcode).order_by("name").first(), []
    exact = list(located.filter(name__iexact=text)[:2])
    if len(exact) == 1:
        return exact[0], []
    matches = list(located.filter(name__icontains=text).order_by("name")[:10])
    if len(matches) == 1:
        return matches[0], []
    return None, matches


def _school_origin(school: School, miles: int, **extra) -> Origin:
    return Origin(
        latitude=school.latitude,
        longitude=school.longitude,
        label=school.name,
        miles=miles,
        school=school,
        **extra,
    )


def _postcode_origin(postcode: str, miles: int) -> tuple[Origin | None, str]:
    """A full postcode: its place, or why not (terminated, or not known at all)."""
    place = Postcode.objects.filter(postcode=postcode).first()
    if place and not place.is_terminated:
        return Origin(place.latitude, place.longitude, postcode, miles), ""
    school, _ = find_school(postcode)
    if school:
        return _school_origin(school, miles), ""
    if place:
        return None, (
            f"The postcode {postcode} is no longer in use (the Royal Mail "
            f"terminated it in {place.terminated:%B %Y}). Try a current postcode, "
            f"or its first half ({place.outward_code})."
        )
    return None, (
        f"We do not know the postcode {postcode}. Check it, or try its first half "
        "(such as SE1) or a school's name."
    )


def find_origin(text: str, miles: int) -> tuple[Origin | None, list[School], str]:
    """What "near" means for this text: an origin, or candidates, or a message."""
    text = text.strip()
    postcode = onspd.normalise(text)
    if postcode:
        origin, message = _postcode_origin(postcode, miles)
        return origin, [], message
    outward = onspd.normalise_outward(text)
    if outward:
        area = OutwardCode.objects.filter(code=outward).first()
        if area:
            return Origin(area.latitude, area.longitude, outward, miles), [], ""
    school, candidates = find_school(text)
    if school:
        return _school_origin(school, miles), [], ""
    if candidates:
        return None, candidates, ""
    return (
        None,
        [],
        (
            f"Nothing matches “{text}”: give a full postcode (such as SE1 7PB), the "
            "first half of one (such as SE1), or a school's name or URN."
        ),
    )


def default_origin(user) -> Origin | None:
    """A signed-in member of staff starts near their own school."""
    if not user.is_authenticated:
        return None
    school = (
        _located()
        .filter(staff__user=user, staff__left__isnull=True)
        .order_by("staff__joined", "pk")
        .first()
    )
    return _school_origin(school, DEFAULT_MILES, is_default=True) if school else None


def resolve_origin(
    params, user, result_messages
) -> tuple[NearForm, Origin | None, list]:
    near_form = NearForm(params)
    near_form.is_valid()
    miles = near_form.cleaned_data.get("miles") or DEFAULT_MILES
    for name in ("near", "miles"):
        for message in near_form.errors.get(name, []):
            result_messages.append((f"#{name}", message))
    text = near_form.cleaned_data.get("near", "")
    if "near" not in params:
        origin = default_origin(user)
        if origin:
            origin.miles = miles
        return near_form, origin, []
    if not text:
        return near_form, None, []
    origin, candidates, message = find_origin(text, miles)
    if message:
        result_messages.append(("#near", message))
    return near_form, origin, candidates


def bounding_box(lat: float, lon: float, miles: float) -> tuple[tuple, tuple]:
    """A box that holds the circle, so the indexed lat/lon columns prefilter it."""
    dlat = miles / MILES_PER_DEGREE_LAT
    dlon = miles / (MILES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def haversine_miles(lat: float, lon: float, lat_field: str, lon_field: str):
    """The great-circle distance from (lat, lon) to two columns, as SQL."""
    half_dlat = (Radians(F(lat_field)) - Value(math.radians(lat))) / 2
    half_dlon = (Radians(F(lon_field)) - Value(math.radians(lon))) / 2
    h = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(
        Radians(F(lat_field))
    ) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_MILES) * ASin(
        Least(Sqrt(h), Value(1.0), output_field=FloatField())
    )


def near(queryset, origin: Origin, *, with_distance: bool = False):
    """The rows whose school is within the radius of the origin: a box on the
    indexed latitude and longitude first, then the exact distance, in SQL. With
    `with_distance`, each row carries its `distance` in miles."""
    lat_range, lon_range = bounding_box(origin.latitude, origin.longitude, origin.miles)
    distance = haversine_miles(
        origin.latitude, origin.longitude, "school__latitude", "school__longitude"
    )
    boxed = queryset.filter(
        school__latitude__range=lat_range, school__longitude__range=lon_range
    )
    boxed = (
        boxed.annotate(distance=distance)
        if with_distance
        else boxed.alias(distance=distance)
    )
    return boxed.filter(distance__lte=origin.miles)


def nearest_first(queryset, origin: Origin):
    """(id, distance) of the rows within the radius, nearest first (lazy: slice it)."""
    return (
        near(queryset, origin, with_distance=True)
        .order_by("distance", "-published_on", "-pk")
        .values_list("pk", "distance")
    )


def circle(queryset, origin: Origin) -> list[tuple[int, float]]:
    """(id, distance) of every row within the radius, nearest first as
    `nearest_first` sorts (then newest, then id): each school's distance once, its
    recommendations' ids and dates from the covering index on (status, school), no
    recommendation row read."""
    rows = nearest_first(queryset.order_by(), origin)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    # Read straight from the cursor: thousands of rows skip the ORM's per-value
    # converters (an int and a float each).
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def map_data(page_results, origin: Origin | None, *, tile_url: str, attribution: str):
    """What the map draws (passed to the page's script through json_script):
    the tiles, the origin and one marker per result on this page
    (`listing.ListedRecommendation`), in list order."""
    markers = [
        {
            "title": rec.title,
            "school": rec.school_name,
            "url": rec.url,
            "lat": rec.latitude,
            "lon": rec.longitude,
            "distance": round(rec.distance, 1) if rec.distance is not None else None,
        }
        for rec in page_results
        if rec.latitude is not None and rec.longitude is not None
    ]
    return {
        "tiles": tile_url,
        "attribution": attribution,
        "origin": {
            "label": origin.label,
            "lat": origin.latitude,
            "lon": origin.longitude,
        }
        if origin
        else None,
        "markers": markers,
    }
