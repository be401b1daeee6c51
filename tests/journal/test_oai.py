"""The OAI-PMH 2.0 endpoint, harvested by a real client (Sickle) and checked as XML."""

from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET  # noqa: N817, S405 - our own responses

import pytest
import requests
from django.core.files.base import ContentFile
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch

from journal.models import Article, CompileRun, Submission
from journal.oai import views as oai_views
from tests.journal.conftest import accepted_articles
from tests.journal.factories import EditionFactory

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}


def publish_directly(edition, *, when, count=2):
    """A published edition with `count` articles (without compiling: fast)."""
    subs = accepted_articles(edition, count)
    run = CompileRun(edition=edition, status=CompileRun.Status.SUCCEEDED, pages=10)
    run.pdf.save(f"e-{edition.pk}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    run.save()
    for position, sub in enumerate(subs, start=1):
        Article.objects.create(
            run=run,
            submission=sub,
            slug=sub.slug,
            title=sub.title,
            position=position,
            snapshot=sub.snapshot,
            first_page=position * 2 - 1,
            last_page=position * 2,
        )
    Submission.objects.filter(pk__in=[s.pk for s in subs]).update(
        status=Submission.Status.PUBLISHED
    )
    edition.published_run = run
    edition.published_at = edition.first_published = when
    edition.save()
    return subs


@pytest.fixture
def published(partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    older = EditionFactory(partnership=partnership, year=2024, title="Journal 2024")
    newer = EditionFactory(partnership=partnership, year=2025, title="Journal 2025")
    publish_directly(older, when=datetime(2024, 7, 1, 9, 0, tzinfo=UTC), count=2)
    publish_directly(newer, when=datetime(2025, 7, 1, 9, 0, tzinfo=UTC), count=3)
    return older, newer


def oai(client, **params):
    response = client.get("/journal/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(  # noqa: S314
        response.content
    )


def error_code(root) -> str | None:
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


class DjangoSickle(Sickle):
    """Sickle, harvesting through Django's test client instead of the network
    (pytest-django's live server cannot start here: MEDIA_URL is None)."""

    def __init__(self, client, endpoint):
        super().__init__(endpoint, max_retries=0)
        self.client = client

    def _request(self, kwargs):
        answer = self.client.get(urlsplit(self.endpoint).path, kwargs)
        response = requests.models.Response()
        response.status_code = answer.status_code
        response._content = answer.content  # noqa: SLF001
        response.headers.update(answer.headers)
        response.encoding = "utf-8"
        response.url = self.endpoint
        return response


def test_a_harvester_lists_every_published_article_with_dublin_core(
    client, published, settings, monkeypatch
):
    site = settings.SITE_URL
    monkeypatch.setattr(oai_views, "PAGE_SIZE", 2)  # make it follow tokens
    older, newer = published
    harvester = DjangoSickle(client, f"{site}/journal/oai/")
    assert harvester.Identify().protocolVersion == "2.0"
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    articles = Article.objects.filter(run__published_as__isnull=False)
    assert len(records) == articles.count() == 5
    by_id = {int(r.header.identifier.rsplit("/", 1)[1]): r for r in records}
    for article in articles.select_related("run__edition"):
        record = by_id[article.submission_id]
        assert record.metadata["title"] == [article.title]
        assert record.metadata["creator"] == [a["name"] for a in article.authors]
        published = article.run.edition.published_at
        assert record.metadata["date"] == [f"{published:%Y-%m-%d}"]
        assert f"{site}{article.get_absolute_url()}" in (record.metadata["identifier"])
        assert record.header.identifier.endswith(f":journal/{article.submission_id}")
    identifiers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    assert len({h.identifier for h in identifiers}) == 5
    one = harvester.GetRecord(
        identifier=records[0].header.identifier, metadataPrefix="oai_dc"
    )
    assert one.metadata["title"] == records[0].metadata["title"]
    assert [s.setSpec for s in harvester.ListSets()] == [
        older.partnership.slug,
        f"{older.partnership.slug}:2024",
        f"{older.partnership.slug}:2025",
    ]
    in_2025 = list(
        harvester.ListRecords(
            metadataPrefix="oai_dc", set=f"{newer.partnership.slug}:2025"
        )
    )
    assert len(in_2025) == 3
    with pytest.raises(IdDoesNotExist):
        harvester.GetRecord(identifier="oai:nowhere:journal/1", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "2030-01-01"}))
    # Sickle's low-level call returns the answer without raising.
    assert 'code="badVerb"' in harvester.harvest(verb="Harvest").raw
    with pytest.raises(BadArgument):
        list(harvester.ListRecords(metadataPrefix="oai_dc", until="yesterday"))


