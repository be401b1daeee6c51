"""Whole pages cached for visitors: an edit shows on the next request, nobody sees
another person's page, and only validated parameters make keys."""

import pytest
from django.core.cache import cache

from partnership.kernel.pagecache import HEADER
from schools.models import School
from tests.directory.factories import RecommendationFactory
from tests.factories import PartnershipFactory, member_school
from tests.journal.conftest import accepted_articles
from tests.research.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # A local-memory cache of its own, so the test can list the keys it holds.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    settings.PAGE_CACHE = True
    cache.clear()


def cached_twice(client, url) -> str:
    """GET twice as a visitor; the second answer must come from the cache."""
    first = client.get(url)
    assert first.status_code == 200, url
    assert first[HEADER] == "miss", url
    second = client.get(url)
    assert second[HEADER] == "hit", url
    assert second.content == first.content
    return second.content.decode()


def page_keys() -> list[str]:
    return [k for k in cache._cache if ":page:" in k]  # locmem's own store


def test_the_home_page_shows_a_new_member_school_on_the_next_request(
    client, partnership
):
    page = cached_twice(client, "/")
    count = School.objects.members().count()
    assert f"its {count} member schools" in page
    member_school(partnership)
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert f"its {count + 1} member schools" in response.content.decode()


def test_the_partnership_list_shows_a_renamed_partnership_at_once(client, partnership):
    assert partnership.name in cached_twice(client, "/partnerships/")
    partnership.name = "Hillside Learning Partnership"
    partnership.save()
    assert (
        "Hillside Learning Partnership" in client.get("/partnerships/").content.decode()
    )


def test_the_partnership_page_shows_a_new_member_at_once(client, partnership):
    url = partnership.get_absolute_url()
    cached_twice(client, url)
    school = member_school(partnership, name="Quayside Primary School")
    page = client.get(url).content.decode()
    assert school.name in page


def test_the_school_page_shows_an_edited_profile_at_once(client, school):
    url = school.get_absolute_url()
    cached_twice(client, url)
    school.name = "Renamed Academy"
    school.save()
    assert "Renamed Academy" in client.get(url).content.decode()


def test_the_school_page_shows_a_new_public_project_at_once(client, school, teacher):
    url = school.get_absolute_url()
    cached_twice(client, url)
    ProjectFactory(
        school=school, lead=teacher, title="Quizzes that stick", visibility="public"
    )
    assert "Quizzes that stick" in client.get(url).content.decode()


def test_research_pages_show_an_edit_at_once(client, school, teacher):
    project = ProjectFactory(
        school=school, lead=teacher, title="Paired reading", visibility="public"
    )
    url = project.get_absolute_url()
    assert "Paired reading" in cached_twice(client, url)
    assert "Paired reading" in cached_twice(client, "/research/")
    project.title = "Paired reading with older pupils"
    project.save()
    assert "with older pupils" in client.get(url).content.decode()
    assert "with older pupils" in client.get("/research/").content.decode()


def test_directory_pages_show_an_edit_at_once(client, school):
    rec = RecommendationFactory(school=school, title="Shared planning time")
    url = rec.get_absolute_url()
    assert "Shared planning time" in cached_twice(client, url)
    assert "Shared planning time" in cached_twice(client, "/directory/")
    rec.title = "Shared planning time for departments"
    rec.save()
    assert "for departments" in client.get(url).content.decode()
    assert "for departments" in client.get("/directory/").content.decode()


