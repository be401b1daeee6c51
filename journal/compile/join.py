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


def _stamp_numbers(writer, front_pages: int) -> None:
    """Article pages are numbered from 1, centred at the foot of the page."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    font = _number_font(writer)
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    save_ref = writer._add_object(save)  # noqa: SLF001
    for index in range(front_pages, len(writer.pages)):
        page = writer.pages[index]
        number = str(index - front_pages + 1)
        left = (float(page.mediabox.width) - len(number) * 0.556 * 9) / 2
        _page_fonts(page)[NameObject("/JNum")] = font
        stamp = DecodedStreamObject()
        stamp.set_data(
            f"Q q BT /JNum 9 Tf 0.2 g {left:.2f} 30 Td ({number}) Tj ET Q\n".encode()
        )
        page[NameObject("/Contents")] = ArrayObject(
            [save_ref, *_existing_contents(page), writer._add_object(stamp)]  # noqa: SLF001
        )


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


def stamp_and_join(
    front: Path, chunk_pdfs: list[Path], articles, out_path: Path, edition
) -> tuple[int, int]:
    """Write the whole edition to `out_path`; returns (front pages, total pages)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(front))
    front_pages = len(writer.pages)
    for path in chunk_pdfs:
        writer.append(str(path), import_outline=False)
    _stamp_numbers(writer, front_pages)
    _link_contents(writer, front_pages, articles)
    for article in articles:
        writer.add_outline_item(
            title=article.title[:120], page_number=front_pages + article.first_page - 1
        )
    writer.add_metadata(
        {
            "/Title": edition.title,
            "/Author": edition.partnership.name,
            "/Subject": f"{edition.year} edition",
        }
    )
    with out_path.open("wb") as handle:
        writer.write(handle)
    return front_pages, len(writer.pages)
