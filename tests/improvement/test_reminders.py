"""Reminders through the outbox: each is sent once, however often the job runs."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from partnership.improvement import services, tasks
from partnership.models import Notification

from .factories import measure_for, open_review, priority_for, reviewer_from

pytestmark = pytest.mark.django_db


def _to(user, start):
    return Notification.objects.filter(
        recipient=user, subject__startswith=start
    ).count()


def test_a_priority_past_its_review_date_reminds_the_head_once(school, headteacher):
    priority = priority_for(school=school, head=headteacher, year=2023)
    today = priority.review_on + timedelta(days=1)
    assert services.remind_priority_reviews(today=today) == 1
    assert services.remind_priority_reviews(today=today) == 0
    assert _to(headteacher, "Record the outcome") == 1


def test_no_reminder_before_the_review_date_or_once_the_outcome_is_in(
    school, headteacher
):
    priority = priority_for(school=school, head=headteacher, year=2023)
    assert services.remind_priority_reviews(today=priority.review_on) == 0
    services.priority_outcome_record(
        priority=priority, by=headteacher, outcome="met", note="", values={}
    )
    assert services.remind_priority_reviews(today=date(2030, 1, 1)) == 0


def test_a_report_unwritten_a_week_after_the_visit_reminds_the_reviewers_once(
    partnership, officer, school
):
    review = open_review(
        partnership=partnership,
        officer=officer,
        host=school,
        visit_on=date(2024, 11, 5),
    )
    user, from_school = reviewer_from(partnership)
    services.reviewer_assign(
        review=review, user=user, school=from_school, role="lead", by=officer
    )
    assert services.remind_reports(today=date(2024, 11, 11)) == 0
    assert services.remind_reports(today=date(2024, 11, 12)) == 1
    assert services.remind_reports(today=date(2024, 11, 20)) == 0
    assert _to(user, "The peer review report") == 1


def test_the_yearly_call_for_values_skips_schools_that_entered_them(
    partnership, officer, school, headteacher, other_school, other_headteacher
):
    measure = measure_for(partnership=partnership, officer=officer)
    services.measure_value_set(
        measure=measure, school=school, year=2024, value=50, by=headteacher
    )
    assert services.call_for_values(year=2024) == 1
    assert services.call_for_values(year=2024) == 0
    assert _to(other_headteacher, "Enter your school's 2024 values") == 1
    assert _to(headteacher, "Enter your school's") == 0


def test_the_tasks_are_on_the_beat_schedule_and_run(school, headteacher):
    tasks_named = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "partnership.improvement.tasks.send_improvement_reminders" in tasks_named
    assert "partnership.improvement.tasks.send_call_for_values" in tasks_named
    priority_for(school=school, head=headteacher, year=2020)
    assert tasks.send_improvement_reminders() == 1
    assert tasks.send_improvement_reminders() == 0
