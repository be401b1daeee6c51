"""Loading postcodes from the ONS Postcode Directory CSV as published."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools.models import OutwardCode, Postcode

DATA = Path(__file__).parent / "data" / "onspd_southwark_sample.csv"

pytestmark = pytest.mark.django_db


def _run(path) -> str:
    out = StringIO()
    call_command("import_onspd", str(path), stdout=out)
    return out.getvalue()


def test_the_sample_is_imported_with_a_report_of_rejected_lines():
    report = _run(DATA)
    assert "Created: 9" in report
    assert "Updated: 0" in report
    assert "Rejected: 3" in report
    assert "line 11: GY1 1AA has no grid reference (lat 99.999999)" in report
    assert "line 12: pcds is not a postcode: 'SE1 BAD'" in report
    assert "line 13: lat is not a number: 'fifty-one'" in report
    place = Postcode.objects.get(postcode="SE1 7PB")
    assert (place.outward_code, place.latitude, place.longitude) == (
        "SE1",
        51.500695,
        -0.115017,
    )
    assert place.terminated is None
    assert not Postcode.objects.filter(postcode__in=["GY1 1AA", "SE5 7AA"]).exists()


def test_terminated_postcodes_keep_their_date_and_leave_the_outward_centre():
    _run(DATA)
    assert Postcode.objects.get(postcode="SE1 6ZZ").terminated == datetime.date(
        2012, 5, 1
    )
    se1 = OutwardCode.objects.get(code="SE1")
    # The centre of SE1 is the mean of its three live postcodes, not the terminated one.
    assert se1.postcodes == 3
    assert se1.latitude == pytest.approx((51.500695 + 51.4984 + 51.5047) / 3)
    assert se1.longitude == pytest.approx((-0.115017 - 0.1011 - 0.0865) / 3)
    assert sorted(OutwardCode.objects.values_list("code", flat=True)) == [
        "SE1",
        "SE15",
        "SE16",
        "SE22",
        "SE5",
    ]


def test_a_re_run_updates_by_postcode_and_never_duplicates(tmp_path):
    _run(DATA)
    changed = DATA.read_text().replace("SE1 9SG,199801,,", "SE1 9SG,199801,202403,")
    assert changed != DATA.read_text()
    second = tmp_path / "onspd.csv"
    second.write_text(changed, encoding="cp1252")
    report = _run(second)
    assert "Created: 0" in report
    assert "Updated: 9" in report
    assert Postcode.objects.count() == 9
    assert Postcode.objects.get(postcode="SE1 9SG").terminated == datetime.date(
        2024, 3, 1
    )
    assert OutwardCode.objects.get(code="SE1").postcodes == 2


def test_a_file_without_the_onspd_columns_is_refused_and_nothing_is_written(tmp_path):
    wrong = tmp_path / "gias.csv"
    wrong.write_text("URN,EstablishmentName\n1,School\n")
    with pytest.raises(CommandError, match="missing column\\(s\\) pcds, doterm"):
        _run(wrong)
    assert not Postcode.objects.exists()
