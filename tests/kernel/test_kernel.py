"""The shared kernel: errors on forms, state machines, dates, CSV, money, locks, slugs."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from partnership.kernel.csvfiles import csv_response, safe_cell
from partnership.kernel.errors import DomainError, IllegalTransition
from partnership.kernel.forms import GovukDateField, show_error
from partnership.kernel.locks import run_once
from partnership.kernel.money import pounds, to_money
from partnership.kernel.slugs import unique_slug
from partnership.kernel.states import StateMachine
from partnership.models import Partnership
from schools.models import School
from tests.factories import PartnershipFactory, StaffFactory, UserFactory, member_school


class _Form(forms.Form):
    amount = forms.CharField()
    starts = GovukDateField(label="Start date")


def test_domain_error_lands_on_the_field_it_names():
    form = _Form(
        data={
            "amount": "1",
            "starts_day": "1",
            "starts_month": "2",
            "starts_year": "2026",
        }
    )
    assert form.is_valid()
    show_error(form, DomainError("Too much.", field="amount"))
    assert form.errors["amount"] == ["Too much."]
    show_error(form, DomainError("Not now.", field="nonsense"))
    assert form.non_field_errors() == ["Not now."]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Start date must be a real date"),
        ("", "2", "2026", "Start date must include a day"),
        ("1", "2", "26", "Year must include 4 numbers"),
        ("²", "2", "2026", "Start date must be a real date, in numbers"),
    ],
)
def test_date_input_refuses_what_is_not_a_date_in_words(day, month, year, message):
    form = _Form(
        data={
            "amount": "1",
            "starts_day": day,
            "starts_month": month,
            "starts_year": year,
        }
    )
    assert not form.is_valid()
    assert form.errors["starts"] == [message]


def test_date_input_reads_three_boxes_and_an_iso_value():
    form = _Form(
        data={
            "amount": "1",
            "starts_day": "7",
            "starts_month": "3",
            "starts_year": "2026",
        }
    )
    assert form.is_valid()
    assert form.cleaned_data["starts"] == datetime.date(2026, 3, 7)
    form = _Form(data={"amount": "1", "starts": "2026-03-07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts"] == datetime.date(2026, 3, 7)


def test_date_input_renders_day_month_year_boxes():
    html = str(_Form(initial={"starts": datetime.date(2026, 3, 7)})["starts"])
    assert 'name="starts_day"' in html
    assert 'value="7"' in html
    assert "Day" in html
    assert "Month" in html
    assert "Year" in html
    assert 'value="2026"' in html


def test_state_machine_refuses_illegal_moves_in_words():
    machine = StateMachine(
        School.Status, {School.Status.OPEN: {School.Status.CLOSED}}, noun="the school"
    )

    class Thing:
        status = School.Status.CLOSED

    with pytest.raises(IllegalTransition) as caught:
        machine.check(Thing(), School.Status.OPEN)
    assert str(caught.value) == "The school is closed: it cannot be moved to open."
    assert machine.label("") == "new"
    assert machine.label("proposed-to-close") == "Open, but proposed to close"


def test_state_machine_refuses_unknown_statuses_when_declared():
    with pytest.raises(ValueError, match="Unknown statuses"):
        StateMachine(School.Status, {"open": {"vanished"}})


def test_csv_cells_that_would_run_as_formulas_are_plain_text():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("@SUM") == "'@SUM"
    assert safe_cell("Plain") == "Plain"
    assert safe_cell(Decimal("-3.00")) == Decimal("-3.00")
    body = csv_response("x.csv", ["a"], [["=1+1"]]).content.decode("utf-8-sig")
    assert body.splitlines() == ["a", "'=1+1"]


def test_money_is_exact_and_refuses_fractions_of_a_penny():
    assert to_money("12.5") == Decimal("12.50")
    with pytest.raises(ValueError, match="fractions of a penny"):
        to_money("0.001")
    with pytest.raises(ValueError):
        to_money("NaN")
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("-3")) == "-£3.00"


def test_run_once_lock_skips_a_second_run_while_one_holds_it():
    calls = []

    @run_once("kernel-test", timeout=60, default="skipped")
    def job():
        calls.append(1)
        return inner()

    @run_once("kernel-test", timeout=60, default="skipped")
    def inner():
        return "ran"

    assert job() == "skipped"  # the inner run found the lock held
    assert calls == [1]
    assert inner() == "ran"  # released afterwards


@pytest.mark.django_db
def test_unique_slug_avoids_taken_and_reserved_slugs():
    PartnershipFactory(name="A", slug="riverside")
    assert unique_slug(Partnership, "Riverside") == "riverside-2"
    assert unique_slug(Partnership, "New", reserved={"new"}) == "new-2"
    assert unique_slug(Partnership, "!!!") == "item"


@pytest.mark.django_db
def test_served_by_answers_which_schools_a_person_serves_in_which_role():
    partnership = PartnershipFactory()
    a = member_school(partnership, name="A", urn=1)
    b = member_school(partnership, name="B", urn=2)
    member_school(PartnershipFactory(), name="C", urn=3)
    head = StaffFactory(school=a, role="headteacher").user
    StaffFactory(school=b, role="teacher", user=head)
    officer = UserFactory()
    partnership.officers.add(officer)
    left = StaffFactory(school=a, role="teacher", left=datetime.date(2026, 1, 1)).user

    assert set(School.objects.served_by(head)) == {a, b}
    assert set(School.objects.served_by(head, "headteacher")) == {a}
    assert set(School.objects.served_by(officer)) == {a, b}
    assert set(School.objects.served_by(officer, "teacher", "headteacher")) == set()
    assert not School.objects.served_by(left).exists()


def test_slug_urls_give_the_same_url_as_reversing_each_slug():
    from django.urls import reverse

    from partnership.kernel.slugs import slug_urls

    url_of = slug_urls("research:detail")
    for slug in ("oral-rehearsal-in-year-2", "0", "a0b0", "x"):
        assert url_of(slug) == reverse("research:detail", kwargs={"slug": slug})


def test_when_renamed_acts_only_on_a_save_that_changes_a_watched_field(db):
    from partnership.kernel.renames import when_renamed

    renamed = []
    disconnect = when_renamed(
        School, ("name", "town"), renamed.append, uid="test-when-renamed"
    )
    try:
        school = School.objects.create(urn=880001, name="Ash School", town="Ely")
        assert renamed == []  # a new row is not a rename
        school.website = "https://ash.example"
        school.save()
        school.save(update_fields=["website"])
        assert renamed == []
        school.town = "Ely"
        school.save()
        assert renamed == []  # set to what it was
        school.town = "March"
        school.save(update_fields=["town"])
        assert len(renamed) == 1
        school.name = "Ash Primary School"
        school.save()
        assert len(renamed) == 2
    finally:
        disconnect()
    school.name = "Ash Academy"
    school.save()
    assert len(renamed) == 2  # disconnected


@pytest.mark.parametrize("value", ["", "b", "c&d"])
def test_the_fast_select_writes_what_django_s_select_writes(value):
    """The same <select> as Django's template-rendered one (ids, classes, the
    chosen option, groups, escaping), only faster."""
    from django.test.html import parse_html

    from partnership.kernel.forms import FastSelect

    choices = [
        ("", "Any"),
        ("b", "Bee <b>"),
        ("Group & co", [("c&d", 'C "and" D'), ("e", "E")]),
    ]
    attrs = {"id": "id_x", "class": "govuk-select", "aria-describedby": "x-hint"}
    ours = FastSelect(choices=choices).render("x", value, attrs=attrs)
    django = forms.Select(choices=choices).render("x", value, attrs=attrs)
    assert parse_html(ours) == parse_html(django)
    assert ours.count(" selected") == 1  # the chosen one, or "Any"


def test_in_batches_gives_every_item_once_in_order_in_slices_of_at_most_size():
    from partnership.kernel.batches import in_batches

    assert list(in_batches([], 3)) == []
    assert list(in_batches([1, 2, 3, 4, 5, 6], 3)) == [[1, 2, 3], [4, 5, 6]]
    assert list(in_batches([1, 2, 3, 4, 5, 6, 7], 3)) == [[1, 2, 3], [4, 5, 6], [7]]
