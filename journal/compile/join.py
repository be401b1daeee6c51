"""Join the front matter and the article chunks into one PDF: page numbers stamped
on the articles, the contents linked to them, bookmarks and metadata."""

from pathlib import Path

CONTENTS_LINK = "https://contents.invalid/article-"


def _number_font(writer):
    from pypdf.generic import DictionaryObject, NameObject

    return writer._add_object(  # noqa: SLF001 - pypdf has no public add_object
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def _page_fonts(page):
    from pypdf.generic import DictionaryObject, NameObject

    resources = page.get("/Resources")
    if resources is None:
        page[NameObject("/Resources")] = DictionaryObject()
        resources = page["/Resources"]
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        resources[NameObject("/Font")] = DictionaryObject()
        fonts = resources["/Font"]
    return fonts.get_object()


def _existing_contents(page) -> list:
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    if not isinstance(contents, ArrayObject):
        contents = contents.get_object()
    if isinstance(contents, ArrayObject):
        return list(contents)
    return [page.raw_get("/Contents")]


def stamp_numbers(path: Path, first_number: int) -> None:
    """Number an article's pages from `first_number`, centred at the foot.

    The numbers are marked as artifacts, so the tagged PDF stays valid."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=str(path))
    font = _number_font(writer)
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    save_ref = writer._add_object(save)  # noqa: SLF001
    for index, page in enumerate(writer.pages):
        number = str(first_number + index)
        left = (float(page.mediabox.width) - len(number) * 0.556 * 9) / 2
        _page_fonts(page)[NameObject("/JNum")] = font
        stamp = DecodedStreamObject()
        stamp.set_data(
            f"Q q /Artifact BMC BT /JNum 9 Tf 0.2 g {left:.2f} 30 Td ({number}) Tj ET"
            " EMC Q\n".encode()
        )
        page[NameObject("/Contents")] = ArrayObject(
            [save_ref, *_existing_contents(page), writer._add_object(stamp)]  # noqa: SLF001
        )
    with path.open("wb") as handle:
        writer.write(handle)


def _link_contents(writer, front_pages: int, articles) -> None:
    """Point the contents' links (placeholder URIs from WeasyPrint) at the articles."""
    from pypdf.generic import ArrayObject, NameObject

    first_page = {a.position: a.first_page for a in articles}
    for index in range(front_pages):
        for annot in writer.pages[index].get("/Annots") or []:
            link = annot.get_object()
            action = link.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if not uri.startswith(CONTENTS_LINK):
                continue
            position = int(uri.removeprefix(CONTENTS_LINK))
            target = writer.pages[front_pages + first_page[position] - 1]
            del link["/A"]
            link[NameObject("/Dest")] = ArrayObject(
                [target.indirect_reference, NameObject("/Fit")]
            )


def _outline(writer, front_pages: int, articles, foreword_page) -> None:
    """Bookmarks: the contents, the foreword, then each section and its articles."""
    writer.add_outline_item(title="Contents", page_number=1 if front_pages > 1 else 0)
    if foreword_page is not None:
        writer.add_outline_item(title="Foreword", page_number=foreword_page)
    section_title, parent = None, None
    for article in articles:
        page = front_pages + article.first_page - 1
        if article.section_title and article.section_title != section_title:
            parent = writer.add_outline_item(
                title=article.section_title[:120], page_number=page
            )
        elif not article.section_title:
            parent = None
        section_title = article.section_title
        writer.add_outline_item(
            title=article.title[:120], page_number=page, parent=parent
        )


def stamp_and_join(
    front: Path,
    galleys: list[Path],
    articles,
    out_path: Path,
    edition,
    foreword: int | None = None,
) -> tuple[int, int]:
    """Write the whole edition to `out_path`; returns (front pages, total pages).

    The galleys are already numbered (`stamp_numbers`); the joined PDF keeps
    every part's tags."""
    from .tagged import TaggedJoin

    join = TaggedJoin(lang="en-GB")
    join.add(front, role="/Part")
    writer = join.writer
    front_pages = len(writer.pages)
    for path in galleys:
        join.add(path, role="/Art")
    join.finish(title=edition.title)
    _link_contents(writer, front_pages, articles)
    _outline(writer, front_pages, articles, foreword)
    writer.add_metadata(
        {
            "/Author": edition.partnership.name,
            "/Subject": f"{edition.year} edition",
        }
    )
    writer.page_mode = "/UseOutlines"
    with out_path.open("wb") as handle:
        writer.write(handle)
    return front_pages, len(writer.pages)
