"""Factories for the journal's tests: completed projects, editions, submissions."""

from datetime import timedelta

import factory
from django.utils import timezone

from journal.models import Edition, Submission, SubmissionAuthor, SubmissionVersion
from research.models import Collaborator, Project
from research.snapshots import project_snapshot
from tests.factories import PartnershipFactory, SchoolFactory, StaffFactory, UserFactory

PARAGRAPH = (
    "We noticed that pupils in Year 5 rarely used the vocabulary we had taught when "
    "they wrote independently, so we planned a short cycle of explicit instruction, "
    "retrieval practice and oral rehearsal before writing. "
)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Teaching vocabulary through talk, cycle {n}")
    slug = factory.Sequence(lambda n: f"vocabulary-talk-{n}")
    research_question = (
        "Does oral rehearsal help pupils use taught vocabulary in writing?"
    )
    school = factory.SubFactory(SchoolFactory)
    lead = factory.LazyAttribute(lambda o: StaffFactory(school=o.school).user)
    status = Project.Status.COMPLETED
    visibility = Project.Visibility.PUBLIC
    context = PARAGRAPH * 3
    intervention = PARAGRAPH * 2
    methods = PARAGRAPH * 2
    findings = PARAGRAPH * 3
    impact = PARAGRAPH
    references = "Beck, I. (2013) Bringing Words to Life. Guilford Press.\n\nQuigley, A. (2018) Closing the Vocabulary Gap. Routledge."


def add_collaborator(project, user, *, accepted=True):
    return Collaborator.objects.create(
        project=project,
        user=user,
        accepted=timezone.now() if accepted else None,
    )


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    partnership = factory.SubFactory(PartnershipFactory)
    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(
        lambda o: f"Riverside Teacher Research Journal {o.year}"
    )
    call_opens = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    call_closes = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=30)
    )
    call_guidance = "Send us a completed project of up to 2,500 words."
    foreword = "Welcome to this year's journal.\n\nIt celebrates teachers' enquiry."


def make_submission(
    edition, project=None, *, status=Submission.Status.SUBMITTED, **kwargs
):
    """A submission in a given state, made directly (for tests of later steps)."""
    project = project or ProjectFactory(**kwargs)
    snapshot = project_snapshot(project)
    sub = Submission.objects.create(
        edition=edition,
        project=project,
        submitted_by=project.lead,
        snapshot=snapshot,
        title=snapshot["title"],
        slug=project.slug,
        school_urn=project.school.urn,
        status=status,
    )
    SubmissionVersion.objects.create(
        submission=sub, number=1, snapshot=snapshot, created_by=project.lead
    )
    for person in project.team():
        SubmissionAuthor.objects.create(
            submission=sub,
            user=person,
            is_lead=person == project.lead,
            confirmed=timezone.now(),
        )
    return sub


def reviewer_from_other_school(partnership):
    from tests.factories import member_school

    school = member_school(partnership)
    return StaffFactory(school=school, user=UserFactory()).user
