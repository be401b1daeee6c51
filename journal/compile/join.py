"""Write the edition's PDF from the parts the renderers recorded (`parts`).

Each part's objects are copied as bytes with their object numbers moved past the
ones already written (a reference is `N 0 R` outside a string; pydyf escapes
every parenthesis inside one). Pages get the edition's page tree, parent-tree
keys move by a running offset, each part's top structure element is hung under
one /Document element (/Part for the front matter, /Art for an article), the
contents' links point at the articles' first pages, and the bookmarks, the
catalogue and the cross-reference table are written last. Nothing is parsed:
the join costs about as much as copying the files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import BinaryIO

from .parts import number_content

CONTENTS_LINK = "https://contents.invalid/article-"
REFERENCE = re.compile(rb"\((?:[^\\()]|\\.)*\)|(?<![\d.])(\d+) 0 R\b", re.S)
# The edition's own objects come first; the parts' are numbered after them.
PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, CATALOG, INFO = range(1, 7)


@dataclass
class Joined:
    pages: list[int]  # the part's pages' object numbers in the edition
    tops: list[int]  # its top structure elements


def _text(value: str) -> bytes:
    import pydyf

    return pydyf.String(value).data


def _renumberer(mapping: list[int], name: str):
    def replace(match: re.Match) -> bytes:
        local = match.group(1)
        if local is None:  # a string: left as it is
            return match.group(0)
        number = mapping[int(local)]
        if number < 0:
            raise ValueError(f"{name}: a reference to an object left out ({local})")
        return b"%d 0 R" % number

    return lambda body: REFERENCE.sub(replace, body)


class EditionWriter:
    """One PDF written object by object; parts in any order, pages in the order
    given to `finish`."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.next_number = INFO + 1
        self.next_key = 0
        self.nums: list[tuple[int, bytes]] = []
        self.dests: dict[str, bytes] = {}
        self.metadata: int | None = None
        self._write(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.position
        if stream is None:
            self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        else:
            self._write(
                b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n"
                % (number, body, stream)
            )

    def _allocate(self) -> int:
        self.next_number += 1
        return self.next_number - 1

    def add(
        self, part: dict, *, role: str, first_number: int = 0, links=None
    ) -> Joined:
        """Copy one part; `links` maps an article's position to (its first page's
        object number, its title) for the contents' links."""
        mapping = [-1] * part["size"]
        for number, _, _ in part["objects"]:
            mapping[number] = self._allocate()
        renumber = _renumberer(mapping, role)
        offset, extras = self.next_key, part["extras"]
        for number, body, stream in part["objects"]:
            body = renumber(body)
            if number in extras:
                body, stream = self._change(
                    body,
                    stream,
                    extras[number],
                    part,
                    role,
                    first_number,
                    offset,
                    links,
                )
            self._object(mapping[number], body, stream)
        keys = [key for key, _ in part["nums"]]
        self.nums.extend((key + offset, renumber(value)) for key, value in part["nums"])
        self.next_key = offset + max(keys, default=-1) + 1
        for name, value in part["dests"]:  # the front matter's names win
            if role == "/Part" or name not in self.dests:
                self.dests[name] = renumber(value)
        if part["metadata"] is not None and self.metadata is None:
            self.metadata = mapping[part["metadata"]]
        return Joined(
            pages=[mapping[n] for n in part["pages"]],
            tops=[mapping[n] for n in part["top"]],
        )

    @staticmethod
    def _change(body, stream, changes, part, role, first_number, offset, links):
        """The entries only the edition knows: page tree, keys, roles, links."""
        added = []
        for op, arg in changes:
            if op == "Parent":
                added.append(b"/Parent %d 0 R" % PAGES)
            elif op in ("StructParents", "StructParent"):
                added.append(b"/%s %d" % (op.encode(), arg + offset))
            elif op == "Top":
                added.append(b"/P %d 0 R/S %s" % (DOCUMENT, role.encode()))
            elif op == "Link":
                page, title = links[arg]
                added.append(b"/Dest [%d 0 R /Fit]/Contents %s" % (page, _text(title)))
            elif op == "Number":
                stream = number_content(
                    first_number + arg, part["widths"][arg]
                ).rstrip()
                return b"<</Length %d>>" % len(stream), stream
        return body[:-2] + b"".join(added) + b">>", stream

    def _outline(self, entries, pages: list[int]) -> int:
        """Bookmarks: `entries` are (title, page index, [(title, page index)])."""
        root = self._allocate()
        numbers = [self._allocate() for _ in entries]
        visible = len(entries)
        for i, (title, page, children) in enumerate(entries):
            kids = [self._allocate() for _ in children]
            for j, (child_title, child_page) in enumerate(children):
                self._object(
                    kids[j],
                    self._item(child_title, pages[child_page], numbers[i], kids, j),
                )
            body = self._item(title, pages[page], root, numbers, i)
            if kids:
                body = body[:-2] + b"/First %d 0 R/Last %d 0 R/Count %d>>" % (
                    kids[0],
                    kids[-1],
                    len(kids),
                )
                visible += len(kids)
            self._object(numbers[i], body)
        first_last = b"/First %d 0 R/Last %d 0 R" % (numbers[0], numbers[-1])
        self._object(root, b"<</Type /Outlines%s/Count %d>>" % (first_last, visible))
        return root

    @staticmethod
    def _item(title, page, parent, siblings, i) -> bytes:
        links = b"".join(
            b"/%s %d 0 R" % (key, siblings[j])
            for key, j in ((b"Prev", i - 1), (b"Next", i + 1))
            if 0 <= j < len(siblings)
        )
        return b"<</Title %s/Parent %d 0 R%s/Dest [%d 0 R /Fit]>>" % (
            _text(title[:120]),
            parent,
            links,
            page,
        )

    def finish(self, *, pages, tops, outline, info: dict, lang: str) -> None:
        """The page tree, structure tree root, bookmarks, catalogue and xref."""
        kids = b" ".join(b"%d 0 R" % n for n in pages)
        self._object(PAGES, b"<</Type /Pages/Kids [%s]/Count %d>>" % (kids, len(pages)))
        self._object(
            DOCUMENT,
            b"<</Type /StructElem/S /Document/P %d 0 R/K [%s]>>"
            % (STRUCT_ROOT, b" ".join(b"%d 0 R" % n for n in tops)),
        )
        nums = b" ".join(b"%d %s" % pair for pair in sorted(self.nums))
        self._object(PARENT_TREE, b"<</Nums [%s]>>" % nums)
        self._object(
            STRUCT_ROOT,
            b"<</Type /StructTreeRoot/K [%d 0 R]/ParentTree %d 0 R/ParentTreeNextKey %d>>"
            % (DOCUMENT, PARENT_TREE, self.next_key),
        )
        catalog = [
            b"/Type /Catalog/Pages %d 0 R/StructTreeRoot %d 0 R" % (PAGES, STRUCT_ROOT),
            b"/MarkInfo <</Marked true>>/Lang %s" % _text(lang),
            b"/ViewerPreferences <</DisplayDocTitle true>>",
        ]
        if outline:
            outlines = self._outline(outline, pages)
            catalog.append(b"/Outlines %d 0 R/PageMode /UseOutlines" % outlines)
        if self.metadata is not None:
            catalog.append(b"/Metadata %d 0 R" % self.metadata)
        if self.dests:
            names = b" ".join(
                _text(name) + b" " + value for name, value in sorted(self.dests.items())
            )
            catalog.append(b"/Names <</Dests <</Names [%s]>>>>" % names)
        self._object(CATALOG, b"<<%s>>" % b"".join(catalog))
        self._object(
            INFO,
            b"<<%s>>"
            % b"".join(b"/%s %s" % (k.encode(), _text(v)) for k, v in info.items()),
        )
        self._xref(info)

    def _xref(self, info: dict) -> None:
        size = self.next_number
        if sorted(self.offsets) != list(range(1, size)):
            raise ValueError("the edition's objects are not numbered 1 to n")
        start = self.position
        rows = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        rows += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)]
        identifier = hashlib.md5(  # noqa: S324 - a file identifier, not security
            repr((sorted(info.items()), size, start)).encode()
        ).hexdigest()
        rows.append(
            b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID [<%s><%s>]>>\n"
            % (size, CATALOG, INFO, identifier.encode(), identifier.encode())
        )
        rows.append(b"startxref\n%d\n%%%%EOF\n" % start)
        self._write(b"".join(rows))


def outline_entries(articles, front_pages: int, foreword: int | None) -> list:
    """Contents, foreword, then each section with its articles (page indexes)."""
    entries = [("Contents", 1 if front_pages > 1 else 0, [])]
    if foreword is not None:
        entries.append(("Foreword", foreword, []))
    section = None
    for article in articles:
        page = front_pages + article.first_page - 1
        if article.section_title and article.section_title != section:
            entries.append((article.section_title, page, []))
        if article.section_title:
            entries[-1][2].append((article.title, page))
        else:
            entries.append((article.title, page, []))
        section = article.section_title
    return entries
