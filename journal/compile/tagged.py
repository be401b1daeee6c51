"""Join tagged PDFs (WeasyPrint's PDF/UA output) into one, keeping their structure.

pypdf's `append` copies pages but drops each part's structure tree, so the joined
edition would not be a tagged PDF. `TaggedJoin` copies every part's pages and
then its structure elements (which point at the copied pages), hangs each part's
top element under one /Document element, and renumbers the parts' parent trees
(the /StructParents of pages and /StructParent of links) so they do not clash.
"""

from __future__ import annotations

from pathlib import Path


class TaggedJoin:
    def __init__(self, *, lang: str = "en-GB"):
        from pypdf import PdfWriter
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = PdfWriter()
        self.lang = lang
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/K"): ArrayObject(),
            }
        )
        self.document_ref = self.writer._add_object(self.document)  # noqa: SLF001
        self.nums = ArrayObject()
        self.next_key = 0
        self.metadata = None

    def add(self, path: Path, *, role: str = "/Part") -> int:
        """Append one tagged PDF; returns the index of its first page."""
        from pypdf import PdfReader
        from pypdf.generic import NameObject, NumberObject

        reader = PdfReader(str(path))
        start = len(self.writer.pages)
        self.writer.append(reader, import_outline=False)
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            return start
        if self.metadata is None and "/Metadata" in reader.trailer["/Root"]:
            self.metadata = reader.trailer["/Root"]["/Metadata"].clone(self.writer)
        offset = self.next_key
        for index, page in enumerate(reader.pages):
            copied = self.writer.pages[start + index]
            if "/StructParents" in page:
                copied[NameObject("/StructParents")] = NumberObject(
                    int(page["/StructParents"]) + offset
                )
            copied[NameObject("/Tabs")] = NameObject("/S")
            for annot in copied.get("/Annots") or []:
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(
                        int(annot["/StructParent"]) + offset
                    )
        self._copy_tree(tree.get_object(), role, offset)
        return start

    def _copy_tree(self, tree, role: str, offset: int) -> None:
        from pypdf.generic import NameObject, NumberObject

        for kid in tree["/K"]:
            element = kid.get_object()
            element.pop("/P", None)  # the part's own root: not copied
            copied = kid.clone(self.writer)
            copied_element = copied.get_object()
            copied_element[NameObject("/P")] = self.document_ref
            if copied_element.get("/S") == "/Document":
                copied_element[NameObject("/S")] = NameObject(role)
            self.document["/K"].append(copied)
        nums = tree["/ParentTree"].get_object().get("/Nums", [])
        highest = -1
        for position in range(0, len(nums), 2):
            key = int(nums[position])
            highest = max(highest, key)
            self.nums.append(NumberObject(key + offset))
            self.nums.append(nums[position + 1].clone(self.writer))
        self.next_key = offset + highest + 1

    def finish(self, *, title: str):
        """Write the joined structure tree, language and title into the catalogue."""
        from pypdf.generic import (
            ArrayObject,
            BooleanObject,
            DictionaryObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        writer = self.writer
        root = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([self.document_ref]),
                NameObject("/ParentTree"): writer._add_object(  # noqa: SLF001
                    DictionaryObject({NameObject("/Nums"): self.nums})
                ),
                NameObject("/ParentTreeNextKey"): NumberObject(self.next_key),
            }
        )
        root_ref = writer._add_object(root)  # noqa: SLF001
        self.document[NameObject("/P")] = root_ref
        catalogue = writer._root_object  # noqa: SLF001
        catalogue[NameObject("/StructTreeRoot")] = root_ref
        catalogue[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        catalogue[NameObject("/Lang")] = TextStringObject(self.lang)
        catalogue[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
        if self.metadata is not None:
            catalogue[NameObject("/Metadata")] = self.metadata
        writer.add_metadata({"/Title": title})
        return writer
