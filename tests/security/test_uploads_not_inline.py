"""Uploaded files are never shown as web pages: checked by content, sent as downloads."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.uploads import CONTENT_TYPES, attachment_response, check_upload

ROOT = Path(__file__).resolve().parents[2]
HTML = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evidence.pdf", HTML),
        ("photo.png", SVG),
        ("data.csv", HTML),
        ("notes.html", HTML),
        ("page.htm", b"<html>hello</html>"),
        ("report.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_html_dressed_as_a_document_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert "contents do not match" in " ".join(refused.value.messages)


@pytest.mark.parametrize("kind", [*sorted(CONTENT_TYPES), "html", "svg", "unknown"])
def test_a_stored_file_is_always_sent_as_an_attachment(kind):
    # Given a stored file holding HTML, whatever kind it is said to be
    stored = ContentFile(HTML, name="stored")
    # When it is served through the one helper for uploads
    response = attachment_response(
        stored, download_name="evidence <script>.html", kind=kind
    )
    # Then the browser is told to download it, not render it
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] != "text/html"
    assert "html" not in response["Content-Type"]
    assert "svg" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == HTML


def test_media_files_have_no_public_url(client, db, tmp_path, settings):
    # Given a file in the uploads folder
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    # When someone guesses its path, then nothing serves it
    for path in ("/media/evidence/secret.pdf", "/evidence/secret.pdf"):
        assert client.get(path).status_code == 404
    assert settings.MEDIA_URL in (None, "")


def _python_sources():
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "node_modules", "tests", "bench"} or (
            "migrations" in parts
        ):
            continue
        yield path


def test_only_the_upload_helper_builds_file_responses():
    """A view serving an upload must go through attachment_response (a source check,
    so a new part that hand-builds a FileResponse is caught here)."""
    offenders = []
    allowed = {ROOT / "partnership" / "uploads.py"}
    for path in _python_sources():
        if path in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bFileResponse\(|as_attachment\s*=\s*False|static\.serve", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, (
        f"serve uploads with partnership.uploads.attachment_response: {offenders}"
    )


def test_uploads_are_stored_outside_the_static_files():
    media = Path(settings.MEDIA_ROOT).resolve()
    for static in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        static = static.resolve()
        assert media != static
        assert static not in media.parents
        assert media not in static.parents
