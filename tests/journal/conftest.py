import pytest

from journal import services
from journal.models import Submission
from tests.factories import StaffFactory, UserFactory
from tests.journal.factories import (
    EditionFactory,
    ProjectFactory,
    add_collaborator,
    make_submission,
)


@pytest.fixture
def edition(partnership, officer):
    return EditionFactory(
        partnership=partnership, year=2026, title="Riverside Journal 2026"
    )


@pytest.fixture
def project(school, teacher):
    return ProjectFactory(
        school=school,
        lead=teacher,
        title="Talking before writing",
        slug="talking-before-writing",
    )


@pytest.fixture
def coauthor(other_school):
    return StaffFactory(
        school=other_school,
        user=UserFactory(email="coauthor@oakfield.example", full_name="Ben Clarke"),
    ).user


@pytest.fixture
def project_with_coauthor(project, coauthor):
    add_collaborator(project, coauthor)
    return project


@pytest.fixture
def reviewer(partnership):
    from tests.journal.factories import reviewer_from_other_school

    user = reviewer_from_other_school(partnership)
    user.full_name = "Rhona Reviewer"
    user.save()
    return user


@pytest.fixture
def submitted(edition, project):
    return make_submission(edition, project, status=Submission.Status.SUBMITTED)


@pytest.fixture
def under_review(submitted, reviewer, officer):
    review = services.review_invite(submission=submitted, reviewer=reviewer, by=officer)
    submitted.refresh_from_db()
    return submitted, review


TITLES = [
    "Feedback that moves learning on",
    "Phonics in the reception class",
    "Retrieval quizzes in Year 9 science",
    "Talk partners in mathematics",
]


def accepted_articles(edition, count, **kwargs):
    from tests.factories import member_school

    subs = []
    for n in range(count):
        title = TITLES[n] if n < len(TITLES) else f"Article number {n + 1} on feedback"
        school = member_school(edition.partnership)
        subs.append(
            make_submission(
                edition,
                ProjectFactory(school=school, title=title, **kwargs),
                status=Submission.Status.ACCEPTED,
            )
        )
    return subs
