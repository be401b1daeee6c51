"""Rules for every uploaded file (research evidence, receipts, case-study files).

The type is decided from the file's first bytes, never its name; files are stored
under random names in MEDIA_ROOT (outside the static root) and only ever served by
views that check permission, as attachments with `nosniff`.
"""

import logging
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

log = logging.getLogger(__name__)

OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED = 200 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
}
DESCRIPTION = "PDF, Word, Excel, PowerPoint, CSV, PNG or JPEG"
EVIDENCE_KINDS = frozenset(CONTENT_TYPES)
RECEIPT_KINDS = frozenset({"pdf", "png", "jpg"})


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # the detected type, e.g. "pdf"
    size: int
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _ooxml_kind(head: bytes, upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names:
                return None
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ValidationError(
                    "The document expands to more than 200 MB; it cannot be accepted."
                )
            for kind, prefix in OOXML_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


def _looks_like_csv(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = text.lstrip().lower()
    return not lowered.startswith(("<", "<!doctype", "<script", "<html", "<svg"))


def detect_kind(upload) -> str | None:
    """The file's real type from its content, or None when it is not one we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(OLE_MAGIC):
        ext = PurePath(upload.name or "").suffix.lower().lstrip(".")
        return ext if ext in {"doc", "xls", "ppt"} else None
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension == "zip" or guess.mime == "application/zip":
            return _ooxml_kind(head, upload)
        if guess.extension in {"docx", "xlsx", "pptx"}:
            return _ooxml_kind(head, upload)
        if guess.extension in {"pdf", "png", "jpg"}:
            return guess.extension
        return None
    if PurePath(upload.name or "").suffix.lower() == ".csv" and _looks_like_csv(head):
        return "csv"
    return None


def check_upload(
    upload, *, allowed=EVIDENCE_KINDS, max_bytes: int | None = None
) -> CheckedFile:
    """Check an uploaded file or raise ValidationError with a message a person can act on."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_BYTES
    if upload is None:
        raise ValidationError("Choose a file to upload.")
    if upload.size == 0:
        raise ValidationError("The selected file is empty.")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB."
        )
    kind = detect_kind(upload)
    if kind is None or kind not in allowed:
        names = (
            DESCRIPTION
            if allowed == EVIDENCE_KINDS
            else ", ".join(sorted(k.upper() for k in allowed))
        )
        raise ValidationError(
            f"The selected file must be a {names} file. Its contents do not match "
            "an accepted type, whatever its name says."
        )
    return CheckedFile(
        kind=kind, size=upload.size, original_name=PurePath(upload.name).name
    )


@deconstructible
class RandomUploadPath:
    """An `upload_to` giving a random stored name; keep the real name in a field."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = PurePath(filename).suffix.lower()[:10]
        return f"{self.folder}/{secrets.token_hex(16)}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def attachment_response(file_field, *, download_name: str, kind: str) -> FileResponse:
    """Serve a stored file as a download that no browser will render as a page.

    A file its row names but storage no longer holds (a restore that missed the
    media, a bucket emptied by hand) is a 404 the person can read, and an error in
    the log for whoever runs the portal, not a server error."""
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        log.error("stored file missing: %s", file_field.name)
        raise Http404("This file is no longer in storage.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


__all__ = [
    "CONTENT_TYPES",
    "EVIDENCE_KINDS",
    "RECEIPT_KINDS",
    "CheckedFile",
    "attachment_response",
    "check_upload",
    "detect_kind",
    "RandomUploadPath",
]