@pytest.fixture
def published(
    partnership, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    from journal import services
    from tests.journal.factories import EditionFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    edition = EditionFactory(partnership=partnership, year=2026, title="Journal 2026")
    subs = accepted_articles(edition, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_request(edition=edition, by=officer)
    services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    return edition, subs[0]


def test_journal_pages_show_an_edited_edition_at_once(client, published):
    edition, article = published
    urls = [
        "/journal/",
        edition.get_absolute_url(),
        edition.article_url(article.slug),
    ]
    for url in urls:
        assert "Journal 2026" in cached_twice(client, url)
    edition.title = "Riverside Journal of Teacher Research"
    edition.save()
    for url in urls:
        assert (
            "Riverside Journal of Teacher Research" in client.get(url).content.decode()
        )


def test_a_signed_in_page_is_never_stored_nor_served_from_the_cache(
    client, teacher, partnership
):
    cached_twice(client, "/")
    client.force_login(teacher)
    response = client.get("/")
    assert HEADER not in response
    assert "Sign out" in response.content.decode()
    keys_before = page_keys()
    client.get(partnership.get_absolute_url())
    assert page_keys() == keys_before  # the signed-in page was not kept
    client.logout()
    client.cookies.clear()
    page = client.get(partnership.get_absolute_url())
    assert page[HEADER] == "miss"
    assert "Sign out" not in page.content.decode()


def test_a_page_with_a_csrf_token_is_never_stored(client):
    response = client.get("/accounts/login/")
    assert HEADER not in response
    assert page_keys() == []


def test_unknown_or_invalid_parameters_make_no_cache_keys(client, partnership):
    for query in ("?utm=1", "?page=abc", "?page=9999", "?page=1&page=2", "?q=x"):
        response = client.get("/research/" + query)
        assert HEADER not in response, query
        client.get("/" + query)
    assert page_keys() == []


def test_equal_parameters_share_one_key(client, school, teacher):
    ProjectFactory(school=school, lead=teacher, visibility="public")
    client.get("/research/?page=1")
    assert client.get("/research/?page=01")[HEADER] == "hit"
    assert len(page_keys()) == 1


def test_pages_are_not_cached_when_the_setting_is_off(client, settings, partnership):
    settings.PAGE_CACHE = False
    client.get("/")
    assert HEADER not in client.get("/")


def test_a_second_partnership_does_not_change_another_pages_key_space(client):
    PartnershipFactory()
    cached_twice(client, "/partnerships/")


def test_the_public_outcomes_page_shows_a_newly_published_part_at_once(
    client, partnership, officer
):
    from partnership.improvement import services as improvement
    from tests.improvement.factories import measure_for

    measure_for(partnership=partnership, officer=officer)
    improvement.outcomes_publish(
        partnership=partnership, parts=["measures"], by=officer
    )
    url = f"/partnerships/{partnership.slug}/outcomes/"
    page = cached_twice(client, url)
    assert "Broader measures" in page
    assert "Priorities set and met" not in page
    improvement.outcomes_publish(
        partnership=partnership, parts=["measures", "priorities"], by=officer
    )
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Priorities set and met" in response.content.decode()


def test_the_events_page_shows_a_new_event_and_a_cancellation_at_once(
    client, school, headteacher
):
    from partnership.events import services as events
    from tests.events.factories import make_event

    make_event(school=school, organiser=headteacher, title="Coaching for mentors")
    assert "Coaching for mentors" in cached_twice(client, "/events/")
    second = make_event(school=school, organiser=headteacher, title="Oracy twilight")
    response = client.get("/events/")
    assert response[HEADER] == "miss"
    assert "Oracy twilight" in response.content.decode()
    assert client.get("/events/")[HEADER] == "hit"
    events.event_cancel(event=second, cancelled_by=headteacher)
    response = client.get("/events/")
    assert response[HEADER] == "miss"
    assert 'govuk-tag--red">Cancelled' in response.content.decode()


def test_a_new_release_renders_every_cached_page_afresh(client, settings):
    """After a deploy (a new RELEASE) no page built by the old code is served."""
    settings.RELEASE = "release-one"
    cached_twice(client, "/")
    cached_twice(client, "/research/")
    settings.RELEASE = "release-two"
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/research/")[HEADER] == "miss"
    assert client.get("/")[HEADER] == "hit"


def test_without_a_release_name_the_release_is_a_hash_of_the_files(tmp_path):
    """The same files hash the same wherever they are; a changed template, module
    or static manifest gives a new release."""
    from partnership.kernel.release import files_hash

    def tree(root, template="<p>Hello</p>", manifest='{"paths": {}}'):
        (root / "templates").mkdir(parents=True)
        (root / "templates" / "page.html").write_text(template)
        (root / "schools").mkdir()
        (root / "schools" / "views.py").write_text("X = 1\n")
        (root / "schools" / "__pycache__").mkdir()
        (root / "schools" / "__pycache__" / "views.py").write_text(str(root))
        (root / "static").mkdir()
        (root / "static" / "staticfiles.json").write_text(manifest)
        return root

    one = tree(tmp_path / "one")
    same = tree(tmp_path / "same")
    assert files_hash(one, one / "static") == files_hash(same, same / "static")
    changed = tree(tmp_path / "changed", template="<p>Hello!</p>")
    assert files_hash(changed, changed / "static") != files_hash(one, one / "static")
    rebuilt = tree(tmp_path / "rebuilt", manifest='{"paths": {"a.css": "a.1.css"}}')
    assert files_hash(rebuilt, rebuilt / "static") != files_hash(one, one / "static")
