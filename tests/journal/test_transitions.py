"""The one transition table: every listed move works and is recorded; every other
move is refused with a domain error and changes nothing."""

import itertools

import pytest

from journal import transitions
from journal.models import Submission, SubmissionEvent
from journal.services import IllegalTransition, submission_move
from tests.journal.factories import EditionFactory, make_submission

STATES = Submission.Status.values
ROLES = [transitions.AUTHOR, transitions.EDITOR, transitions.SYSTEM]


@pytest.fixture
def sub(db, officer, partnership):
    return make_submission(EditionFactory(partnership=partnership))


@pytest.mark.parametrize(
    ("source", "target", "role"),
    [
        (s, t, r)
        for s, t, r in itertools.product(STATES, STATES, ROLES)
        if not transitions.allowed(s, t, r)
    ],
)
def test_every_move_not_in_the_table_is_refused_and_nothing_changes(
    sub, officer, source, target, role
):
    Submission.objects.filter(pk=sub.pk).update(status=source)
    sub.refresh_from_db()
    with pytest.raises(IllegalTransition):
        submission_move(submission=sub, to=target, by=officer, role=role)
    sub.refresh_from_db()
    assert sub.status == source
    assert not SubmissionEvent.objects.filter(submission=sub).exists()


@pytest.mark.parametrize(
    ("source", "target", "role"),
    [
        (s, t, r)
        for (s, t), roles in transitions.TRANSITIONS.items()
        for r in sorted(roles)
    ],
)
def test_every_move_in_the_table_is_made_and_recorded_with_who_and_when(
    sub, officer, source, target, role
):
    Submission.objects.filter(pk=sub.pk).update(status=source)
    sub.refresh_from_db()
    submission_move(submission=sub, to=target, by=officer, role=role, note="why")
    sub.refresh_from_db()
    assert sub.status == target
    event = SubmissionEvent.objects.get(submission=sub)
    assert (event.from_status, event.to_status, event.by, event.note) == (
        source,
        target,
        officer,
        "why",
    )
    assert event.at is not None


def test_final_states_have_no_way_out():
    for state in transitions.FINAL:
        assert transitions.moves_from(state) == []


def test_authors_can_withdraw_only_before_a_final_decision():
    S = Submission.Status
    assert {
        S.AWAITING_AUTHORS,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.REVISIONS_REQUESTED,
    } == transitions.WITHDRAWABLE
