"""What a renderer keeps of each PDF it writes, so the edition is joined without
re-reading any PDF (see docs/adr/0019-journal-galleys-and-tagged-pdfs.md).

`PartRecorder` is a WeasyPrint finisher: it sees the document's objects (pydyf)
just before they are written, and

- gives every page of a galley a page-number slot: a small uncompressed content
  stream of `SLOT` bytes holding a placeholder, drawn as an `/Artifact` in
  base-14 Helvetica. Once the edition is numbered the parent overwrites the slot
  in the written galley in place (`stamp_galley`): same length, so no offset in
  the file moves;
- records the objects as bytes (stream data compressed once, for both files) with
  what the edition's join must change: the page's parent and parent-tree key, an
  annotation's key, the part's top structure element, the contents' links.

No Django here: the renderers import this module by its file name.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

import pydyf

PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: PDF/UA-1
SLOT = 96  # bytes of one page number's content stream
PLACEHOLDER = b"%JNUM"  # a comment: draws nothing until the slot is stamped
DIGIT_WIDTH = 0.556 * 9  # Helvetica digits are 556/1000 em wide; 9 pt


def number_content(number: int, page_width: float) -> bytes:
    """A page number centred at the foot, as a content stream of `SLOT` bytes."""
    text = str(number)
    left = (page_width - len(text) * DIGIT_WIDTH) / 2
    return (
        (f"Q q /Artifact BMC BT /JNum 9 Tf 0.2 g {left:.2f} 30 Td ({text}) Tj ET EMC Q")
        .encode()
        .ljust(SLOT)
    )


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


class PartRecorder:
    """A WeasyPrint finisher recording a galley (or the front matter) as a part."""

    def __init__(self, *, numbered: bool, link_prefix: str = ""):
        self.numbered = numbered
        self.link_prefix = link_prefix
        self.part: dict = {}
        self._slots: list = []

    def __call__(self, document, pdf) -> None:
        objects, catalog = pdf.objects, pdf.catalog
        pages = [objects[n] for n in pdf.pages["Kids"][::3]]
        tree = objects[_number(catalog["StructTreeRoot"])]
        parent_tree = objects[_number(tree["ParentTree"])]
        skip = {0, pdf.pages.number, catalog.number, tree.number, parent_tree.number}
        skip |= _outline_objects(objects, catalog.get("Outlines"))
        metadata = catalog.get("Metadata")
        if metadata is not None and self.numbered:
            skip.add(_number(metadata))
        extras: dict[int, list] = {}
        if self.numbered:
            self._add_slots(pdf, pages, extras)
        for page in pages:
            extras.setdefault(page.number, []).extend(
                [("Parent", None), ("StructParents", int(page["StructParents"]))]
            )
        top = [_number(ref) for ref in tree["K"]]
        for number in top:
            extras.setdefault(number, []).append(("Top", None))
        for obj in objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Annot":
                self._annotation(obj, extras)
        self.part = {
            "size": len(objects),
            "skip": sorted(skip),
            "objects": self._objects(objects, skip, extras),
            "extras": extras,
            "pages": [page.number for page in pages],
            "widths": [
                float(page["MediaBox"][2]) - float(page["MediaBox"][0])
                for page in pages
            ],
            "top": top,
            "nums": _nums(parent_tree["Nums"]),
            "dests": _dests(catalog),
            "metadata": None
            if metadata is None or self.numbered
            else _number(metadata),
        }

    def _add_slots(self, pdf, pages, extras) -> None:
        """A number slot after each page's content, and Helvetica in its fonts."""
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type1",
                "BaseFont": "/Helvetica",
                "Encoding": "/WinAnsiEncoding",
            }
        )
        pdf.add_object(font)
        save = pydyf.Stream([b"q"])
        pdf.add_object(save)
        fonts_dicts = set()
        for index, page in enumerate(pages):
            resources = pdf.objects[_number(page["Resources"])]
            fonts = resources.get("Font")
            if fonts is None:
                fonts = resources["Font"] = pydyf.Dictionary()
            elif isinstance(fonts, bytes):
                fonts = pdf.objects[_number(fonts)]
            if id(fonts) not in fonts_dicts:
                fonts["JNum"] = font.reference
                fonts_dicts.add(id(fonts))
            slot = pydyf.Stream([(PLACEHOLDER + b"%05d" % index).ljust(SLOT)])
            pdf.add_object(slot)
            self._slots.append(slot)
            extras[slot.number] = [("Number", index)]
            contents = page["Contents"]
            if isinstance(contents, pydyf.Array):
                contents = b" ".join(pydyf._to_bytes(item) for item in contents)  # noqa: SLF001
            page["Contents"] = pydyf.Array([save.reference, contents, slot.reference])

    def _annotation(self, annot, extras) -> None:
        changes = extras.setdefault(annot.number, [])
        if "StructParent" in annot:
            changes.append(("StructParent", int(annot["StructParent"])))
        action = annot.get("A")
        uri = getattr(action.get("URI"), "string", "") if action else ""
        if self.link_prefix and uri.startswith(self.link_prefix):
            changes.append(("Link", int(uri.removeprefix(self.link_prefix))))

    def _objects(self, objects, skip: set, extras: dict) -> list:
        """Each object kept as (number, dictionary bytes, stream bytes or None).

        Stream data is compressed here once; the galley is written with it."""
        dropped = {
            "Parent": ("Parent",),
            "StructParents": ("StructParents",),
            "StructParent": ("StructParent",),
            "Top": ("P", "S"),
            "Link": ("A", "Contents"),
        }
        kept = []
        for obj in objects:
            number = obj.number
            if number in skip:
                continue
            if isinstance(obj, pydyf.Stream):
                kept.append((number, *_freeze(obj)))
                continue
            drop = {
                key for op, _ in extras.get(number, ()) for key in dropped.get(op, ())
            }
            if drop:
                obj = pydyf.Dictionary({k: v for k, v in obj.items() if k not in drop})
                kept.append((number, obj.data, None))
            else:  # the galley is written with the same bytes
                objects[number] = _Serialized(number, obj.data)
                kept.append((number, objects[number].data, None))
        return kept

    def save(self, path: Path) -> None:
        """Write the part, with where each number slot landed in the galley."""
        slots = []
        for index, slot in enumerate(self._slots):
            header = len(f"{slot.number} {slot.generation} obj\n")
            slots.append((slot.offset + header + slot.data.index(PLACEHOLDER), index))
        self.part["slots"] = slots
        with Path(path).open("wb") as handle:
            pickle.dump(self.part, handle, protocol=pickle.HIGHEST_PROTOCOL)


