"""Safe publishing, withdrawals, reviews without reports, the reviewer picker,
reminders, per-partnership addresses and the archive search (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from journal import services
from journal.models import Edition, Review, Submission, SubmissionEvent
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import EmailPreference, Notification
from tests.factories import (
    PASSWORD,
    PartnershipFactory,
    StaffFactory,
    SubjectFactory,
    UserFactory,
    member_school,
)
from tests.journal.conftest import accepted_articles
from tests.journal.factories import EditionFactory, ProjectFactory, make_submission
from tests.journal.fakes import finished_run

S = Submission.Status


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ready(edition, media):
    """An edition with two accepted articles in a finished compile."""
    subs = accepted_articles(edition, 2)
    return edition, subs, finished_run(edition, subs)


@pytest.fixture
def published(ready, officer):
    edition, subs, run = ready
    services.edition_publish(edition=edition, by=officer, run=run, announce=False)
    edition.refresh_from_db()
    for sub in subs:
        sub.refresh_from_db()
    return edition, subs


def _login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def _announcements():
    return Notification.objects.filter(kind=Notification.Kind.JOURNAL_PUBLISHED)


# Publishing


def test_the_confirmation_page_says_exactly_what_publishing_will_do(
    client, ready, officer, project, teacher
):
    edition, subs, run = ready
    make_submission(edition, project, status=S.UNDER_REVIEW)
    page = _login(client, officer).get(f"/journal/manage/{edition.pk}/publish/")
    text = page.content.decode()
    assert page.status_code == 200
    for sub in subs:
        assert escape(sub.title) in text
    assert "Calls still open" in text
    assert escape(edition.title) in text
    assert "Talking before writing (under review)" in text
    assert "Email the partnership" in text
    assert "will get an email" in text
    edition.refresh_from_db()
    assert not edition.is_published  # looking changes nothing


def test_the_confirmation_page_costs_the_same_queries_for_any_number_of_articles(
    client, edition, media, officer
):
    """An edition of 300 reports lists them all before publishing: the list is one
    query, not one per article."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = accepted_articles(edition, 2)
    run = finished_run(edition, few)
    url = f"/journal/manage/{edition.pk}/publish/"
    _login(client, officer)
    client.get(url)  # the session's first page reads what later pages keep
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    subs = accepted_articles(edition, 12)
    run = finished_run(edition, subs)
    with CaptureQueriesContext(connection) as twelve:
        text = client.get(url).content.decode()
    assert run.articles.count() == 12
    assert escape(subs[-1].title) in text
    assert len(twelve) == len(two)


