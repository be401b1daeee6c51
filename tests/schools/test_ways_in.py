"""The ways into the portal: invitations, a staff CSV import, and domain sign-up."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from partnership.models import Notification
from schools.models import Invitation, Staff, User

pytestmark = pytest.mark.django_db


def _invitation_link(message_body: str) -> str:
    return re.search(
        r"http://[^/]+(/schools/invitations/[^/\s]+/)", message_body
    ).group(1)


def test_headteacher_invites_a_teacher_who_joins_and_can_sign_in(
    client, headteacher, school, django_capture_on_commit_callbacks
):
    client.force_login(headteacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/schools/{school.urn}/staff/invite/",
            {
                "email": "New.Teacher@Riverside-Primary.example",
                "role": "teacher",
                "full_name": "Nia Roberts",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.teacher@riverside-primary.example"]
    assert "invited you to join Riverside Primary School" in mail.outbox[0].body
    link = _invitation_link(mail.outbox[0].body)

    client.logout()
    page = client.get(link)
    assert "Join Riverside Primary School" in page.content.decode()
    response = client.post(
        link,
        {
            "full_name": "Nia Roberts",
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.teacher@riverside-primary.example")
    assert user.full_name == "Nia Roberts"
    assert Staff.objects.filter(user=user, school=school, role="teacher").exists()
    assert EmailAddress.objects.get(user=user).verified
    # The inviter is told, in the portal.
    assert Notification.objects.filter(
        recipient=headteacher, subject__contains="accepted your invitation"
    ).exists()

    client.logout()
    assert client.login(email=user.email, password="a-long-pass-phrase-77")
    # The link cannot be used twice.
    assert client.get(link).status_code == 410


def test_an_existing_account_accepting_an_invitation_gains_the_role(
    client, teacher, school, other_headteacher, other_school
):
    client.force_login(other_headteacher)
    client.post(
        f"/schools/{other_school.urn}/staff/invite/",
        {"email": teacher.email, "role": "teacher", "full_name": ""},
    )
    invitation = Invitation.objects.get(email=teacher.email)
    client.force_login(teacher)
    response = client.post(f"/schools/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert teacher.school_ids() == {school.pk, other_school.pk}


def test_officer_invites_to_any_member_school_but_a_teacher_cannot(
    client, officer, teacher, school
):
    client.force_login(officer)
    response = client.post(
        f"/schools/{school.urn}/staff/invite/",
        {"email": "head2@riverside-primary.example", "role": "headteacher"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(role="headteacher").count() == 1

    client.force_login(teacher)
    response = client.post(
        f"/schools/{school.urn}/staff/invite/",
        {"email": "sneaky@riverside-primary.example", "role": "headteacher"},
    )
    assert response.status_code == 404
    assert Invitation.objects.count() == 1


def test_invitation_with_a_bad_address_is_refused_with_a_message(
    client, headteacher, school
):
    client.force_login(headteacher)
    response = client.post(
        f"/schools/{school.urn}/staff/invite/",
        {"email": "not-an-email", "role": "teacher"},
    )
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_officer_imports_staff_csv_and_bad_rows_are_reported_by_line(
    client, officer, school, other_school, django_capture_on_commit_callbacks
):
    csv_text = (
        "email,full_name,school_urn,role\n"
        f"ana@riverside-primary.example,Ana Silva,{school.urn},teacher\n"
        "bad-address,No Email,990001,teacher\n"
        "x@oakfield.example,Unknown School,123,teacher\n"
        f"lee@oakfield.example,Lee Chan,{other_school.urn},headteacher\n"
        f"zed@oakfield.example,Zed Role,{other_school.urn},caretaker\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/schools/staff-import/",
            {"file": SimpleUploadedFile("staff.csv", csv_text.encode(), "text/csv")},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 invitations sent" in page
    assert "3 rows rejected" in page
    assert re.search(r">3</td>\s*<td[^>]*>Enter a valid email address", page)
    assert re.search(r">4</td>\s*<td[^>]*>no school with URN &#x27;123&#x27;", page)
    assert re.search(r">6</td>\s*<td[^>]*>Choose a role from the list", page)
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@riverside-primary.example",
        "lee@oakfield.example",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@riverside-primary.example",
        "lee@oakfield.example",
    ]


def test_staff_import_is_only_for_officers(client, headteacher):
    client.force_login(headteacher)
    assert client.get("/schools/staff-import/").status_code == 403


def test_sign_up_with_a_member_school_address_is_accepted(client, school):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Tom Walker",
            "email": "tom.walker@riverside-primary.example",
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="tom.walker@riverside-primary.example")
    assert user.full_name == "Tom Walker"
    # Not on the staff until the address is confirmed (test_unverified_signups.py)
    assert not Staff.objects.filter(user=user).exists()
    # Verification is mandatory: the address is not yet verified and a link was sent.
    assert not EmailAddress.objects.get(user=user).verified
    assert any("tom.walker@riverside-primary.example" in m.to for m in mail.outbox)


def test_sign_up_with_any_other_address_is_refused_with_how_to_get_in(client, school):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Pat Outsider",
            "email": "pat@gmail.example",
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ask your headteacher to invite you" in page
    assert not User.objects.filter(email="pat@gmail.example").exists()


def test_a_domain_of_a_school_that_left_the_partnership_is_refused(client, school):
    from django.utils import timezone

    school.memberships.update(left=timezone.localdate())
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Late Comer",
            "email": "late@riverside-primary.example",
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    assert not User.objects.filter(email="late@riverside-primary.example").exists()


def test_login_is_throttled_after_repeated_failures(client, teacher):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": teacher.email, "password": "wrong-password"}
        )
        assert "not correct" in response.content.decode()
    response = client.post(
        "/accounts/login/",
        {"login": teacher.email, "password": "correct-horse-battery-staple"},
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_does_not_reveal_whether_an_account_exists(client, teacher):
    known = client.post(
        "/accounts/login/", {"login": teacher.email, "password": "nope-nope"}
    )
    unknown = client.post(
        "/accounts/login/",
        {"login": "nobody@riverside-primary.example", "password": "nope-nope"},
    )

    def error(r):
        return re.findall(
            r'govuk-error-summary__list">(.*?)</ul>', r.content.decode(), re.S
        )

    assert error(known) == error(unknown) != []


def test_password_reset_gives_the_same_answer_for_unknown_addresses(client, teacher):
    known = client.post("/accounts/password/reset/", {"email": teacher.email})
    unknown = client.post(
        "/accounts/password/reset/", {"email": "ghost@riverside-primary.example"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
