"""Loading schools from the official GIAS establishment CSV."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools.gias import bng_to_wgs84, distance_miles
from schools.models import School

DATA = Path(__file__).parent / "data" / "gias_southwark_sample.csv"

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("import_gias", *args, stdout=out)
    return out.getvalue()


def test_a_windows_1252_file_is_imported_with_a_report_of_each_row():
    report = _run(str(DATA), "--la", "Southwark")
    assert "Created: 3" in report
    assert "Updated: 0" in report
    # Lambeth is outside --la, and the closed school is skipped by default.
    assert "Skipped: 2" in report
    assert "Rejected: 3" in report
    assert "line 5: URN is missing or not a number: ''" in report
    assert "line 6: Easting is not a number: 'five hundred'" in report
    assert "line 8: EstablishmentName is empty" in report

    school = School.objects.get(urn=100817)
    assert school.name == "St Joseph’s Catholic Primary School – Borough"
    assert school.head_name == "Ms José Núñez"
    assert school.phase == "primary"
    assert school.local_authority == "Southwark"
    albion = School.objects.get(urn=100816)
    assert albion.website == "https://www.albion.southwark.sch.uk"
    assert albion.number_of_pupils == 412
    assert School.objects.get(urn=100823).status == "proposed-to-close"
    assert not School.objects.filter(urn__in=[100818, 100820, 100821]).exists()


def test_a_re_run_updates_by_urn_and_never_duplicates():
    _run(str(DATA), "--la", "Southwark")
    School.objects.filter(urn=100816).update(name="Renamed meanwhile")
    report = _run(str(DATA), "--la", "Southwark")
    assert "Created: 0" in report
    assert "Updated: 3" in report
    assert School.objects.filter(urn=100816).count() == 1
    assert School.objects.get(urn=100816).name == "Albion Primary School"


def test_closed_establishments_are_imported_when_asked():
    _run(str(DATA), "--include-closed")
    assert School.objects.get(urn=100818).status == "closed"
    assert School.objects.filter(urn=100821).exists()


def test_a_utf8_file_with_a_bom_reads_the_same(tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(
        b"\xef\xbb\xbf" + DATA.read_bytes().decode("cp1252").encode("utf-8")
    )
    _run(str(utf8), "--la", "Southwark")
    assert School.objects.get(urn=100817).name.startswith("St Joseph’s")


def test_a_file_that_is_not_a_gias_export_is_refused_whole(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,town\nA school,London\n")
    with pytest.raises(CommandError, match="missing column"):
        _run(str(other))
    assert not School.objects.exists()


def test_easting_and_northing_are_stored_with_their_coordinates():
    _run(str(DATA), "--la", "Southwark")
    albion = School.objects.get(urn=100816)
    assert (albion.easting, albion.northing) == (535224, 179443)
    assert (albion.latitude, albion.longitude) == bng_to_wgs84(535224, 179443)
    # Inside the London Borough of Southwark.
    assert 51.42 < albion.latitude < 51.51
    assert -0.11 < albion.longitude < -0.03


def test_grid_conversion_matches_the_ordnance_survey_worked_example():
    # OS "A guide to coordinate systems in Great Britain": Caister water tower,
    # E 651409.903 N 313177.270 is ETRS89 52°39'28.723"N 1°42'57.787"E.
    lat, lon = bng_to_wgs84(651409.903, 313177.270)
    expected = (52 + 39 / 60 + 28.723 / 3600, 1 + 42 / 60 + 57.787 / 3600)
    assert distance_miles(lat, lon, *expected) * 1609.344 < 10


def test_ofsted_rating_and_date_religious_character_and_gender_are_imported():
    _run(str(DATA), "--la", "Southwark")
    albion = School.objects.get(urn=100816)
    assert albion.ofsted_rating == "Good"
    assert albion.ofsted_date == datetime.date(2023, 3, 14)
    assert albion.religious_character == "None"
    assert albion.gender == "Mixed"
    st_josephs = School.objects.get(urn=100817)
    assert st_josephs.religious_character == "Roman Catholic"
    assert st_josephs.ofsted_rating == "Outstanding"
    assert all(
        s.ofsted_date is None for s in School.objects.exclude(urn__in=[100816, 100817])
    )