def test_the_edition_page_lists_every_submission_and_its_authors_in_set_queries(
    client, edition, officer
):
    """The editors' page of an edition lists each submission with its authors, and
    costs the same queries for two submissions as for twelve."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/journal/manage/{edition.pk}/"
    accepted_articles(edition, 2)
    _login(client, officer)
    client.get(url)  # the session's first page reads what later pages keep
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    subs = accepted_articles(edition, 12)
    with CaptureQueriesContext(connection) as twelve:
        text = client.get(url).content.decode()
    for sub in subs:
        assert sub.author_names
        assert escape(sub.author_names) in text
    assert len(twelve) == len(two)


def test_the_page_counts_only_members_who_want_the_email(
    client, ready, officer, teacher, headteacher
):
    edition, _, _ = ready
    EmailPreference.objects.create(
        user=teacher, kind=Notification.Kind.JOURNAL_PUBLISHED, send_email=False
    )
    from journal.selectors import partnership_members, publish_summary

    summary = publish_summary(edition)
    members = partnership_members(edition.partnership).count()
    assert summary.members == members
    assert summary.will_email == members - 1


def test_publishing_with_notification_off_sends_nothing(
    client, ready, officer, django_capture_on_commit_callbacks
):
    edition, subs, run = ready
    with django_capture_on_commit_callbacks(execute=True):
        response = _login(client, officer).post(
            f"/journal/manage/{edition.pk}/publish/", {"run": run.pk, "notify": "no"}
        )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.published_run == run
    assert not _announcements().exists()
    assert set(Submission.objects.values_list("status", flat=True)) == {S.PUBLISHED}


def test_publishing_with_notification_on_emails_each_opted_in_member_once(
    client, ready, officer, teacher, headteacher, django_capture_on_commit_callbacks
):
    from django.core import mail

    edition, subs, run = ready
    EmailPreference.objects.create(
        user=teacher, kind=Notification.Kind.JOURNAL_PUBLISHED, send_email=False
    )
    _login(client, officer)
    url = f"/journal/manage/{edition.pk}/publish/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"run": run.pk, "notify": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"run": run.pk, "notify": "yes"})  # a retry
    assert again.status_code == 302
    edition.refresh_from_db()
    assert edition.version == 1  # the retry changed nothing
    from journal.selectors import partnership_members

    wanted = set(
        partnership_members(edition.partnership).values_list("email", flat=True)
    )
    wanted.discard(teacher.email)
    sent = [m.to[0] for m in mail.outbox if edition.title in m.subject]
    assert sorted(sent) == sorted(wanted)


def test_a_bare_publish_button_only_opens_the_confirmation(client, ready, officer):
    edition, _, run = ready
    response = _login(client, officer).post(
        f"/journal/manage/{edition.pk}/publish/", {"run": run.pk}
    )
    assert response.status_code == 200
    assert "Publish the edition" in response.content.decode()
    edition.refresh_from_db()
    assert not edition.is_published


def test_a_publish_without_a_choice_about_emails_publishes_nothing(
    client, ready, officer
):
    edition, _, run = ready
    response = _login(client, officer).post(
        f"/journal/manage/{edition.pk}/publish/", {"run": run.pk, "notify": ""}
    )
    assert "Select a valid choice" in response.content.decode() or (
        "This field is required" in response.content.decode()
    )
    edition.refresh_from_db()
    assert not edition.is_published


def test_an_editor_who_is_not_an_officer_may_publish_but_not_withdraw(
    client, published, teacher
):
    edition, subs = published
    edition.editors.add(teacher)
    _login(client, teacher)
    assert client.get(f"/journal/manage/{edition.pk}/publish/").status_code == 200
    assert client.get(f"/journal/manage/{edition.pk}/withdraw/").status_code == 404
    with pytest.raises(NotAllowed):
        services.edition_withdraw(edition=edition, by=teacher, notice="n", reason="r")


# Withdrawing


def test_withdrawing_an_article_asks_first_then_marks_its_page(
    client, published, officer, django_capture_on_commit_callbacks
):
    edition, subs = published
    sub = subs[0]
    url = f"{sub.get_manage_url()}withdraw-article/"
    _login(client, officer)
    assert "Withdraw “" in client.get(url).content.decode()
    refused = client.post(
        url, {"notice": "Data was not consented.", "reason": "Ethics"}
    )
    assert refused.status_code == 200  # the confirmation box is required
    sub.refresh_from_db()
    assert sub.article_withdrawn_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"notice": "Data was not consented.", "reason": "Ethics", "confirm": "on"},
        )
    sub.refresh_from_db()
    assert sub.article_withdrawn_at
    assert sub.status == S.PUBLISHED
    page = client.get(edition.article_url(sub.slug))
    assert page.status_code == 200  # the page stays
    text = page.content.decode()
    assert "This article was withdrawn" in text
    assert "Data was not consented." in text
    assert "Ethics" in text
    contents = client.get(edition.get_absolute_url()).content.decode()
    assert "Withdrawn" in contents


def test_an_article_cannot_be_withdrawn_twice_or_before_publication(
    published, officer, edition
):
    _, subs = published
    services.article_withdraw(submission=subs[0], by=officer, notice="n", reason="r")
    with pytest.raises(DomainError):
        services.article_withdraw(
            submission=subs[0], by=officer, notice="n", reason="r"
        )
    draft = make_submission(edition, status=S.ACCEPTED)
    with pytest.raises(DomainError):
        services.article_withdraw(submission=draft, by=officer, notice="n", reason="r")


def test_withdrawing_an_edition_keeps_its_pages_and_its_corrections(
    client, published, officer
):
    edition, subs = published
    _login(client, officer).post(
        f"/journal/manage/{edition.pk}/withdraw/",
        {"notice": "Printed in error.", "reason": "Wrong year", "confirm": "on"},
    )
    edition.refresh_from_db()
    assert edition.withdrawn_at
    assert edition.is_published
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "This edition was withdrawn" in page
    assert "Printed in error." in page
    article = client.get(edition.article_url(subs[1].slug)).content.decode()
    assert "The edition this article appears in was withdrawn" in article


def test_a_withdrawal_needs_a_notice_and_a_reason(published, officer):
    edition, _ = published
    with pytest.raises(DomainError):
        services.edition_withdraw(edition=edition, by=officer, notice=" ", reason="r")
    with pytest.raises(DomainError):
        services.edition_withdraw(edition=edition, by=officer, notice="n", reason="")
    edition.refresh_from_db()
    assert edition.withdrawn_at is None


# The edition page: cached contents, bounded queries


def test_the_cached_contents_show_a_withdrawal_on_the_next_request(
    client, published, officer, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    edition, subs = published
    first = client.get(edition.get_absolute_url()).content.decode()
    assert "Withdrawn" not in first
    services.article_withdraw(submission=subs[0], by=officer, notice="n", reason="r")
    second = client.get(edition.get_absolute_url()).content.decode()
    assert 'govuk-tag--red">Withdrawn' in second


def test_the_edition_page_never_loads_snapshots(client, published):
    edition, _ = published
    with CaptureQueriesContext(connection) as queries:
        assert client.get(edition.get_absolute_url()).status_code == 200
    article_queries = [q["sql"] for q in queries if "journal_article" in q["sql"]]
    assert article_queries
    assert not any('"snapshot"' in sql for sql in article_queries)


def test_the_contents_list_reads_stored_authors_and_school(client, published):
    edition, subs = published
    page = client.get(edition.get_absolute_url()).content.decode()
    assert escape(subs[0].snapshot["school"]["name"]) in page
    assert escape(subs[0].author_names) in page


# Several partnerships


def test_an_old_year_address_redirects_when_one_partnership_published(
    client, published
):
    edition, subs = published
    response = client.get(f"/journal/{edition.year}/")
    assert response.status_code == 302
    assert response.url == edition.get_absolute_url()
    article = client.get(f"/journal/{edition.year}/{subs[0].slug}/")
    assert article.url == edition.article_url(subs[0].slug)
    pdf = client.get(f"/journal/{edition.year}/journal.pdf")
    assert pdf.url == edition.pdf_url()


def test_two_partnerships_in_one_year_have_their_own_addresses(
    client, published, officer, media
):
    edition, subs = published
    other = PartnershipFactory(name="Hillside Partnership", slug="hillside")
    other.officers.add(officer)
    second = EditionFactory(partnership=other, year=edition.year, title="Hillside 2026")
    (theirs,) = accepted_articles(second, 1)
    run = finished_run(second, [theirs])
    services.edition_publish(edition=second, by=officer, run=run, announce=False)
    second.refresh_from_db()
    assert second.get_absolute_url() != edition.get_absolute_url()
    assert "Hillside 2026" in client.get(second.get_absolute_url()).content.decode()
    choose = client.get(f"/journal/{edition.year}/")
    assert choose.status_code == 200
    text = choose.content.decode()
    assert edition.get_absolute_url() in text
    assert second.get_absolute_url() in text
    # An article's old address still finds the one edition that has it.
    old = client.get(f"/journal/{edition.year}/{subs[0].slug}/")
    assert old.url == edition.article_url(subs[0].slug)


# The archive search


def test_a_nul_in_the_search_is_a_clear_message_not_an_error(client, published):
    response = client.get("/journal/?q=%00")
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    odd = client.get("/journal/?q=a%EF%BF%BEb")  # a non-character
    assert odd.status_code == 400
    assert "remove the unusual characters" in odd.content.decode()
    assert client.get("/journal/?q=" + "x" * 201).status_code == 400
    assert client.get("/journal/?q=feedback&page=abc").status_code == 400


def test_the_search_finds_words_in_titles(client, published):
    edition, subs = published
    page = client.get("/journal/?q=phonics").content.decode()
    assert escape(subs[1].title) in page
    assert escape(subs[0].title) not in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking is PostgreSQL's"
)
def test_the_search_uses_the_stored_vector_on_postgresql(published):
    from journal.models import Article
    from journal.selectors import archive_search

    edition, subs = published
    assert not Article.objects.filter(
        run=edition.published_run, search_vector__isnull=True
    ).exists()
    found = list(archive_search("feedback moves learning"))
    assert found[0].submission_id == subs[0].pk
    assert hasattr(found[0], "rank")


# The school page


def test_the_school_page_lists_articles_by_the_stored_urn(client, published):
    from journal.selectors import articles_from_school
    from schools.models import School

    edition, subs = published
    school = School.objects.get(urn=subs[0].school_urn)
    assert [a.submission_id for a in articles_from_school(school)] == [subs[0].pk]


# Decisions without a review


def test_deciding_without_a_completed_review_needs_a_reason(
    client, under_review, officer, django_capture_on_commit_callbacks
):
    sub, _ = under_review
    url = f"{sub.get_manage_url()}decide/"
    _login(client, officer)
    form = client.get(url).content.decode()
    assert "No reviewer has completed a review" in form
    refused = client.post(url, {"outcome": "accept", "letter": "Lovely."})
    assert "say why you are deciding without one" in refused.content.decode()
    sub.refresh_from_db()
    assert sub.status == S.UNDER_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "outcome": "accept",
                "letter": "Lovely.",
                "no_review_reason": "The reviewer fell ill; two editors read it.",
            },
        )
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED
    event = SubmissionEvent.objects.filter(submission=sub, to_status=S.ACCEPTED).get()
    assert "The reviewer fell ill" in event.note
    page = client.get(sub.get_manage_url()).content.decode()
    assert "The reviewer fell ill" in page


def test_with_a_completed_review_no_reason_is_asked(
    client, under_review, officer, reviewer
):
    sub, review = under_review
    services.review_submit(
        review=review, by=reviewer, recommendation="accept", comments_for_authors="Ok"
    )
    page = _login(client, officer).get(f"{sub.get_manage_url()}decide/")
    assert "no_review_reason" not in page.content.decode()
    services.submission_decide(
        submission=sub, by=officer, outcome="accept", letter="Yes."
    )
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED


# The reviewer picker


@pytest.fixture
def people(partnership):
    """Reviewers at other member schools: one in maths, one at Hillview."""
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    hill = member_school(partnership, name="Hillview Primary")
    ada = StaffFactory(school=hill, user=UserFactory(full_name="Ada Lovelace")).user
    far = member_school(partnership, name="Farway Academy")
    gauss = StaffFactory(school=far, user=UserFactory(full_name="Carl Gauss")).user
    ProjectFactory(school=far, lead=gauss).subjects.add(maths)
    return ada, gauss


def test_the_picker_searches_by_name_school_and_subject(
    client, submitted, officer, people
):
    ada, gauss = people
    url = f"{submitted.get_manage_url()}invite/"
    _login(client, officer)
    by_name = client.get(url, {"q": "lovelace"}).content.decode()
    assert "Ada Lovelace" in by_name
    assert "Carl Gauss" not in by_name
    by_school = client.get(url, {"q": "Hillview"}).content.decode()
    assert "Ada Lovelace" in by_school
    assert "Carl Gauss" not in by_school
    by_subject = client.get(url, {"q": "mathematics"}).content.decode()
    assert "Carl Gauss" in by_subject
    assert "Ada Lovelace" not in by_subject
    assert client.get(url, {"q": "x" * 101}).status_code == 200  # a field error


def test_the_picker_leaves_out_the_editor_authors_and_their_school(
    client, submitted, officer, teacher, headteacher, people
):
    from journal.selectors import reviewer_picker

    picked = set(reviewer_picker(submitted, editor=officer))
    assert officer not in picked
    assert teacher not in picked  # the author
    assert headteacher not in picked  # works at the author's school
    assert set(people) <= picked


def test_the_picker_and_the_submission_show_each_reviewers_workload(
    client, under_review, officer, reviewer, edition
):
    sub, review = under_review
    other = make_submission(edition, status=S.SUBMITTED)
    second = services.review_invite(submission=other, reviewer=reviewer, by=officer)
    services.review_decline(review=second, by=reviewer, reason="Too busy")
    page = _login(client, officer).get(sub.get_manage_url()).content.decode()
    assert "1 open, 0 completed, 1 declined" in page
    picker = client.get(f"{sub.get_manage_url()}invite/").content.decode()
    assert "1 open, 0 completed, 1 declined" in picker


# Reminders


def test_the_remind_button_sends_one_reminder_a_day(
    client, under_review, officer, reviewer, django_capture_on_commit_callbacks
):
    sub, review = under_review
    url = f"{sub.get_manage_url()}reviews/{review.pk}/remind/"
    _login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    reminders = Notification.objects.filter(
        recipient=reviewer, subject__startswith="A reminder"
    )
    assert reminders.count() == 1
    review.refresh_from_db()
    assert review.last_reminded is not None


def test_a_closed_review_cannot_be_reminded(under_review, officer, reviewer):
    _, review = under_review
    services.review_decline(review=review, by=reviewer, reason="Away")
    with pytest.raises(DomainError):
        services.review_remind(review=review, by=officer)


def test_the_scheduled_reminder_before_the_due_date_is_sent_once(
    under_review, reviewer
):
    from datetime import timedelta

    from django.utils import timezone

    _, review = under_review
    Review.objects.filter(pk=review.pk).update(
        due=timezone.localdate() + timedelta(days=2)
    )
    assert services.reminders_send()["reviews_due_soon"] == 1
    assert services.reminders_send()["reviews_due_soon"] == 0


# Words, not codes


def test_histories_show_words_not_codes(
    client, edition, officer, project_with_coauthor
):
    from journal.models import SUBMISSION_STATES

    sub = services.submission_create(
        edition=edition, project=project_with_coauthor, by=project_with_coauthor.lead
    )
    page = _login(client, officer).get(sub.get_manage_url()).content.decode()
    assert SUBMISSION_STATES.label(S.AWAITING_AUTHORS) in page
    for code in Submission.Status.values:
        if "-" in code:
            assert code not in page.replace(f'"{code}"', "")


def test_edition_text_fields_have_length_limits():
    from journal.forms import EditionForm, WithdrawalForm

    form = EditionForm()
    assert form.fields["foreword"].max_length
    assert form.fields["call_guidance"].max_length
    assert WithdrawalForm().fields["notice"].max_length


def test_nothing_is_withdrawn_by_someone_outside_the_partnership(published):
    edition, _ = published
    stranger = UserFactory()
    with pytest.raises(NotAllowed):
        services.edition_withdraw(edition=edition, by=stranger, notice="n", reason="r")
    assert Edition.objects.get(pk=edition.pk).withdrawn_at is None


def test_odd_characters_in_journal_query_parameters_are_never_a_server_error(
    client, officer, submitted
):
    _login(client, officer)
    for url in (
        "/journal/manage/new/?partnership=%C2%B2",
        "/journal/manage/new/?partnership=%00",
        f"{submitted.get_manage_url()}invite/?q=%00",
        "/journal/?page=%C2%B2&q=x",
    ):
        assert client.get(url).status_code in (200, 400), url


def test_an_edited_foreword_shows_on_the_next_request_despite_the_cache(
    client, published, officer, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    edition, _ = published
    client.get(edition.get_absolute_url())
    services.edition_update(
        edition=edition, by=officer, foreword="A new foreword for readers."
    )
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "A new foreword for readers." in page


def test_the_contents_really_come_from_the_cache_until_the_version_changes(
    client, published, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from journal.models import Article

    edition, subs = published
    client.get(edition.get_absolute_url())
    Article.objects.filter(run=edition.published_run).update(title="Renamed quietly")
    assert (
        "Renamed quietly" not in client.get(edition.get_absolute_url()).content.decode()
    )
    Edition.objects.filter(pk=edition.pk).update(contents_version=99)
    assert "Renamed quietly" in client.get(edition.get_absolute_url()).content.decode()


def test_an_odd_edition_id_on_submitting_is_a_message_not_an_error(
    client, edition, project, teacher
):
    _login(client, teacher)
    response = client.post(
        f"/journal/submit/{project.slug}/", {"edition": "\u00b2"}, follow=True
    )
    assert "Choose a call for reports that is open." in response.content.decode()
    assert not Submission.objects.exists()
