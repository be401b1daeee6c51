"""Each article's own PDF (galley), tagged PDFs, bookmarks and page ranges."""

import io

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from journal import services
from journal.models import Section, Submission
from tests.factories import member_school
from tests.journal.factories import ProjectFactory, make_submission

BULLETS = "Before the list.\n\n- Bullet point one\n- Bullet point two\n\nAfter it."


def _accepted(edition, title, section, position, **text):
    sub = make_submission(
        edition,
        ProjectFactory(school=member_school(edition.partnership), title=title, **text),
        status=Submission.Status.ACCEPTED,
    )
    sub.section, sub.position = section, position
    sub.save()
    return sub


@pytest.fixture
def compiled(edition, officer, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    edition.foreword = "Welcome to this year's journal."
    edition.save()
    early = Section.objects.create(edition=edition, title="Early years", position=0)
    later = Section.objects.create(edition=edition, title="Secondary", position=1)
    brief = dict.fromkeys(("context", "intervention", "methods", "impact"), "Brief.")
    subs = [
        _accepted(edition, "Phonics in the reception class", early, 0),
        _accepted(
            edition, "Sharing stories at home", early, 1, findings=BULLETS, **brief
        ),
        _accepted(edition, "Retrieval quizzes in Year 9 science", later, 0),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compile_request(edition=edition, by=officer)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    return run, subs


def _reader(field) -> PdfReader:
    with field.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def _assert_tagged(reader: PdfReader, title: str) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    tree = root["/StructTreeRoot"].get_object()
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    assert len(document["/K"]) > 0
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == title
    # Every page's marked content is reachable from the parent tree.
    keys = tree["/ParentTree"].get_object()["/Nums"][::2]
    pages = [int(p["/StructParents"]) for p in reader.pages if "/StructParents" in p]
    assert len(pages) == len(reader.pages)
    assert len(set(pages)) == len(pages)
    assert set(pages) <= set(keys)


def _struct_pages(reader: PdfReader) -> tuple[set, int]:
    """The pages the structure elements point at, and how many elements there are."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    pages, count, todo = set(), 0, list(root["/K"])
    while todo:
        element = todo.pop().get_object()
        if not hasattr(element, "get") or element.get("/Type") == "/MCR":
            continue
        count += 1
        if "/Pg" in element:
            pages.add(element.raw_get("/Pg").idnum)
        kids = element.get("/K")
        if kids is not None and hasattr(kids, "__iter__") and not hasattr(kids, "get"):
            todo.extend(k for k in kids if hasattr(k, "get_object"))
        elif kids is not None and hasattr(kids, "get_object"):
            todo.append(kids)
    return pages, count


def test_the_edition_structure_tree_points_at_the_editions_own_pages(compiled):
    run, _ = compiled
    reader = _reader(run.pdf)
    pointed, count = _struct_pages(reader)
    own = {page.indirect_reference.idnum for page in reader.pages}
    assert count > 50
    assert pointed <= own  # nothing points at a page left behind in a part
    assert len(pointed) == len(own)  # every page has tagged content


def test_each_article_has_its_own_pdf_with_its_pages_numbered_as_in_the_edition(
    compiled,
):
    run, subs = compiled
    edition_pages = [p.extract_text() for p in _reader(run.pdf).pages]
    front = run.pages - run.articles.order_by("-position").first().last_page
    for article in run.articles.order_by("position"):
        reader = _reader(article.pdf)
        assert len(reader.pages) == article.last_page - article.first_page + 1
        first = reader.pages[0].extract_text()
        assert article.title in first
        # Every page shows its number in the edition, and is the edition's page.
        for index, page in enumerate(reader.pages):
            text = page.extract_text()
            assert text.strip().endswith(str(article.first_page + index))
            assert text == edition_pages[front + article.first_page - 1 + index]
    assert sorted(a.submission_id for a in run.articles.all()) == sorted(
        s.pk for s in subs
    )


def test_the_edition_and_article_pdfs_are_tagged_with_title_and_language(compiled):
    run, _ = compiled
    edition = run.edition
    _assert_tagged(_reader(run.pdf), edition.title)
    for article in run.articles.all():
        _assert_tagged(_reader(article.pdf), f"{article.title} – {edition.title}")


def test_the_edition_bookmarks_each_section_and_article_at_its_first_page(compiled):
    run, _ = compiled
    reader = _reader(run.pdf)
    front = run.pages - run.articles.order_by("-position").first().last_page
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles == ["Contents", "Foreword", "Early years", "Secondary"]
    articles = list(run.articles.order_by("position"))
    sections = {item.title: item for item in top}
    assert reader.get_destination_page_number(sections["Early years"]) == (
        front + articles[0].first_page - 1
    )
    assert reader.get_destination_page_number(sections["Secondary"]) == (
        front + articles[2].first_page - 1
    )
    children = [item for item in outline if isinstance(item, list)]
    assert [[c.title for c in group] for group in children] == [
        [articles[0].title, articles[1].title],
        [articles[2].title],
    ]
    assert [
        reader.get_destination_page_number(c) for group in children for c in group
    ] == [front + a.first_page - 1 for a in articles]
    foreword = reader.pages[reader.get_destination_page_number(sections["Foreword"])]
    assert "Welcome to this year" in foreword.extract_text()


def test_an_articles_own_pdf_has_bookmarks_for_its_headings(compiled):
    run, _ = compiled
    article = run.articles.order_by("position").first()
    outline = _reader(article.pdf).outline
    assert outline[0].title == article.title
    assert "Findings" in [item.title for item in outline[1]]


def _fonts_of(page, wanted: list[str]) -> dict[str, tuple]:
    found = {}

    def visit(text, cm, tm, font, size):
        for word in wanted:
            if word in text and font is not None:
                found[word] = (font.get("/BaseFont"), round(size * tm[0], 2))

    page.extract_text(visitor_text=visit)
    return found


def test_list_items_are_set_in_the_same_font_and_size_as_paragraphs(compiled):
    run, _ = compiled
    article = run.articles.get(title="Sharing stories at home")
    reader = _reader(article.pdf)
    page = next(p for p in reader.pages if "Bullet point one" in p.extract_text())
    fonts = _fonts_of(page, ["Before the list", "Bullet point one", "After it"])
    assert len(fonts) == 3, fonts
    assert len(set(fonts.values())) == 1, fonts


def test_the_article_page_cites_its_pages_and_links_its_own_pdf(
    client, compiled, officer
):
    run, _ = compiled
    services.edition_publish(edition=run.edition, by=officer)
    year = run.edition.year
    short = run.articles.get(title="Sharing stories at home")
    assert short.first_page == short.last_page
    long = run.articles.get(title="Phonics in the reception class")
    assert long.last_page > long.first_page
    page = client.get(short.get_absolute_url()).content.decode()
    assert f", p. {short.first_page}." in page
    assert "pp." not in page
    pdf_url = f"/journal/{run.edition.partnership.slug}/{year}/{short.slug}.pdf"
    assert f'href="{pdf_url}"' in page
    assert (
        f'<meta name="citation_pdf_url" content="http://testserver{pdf_url}">' in page
    )
    page = client.get(long.get_absolute_url()).content.decode()
    assert f", pp. {long.first_page}–{long.last_page}." in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(body)).pages) == 1
    assert escape(short.title) in client.get(short.get_absolute_url()).content.decode()


def test_an_article_pdf_of_an_unpublished_edition_is_not_found(client, compiled):
    run, _ = compiled
    article = run.articles.first()
    edition = run.edition
    url = f"/journal/{edition.partnership.slug}/{edition.year}/{article.slug}.pdf"
    assert client.get(url).status_code == 404
