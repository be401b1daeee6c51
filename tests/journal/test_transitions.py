"""The one transition table: every listed move works and is recorded; every other
move is refused with a domain error and changes nothing."""

import itertools

import pytest

from journal import permissions
from journal.models import (
    AUTHOR,
    EDITOR,
    FINAL,
    SUBMISSION_MOVES,
    SUBMISSION_STATES,
    SYSTEM,
    WITHDRAWABLE,
    Submission,
    SubmissionEvent,
)
from journal.services import submission_move
from partnership.kernel.errors import IllegalTransition
from tests.journal.factories import EditionFactory, make_submission

STATES = Submission.Status.values
ROLES = [AUTHOR, EDITOR, SYSTEM]


@pytest.fixture
def sub(db, officer, partnership):
    return make_submission(EditionFactory(partnership=partnership))


@pytest.mark.parametrize(
    ("source", "target", "role"),
    [
        (s, t, r)
        for s, t, r in itertools.product(STATES, STATES, ROLES)
        if not permissions.may_move(role=r, source=s, target=t)
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
    [(s, t, r) for (s, t), roles in SUBMISSION_MOVES.items() for r in sorted(roles)],
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
    for state in FINAL:
        assert SUBMISSION_STATES.allowed(state) == frozenset()


def test_authors_can_withdraw_only_before_a_final_decision():
    S = Submission.Status
    assert {
        S.AWAITING_AUTHORS,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.REVISIONS_REQUESTED,
    } == WITHDRAWABLE


def test_the_history_people_read_is_in_words(sub, officer):
    Submission.objects.filter(pk=sub.pk).update(status="awaiting-authors")
    sub.refresh_from_db()
    submission_move(
        submission=sub, to=Submission.Status.SUBMITTED, by=officer, role=SYSTEM
    )
    event = SubmissionEvent.objects.get(submission=sub)
    assert (event.from_label, event.to_label) == (
        "Waiting for co-authors to confirm",
        "Submitted",
    )
