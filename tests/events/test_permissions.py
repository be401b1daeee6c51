"""Who may publish, book for others and read a learning record."""

import datetime

import pytest
from django.utils import timezone

from partnership.events import permissions, record
from schools.directory.models import SupportDelegate, SupportOffer
from tests.directory.factories import (
    EngagementFactory,
    OfferFactory,
    RecommendationFactory,
)
from tests.events.factories import make_event, staff

pytestmark = pytest.mark.django_db


def _training_offer(school, kind=SupportOffer.Kind.TRAINING):
    return OfferFactory(recommendation=RecommendationFactory(school=school), kind=kind)


def test_the_owner_of_a_training_offer_may_publish_for_its_school(
    school, teacher, headteacher
):
    offer = _training_offer(school)
    assert not permissions.may_publish(teacher)
    SupportDelegate.objects.create(school=school, user=teacher, granted_by=headteacher)
    assert list(permissions.host_schools(teacher)) == [school]
    assert list(permissions.training_offers(teacher)) == [offer]


def test_other_kinds_of_offer_do_not_make_an_organiser(school, teacher, headteacher):
    _training_offer(school, kind=SupportOffer.Kind.VISIT_COACHING)
    SupportDelegate.objects.create(school=school, user=teacher, granted_by=headteacher)
    assert not permissions.may_publish(teacher)


def test_officers_and_heads_publish_for_the_schools_they_serve(
    officer, headteacher, school, other_school
):
    assert set(permissions.host_schools(officer)) == {school, other_school}
    assert list(permissions.host_schools(headteacher)) == [school]


def test_a_head_may_book_only_their_own_current_staff(
    officer, school, other_school, headteacher, teacher
):
    event = make_event(school=school, organiser=officer)
    assert permissions.may_book_for(headteacher, teacher, event)
    assert not permissions.may_book_for(headteacher, staff(other_school), event)
    assert not permissions.may_book_for(teacher, headteacher, event)
    teacher.staff_roles.update(left=timezone.localdate())
    assert not permissions.may_book_for(headteacher, teacher, event)


def test_a_record_is_read_by_the_person_and_their_current_heads_only(
    teacher, headteacher, other_headteacher, officer
):
    readers = permissions.record_readers(teacher)
    assert readers == {teacher.pk, headteacher.pk}
    assert other_headteacher.pk not in readers
    assert officer.pk not in readers


def test_the_record_gathers_research_support_and_the_journals_provider(school, teacher):
    from journal.record import journal_record
    from research.models import Project

    Project.objects.create(
        title="Exit tickets in Year 5",
        research_question="Do exit tickets help?",
        school=school,
        lead=teacher,
        slug="exit-tickets",
        starts=datetime.date(2026, 9, 1),
    )
    EngagementFactory(requested_by=teacher, requesting_school=school)
    found = record.learning_record(teacher)
    assert [i.title for i in found[record.LED]] == ["Exit tickets in Year 5"]
    assert found[record.LED][0].date == datetime.date(2026, 9, 1)
    assert len(found[record.RECEIVED]) == 1
    assert journal_record in record._providers