class _Serialized(pydyf.Object):
    """An object already turned into bytes (pydyf would do it again)."""

    def __init__(self, number: int, data: bytes):
        super().__init__()
        self.number, self._data = number, data

    @property
    def data(self) -> bytes:
        return self._data


def _freeze(stream) -> tuple[bytes, bytes]:
    """Compress a stream's data once; pydyf then writes the galley with it."""
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # noqa: SLF001
    extra = dict(stream.extra)
    if stream.compress:
        data = zlib.compress(data)
        extra["Filter"] = "/FlateDecode"
        stream.stream, stream.compress, stream.extra = [data], False, extra
    body = pydyf.Dictionary({**extra, "Length": len(data)}).data
    return body, data


def _outline_objects(objects, reference) -> set[int]:
    """The numbers of a document's own bookmarks (the edition has its own)."""
    found, todo = set(), [] if reference is None else [_number(reference)]
    while todo:
        number = todo.pop()
        if number in found:
            continue
        found.add(number)
        item = objects[number]
        todo.extend(_number(item[key]) for key in ("First", "Next") if key in item)
    return found


def _nums(nums) -> list[tuple[int, bytes]]:
    return [
        (int(nums[i]), pydyf._to_bytes(nums[i + 1]))  # noqa: SLF001
        for i in range(0, len(nums), 2)
    ]


def _dests(catalog) -> list[tuple[str, bytes]]:
    """Named destinations (the contents' link to the foreword, headings' ids)."""
    names = catalog.get("Names")
    dests = names.get("Dests") if names else None
    if not dests:
        return []
    pairs = dests["Names"]
    return [
        (pairs[i].string, pydyf._to_bytes(pairs[i + 1]))  # noqa: SLF001
        for i in range(0, len(pairs), 2)
    ]


def load(path: Path) -> dict:
    """A part written by `PartRecorder.save` in this run's own folder."""
    with Path(path).open("rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our renderer's file, private folder


def stamp_galley(path: Path, part: dict, first_number: int) -> None:
    """Write the edition's page numbers into a galley's slots, in place."""
    with Path(path).open("r+b") as handle:
        for offset, index in part["slots"]:
            handle.seek(offset)
            if handle.read(len(PLACEHOLDER)) != PLACEHOLDER:
                raise ValueError(f"{path}: no page number slot at {offset}")
            handle.seek(offset)
            handle.write(number_content(first_number + index, part["widths"][index]))
