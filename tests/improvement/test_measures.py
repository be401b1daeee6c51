"""Broader measures: values by school and year, and the CSV import with line numbers."""

from decimal import Decimal

import pytest

from partnership.improvement import services
from partnership.improvement.models import MeasureValue
from partnership.kernel.errors import DomainError, NotAllowed

from .factories import measure_for

pytestmark = pytest.mark.django_db


def test_a_head_enters_a_value_for_their_school_only(
    partnership, officer, school, other_school, headteacher
):
    measure = measure_for(partnership=partnership, officer=officer)
    services.measure_value_set(
        measure=measure, school=school, year=2024, value=Decimal(55), by=headteacher
    )
    with pytest.raises(NotAllowed):
        services.measure_value_set(
            measure=measure,
            school=other_school,
            year=2024,
            value=Decimal(1),
            by=headteacher,
        )
    assert list(MeasureValue.objects.values_list("school_id", "value")) == [
        (school.pk, Decimal(55))
    ]


def test_a_value_in_the_wrong_unit_is_refused_and_the_old_one_kept(
    partnership, officer, school, headteacher
):
    measure = measure_for(partnership=partnership, officer=officer)
    services.measure_value_set(
        measure=measure, school=school, year=2024, value=Decimal(55), by=headteacher
    )
    with pytest.raises(DomainError, match="0 to 100"):
        services.measure_value_set(
            measure=measure,
            school=school,
            year=2024,
            value=Decimal(155),
            by=headteacher,
        )
    assert MeasureValue.objects.get().value == Decimal(55)


def test_only_officers_define_measures(partnership, headteacher):
    with pytest.raises(NotAllowed):
        measure_for(partnership=partnership, officer=headteacher)


def test_a_good_csv_is_imported(partnership, officer, school, other_school):
    measure = measure_for(partnership=partnership, officer=officer)
    data = f"URN,Year,Value\n{school.urn},2023,41\n{other_school.urn},2023,57.5\n"
    assert (
        services.measure_import_csv(measure=measure, data=data.encode(), by=officer)
        == 2
    )
    assert MeasureValue.objects.count() == 2


def test_a_csv_with_bad_lines_names_each_line_and_saves_nothing(
    partnership, officer, school
):
    measure = measure_for(partnership=partnership, officer=officer)
    data = (
        "URN,Year,Value\n"
        f"{school.urn},2023,41\n"
        "123,2023,10\n"
        f"{school.urn},2024,140\n"
        f"{school.urn},twenty,4\n"
        "just one cell\n"
    )
    with pytest.raises(services.ImportErrors) as caught:
        services.measure_import_csv(measure=measure, data=data.encode(), by=officer)
    errors = caught.value.errors
    assert [e.split(":")[0] for e in errors] == ["Line 3", "Line 4", "Line 5", "Line 6"]
    assert "no member school" in errors[0]
    assert "0 to 100" in errors[1]
    assert not MeasureValue.objects.exists()


def test_only_officers_import(partnership, officer, headteacher, school):
    measure = measure_for(partnership=partnership, officer=officer)
    with pytest.raises(NotAllowed):
        services.measure_import_csv(
            measure=measure, data=f"{school.urn},2023,1\n".encode(), by=headteacher
        )
    assert not MeasureValue.objects.exists()
