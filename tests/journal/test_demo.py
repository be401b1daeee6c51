import io

from journal import demo as journal_demo
from journal.models import CompileRun, Edition, Review, Submission
from partnership import demo as partnership_demo
from research.models import Project
from schools.models import School, User
from tests.journal.factories import ProjectFactory, add_collaborator


def test_demo_publishes_last_year_and_opens_this_year_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    partnership_demo.seed(stdout=out)
    # As research.demo might: a completed project by the demo teacher, with a
    # co-author from another school.
    teacher = User.objects.get(email="teacher@riverside-primary.example")
    shared = ProjectFactory(
        school=School.objects.get(urn=990001), lead=teacher, title="Shared project"
    )
    add_collaborator(
        shared, User.objects.filter(staff_roles__school__urn=990003).first()
    )
    journal_demo.seed(stdout=out)
    journal_demo.seed(stdout=out)  # idempotent
    past, current = Edition.objects.order_by("year")
    assert past.is_published
    assert past.published_run.status == CompileRun.Status.SUCCEEDED
    assert past.published_run.articles.count() == 6
    assert past.published_run.articles.filter(title="Shared project").exists()
    assert past.award.winner is not None
    assert current.call_is_open()
    assert not current.is_published
    assert current.submissions.filter(status=Submission.Status.UNDER_REVIEW).exists()
    assert Review.objects.filter(
        reviewer=teacher, status=Review.Status.INVITED
    ).exists()
    ready = Project.objects.get(slug=journal_demo.content()["teacher_project"]["slug"])
    assert not ready.journal_submissions.exists()
    assert Edition.objects.count() == 2


def test_the_demo_content_is_read_from_its_data_file_and_its_notifications_start_read(
    db, settings, tmp_path
):
    from partnership.models import Notification

    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    partnership_demo.seed(stdout=out)
    journal_demo.seed(stdout=out)

    past = Edition.objects.order_by("year").first()
    assert past.issn == journal_demo.content()["past"]["issn"]
    assert set(past.sections.values_list("title", flat=True)) == set(
        journal_demo.content()["past"]["sections"]
    )
    journal = Notification.objects.filter(event_key__startswith="journal-")
    assert journal.exists()
    assert not journal.filter(read_at__isnull=True).exists()


def test_the_demo_journals_articles_sit_in_the_section_of_their_schools_phase(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    partnership_demo.seed(stdout=out)
    # As research.demo might: completed projects of any phase, taken first.
    for phase in ("secondary", "primary"):
        school = School.objects.filter(urn__gte=990002, phase=phase).first()
        if school is not None:
            ProjectFactory(
                school=school,
                lead=User.objects.filter(staff_roles__school=school).first(),
                status=Project.Status.COMPLETED,
            )
    journal_demo.seed(stdout=out)
    by_phase = journal_demo.content()["past"]["phase_sections"]
    past = Edition.objects.order_by("year").first()
    articles = list(
        past.published_run.articles.select_related("submission__project__school")
    )
    assert len(articles) == 6
    for article in articles:
        school = article.submission.project.school
        assert article.section_title == by_phase[school.phase], (
            article.title,
            school.phase,
        )
    assert {a.section_title for a in articles} == {
        "Early years and primary",
        "Secondary",
    }
