"""The officer's staff import validates every cell before it reaches the database:
odd input is reported on its row, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schools.models import Invitation

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,school_urn,role\n"


def _import(client, officer, content: bytes):
    client.force_login(officer)
    return client.post(
        "/schools/staff-import/",
        {"file": SimpleUploadedFile("staff.csv", content, "text/csv")},
    )


@pytest.mark.parametrize(
    "row",
    [
        "a@riverside-primary.example,Unicode Digit,\u00b2,teacher",
        "a@riverside-primary.example,Huge,99999999999999999999,teacher",
        "a@riverside-primary.example,Negative,-5,teacher",
        "a@riverside-primary.example," + "N" * 400 + ",{urn},teacher",
        "a@riverside-primary.example,Long Role,{urn}," + "r" * 400,
        ("x" * 300) + "@riverside-primary.example,Long Email,{urn},teacher",
    ],
)
def test_an_odd_row_is_reported_and_nothing_is_stored(client, officer, school, row):
    content = (HEADER + row.format(urn=school.urn) + "\n").encode()
    response = _import(client, officer, content)
    assert response.status_code == 200
    assert "1 row rejected" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x81\x8d\x8f\x90\x9d" * 10,
        b"email,full_name\x00,school_urn,role\n",
    ],
)
def test_a_file_that_is_not_text_is_refused_with_a_message(client, officer, content):
    response = _import(client, officer, content)
    assert response.status_code == 200
    assert "The file must be a CSV file saved as text" in response.content.decode()
    assert not Invitation.objects.exists()