def test_from_and_until_select_by_the_date_an_edition_was_published(client, published):
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2025-01-01", "until": "2025-12-31"},
    )
    headers = root.findall(".//oai:header", NS)
    assert len(headers) == 3
    assert {h.find("oai:datestamp", NS).text for h in headers} == {
        "2025-07-01T09:00:00Z"
    }
    root = oai(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2024-07-01"
    )
    assert len(root.findall(".//oai:header", NS)) == 2  # the whole day counts


def test_a_list_is_split_by_resumption_tokens_that_cannot_be_forged(
    client, published, monkeypatch
):
    monkeypatch.setattr(oai_views, "PAGE_SIZE", 4)
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall(".//oai:record", NS)) == 4
    token = root.find(".//oai:resumptionToken", NS)
    assert token.get("completeListSize") == "5"
    assert token.get("cursor") == "0"
    root = oai(client, verb="ListRecords", resumptionToken=token.text)
    assert len(root.findall(".//oai:record", NS)) == 1
    last = root.find(".//oai:resumptionToken", NS)
    assert last.text is None
    assert last.get("cursor") == "4"
    assert error_code(
        oai(client, verb="ListRecords", resumptionToken="x" + token.text)
    ) == ("badResumptionToken")
    # A token belongs to its verb and must be the only argument.
    assert error_code(
        oai(client, verb="ListIdentifiers", resumptionToken=token.text)
    ) == ("badResumptionToken")
    assert (
        error_code(
            oai(
                client,
                verb="ListRecords",
                resumptionToken=token.text,
                metadataPrefix="oai_dc",
            )
        )
        == "badArgument"
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Delete"}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "marc21"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:y"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListMetadataFormats", "identifier": "oai:x:journal/999999"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nowhere"},
            "noRecordsMatch",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2025-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-02-01",
                "until": "2025-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
    ],
)
def test_bad_requests_get_the_protocols_error_codes(client, published, params, code):
    root = oai(client, **params)
    assert error_code(root) == code
    assert root.find("oai:request", NS).text.endswith("/journal/oai/")
    if code in ("badVerb", "badArgument"):
        assert not root.find("oai:request", NS).attrib


def test_a_repeated_argument_is_a_bad_argument(client, published):
    response = client.get(
        "/journal/oai/?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc"
    )
    assert (
        error_code(
            ET.fromstring(  # noqa: S314
                response.content
            )
        )
        == "badArgument"
    )


def test_harvesters_may_post_their_requests(client, published):
    response = client.post("/journal/oai/", {"verb": "Identify"})
    root = ET.fromstring(  # noqa: S314
        response.content
    )
    assert root.find("oai:Identify/oai:protocolVersion", NS).text == "2.0"
    assert root.find("oai:Identify/oai:earliestDatestamp", NS).text == (
        "2024-07-01T09:00:00Z"
    )


def test_an_unpublished_edition_is_never_harvested(client, published, partnership):
    draft = EditionFactory(partnership=partnership, year=2026)
    accepted_articles(draft, 1)
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall(".//dc:title", NS)) == 5
    specs = {s.text for s in root.findall(".//oai:setSpec", NS)}
    assert f"{partnership.slug}:2026" not in specs


@pytest.mark.parametrize(
    "path",
    ["/journal/oai/?verb=ListRecords&metadataPrefix=oai_dc", "/journal/feed/"],
)
def test_harvesting_costs_the_same_queries_for_two_articles_and_for_twenty(
    client, partnership, settings, tmp_path, path
):
    """A harvester or feed reader reads every record: each costs no query of its
    own (its edition and partnership come with it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path / "media"
    first = EditionFactory(partnership=partnership, year=2024)
    publish_directly(first, when=datetime(2024, 7, 1, 9, 0, tzinfo=UTC), count=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    second = EditionFactory(partnership=partnership, year=2025)
    publish_directly(second, when=datetime(2025, 7, 1, 9, 0, tzinfo=UTC), count=18)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert response.content.decode().count(f"/journal/{partnership.slug}/") >= 20
    assert len(many) == len(few), [q["sql"][:200] for q in many.captured_queries]
