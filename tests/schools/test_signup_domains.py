"""Sign-up domains: one school each, never a public webmail or the local authority's
domain, and a headteacher's change takes effect only once an officer approves it."""

import pytest

from partnership.models import Notification
from schools.models import School, Staff, User

pytestmark = pytest.mark.django_db

PROFILE = {
    "description": "A school by the river.",
    "website": "https://riverside.example",
    "telephone": "01234 567890",
}


def _edit(client, user, school, domains):
    client.force_login(user)
    return client.post(
        f"/schools/{school.urn}/edit/", {**PROFILE, "email_domains": domains}
    )


def _sign_up(client, email):
    client.logout()
    client.post(
        "/accounts/signup/",
        {
            "full_name": "New Person",
            "email": email,
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    return User.objects.filter(email=email).exists()


@pytest.mark.parametrize(
    "domain", ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"]
)
def test_a_public_webmail_domain_is_refused(client, school, headteacher, domain):
    response = _edit(
        client, headteacher, school, f"riverside-primary.example, {domain}"
    )
    assert response.status_code == 200
    assert "public or shared email domain" in response.content.decode()
    school.refresh_from_db()
    assert (school.email_domains, school.pending_email_domains) == (
        "riverside-primary.example",
        "",
    )


def test_the_local_authoritys_own_domain_is_refused(
    client, school, headteacher, settings
):
    settings.LOCAL_AUTHORITY_EMAIL_DOMAINS = ["riverside.gov.example"]
    response = _edit(client, headteacher, school, "riverside.gov.example")
    assert "public or shared email domain" in response.content.decode()
    school.refresh_from_db()
    assert school.pending_email_domains == ""


def test_another_schools_domain_is_refused(client, school, other_school, headteacher):
    response = _edit(client, headteacher, school, "oakfield.example")
    assert "already registered by another school" in response.content.decode()
    school.refresh_from_db()
    assert school.pending_email_domains == ""


def test_a_domain_awaiting_approval_elsewhere_is_taken_too(
    client, school, other_school, headteacher
):
    other_school.pending_email_domains = "shared-trust.example"
    other_school.save()
    response = _edit(client, headteacher, school, "shared-trust.example")
    assert "already registered by another school" in response.content.decode()


def test_a_heads_change_waits_for_an_officer(client, school, headteacher, officer):
    # Given a head who changes the school's domains
    response = _edit(client, headteacher, school, "new-riverside.example")
    assert response.status_code == 302
    school.refresh_from_db()
    # Then the old domains stay in force and the new ones wait
    assert school.email_domains == "riverside-primary.example"
    assert school.pending_email_domains == "new-riverside.example"
    assert school.pending_domains_by == headteacher
    # And the officers are asked
    assert Notification.objects.filter(
        recipient=officer, url=f"/schools/{school.urn}/domains/"
    ).exists()
    # And a sign-up on the new domain is refused until then
    assert not _sign_up(client, "someone@new-riverside.example")


def test_an_officer_approves_and_the_new_domain_takes_effect(
    client, school, headteacher, officer
):
    _edit(client, headteacher, school, "new-riverside.example")
    client.force_login(officer)
    page = client.get(f"/schools/{school.urn}/domains/").content.decode()
    assert "new-riverside.example" in page
    response = client.post(f"/schools/{school.urn}/domains/", {"decision": "approve"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.email_domains, school.pending_email_domains) == (
        "new-riverside.example",
        "",
    )
    assert Notification.objects.filter(
        recipient=headteacher, subject__contains="approved"
    ).exists()
    assert _sign_up(client, "someone@new-riverside.example")


def test_an_officer_rejects_and_nothing_changes(client, school, headteacher, officer):
    _edit(client, headteacher, school, "new-riverside.example")
    client.force_login(officer)
    client.post(f"/schools/{school.urn}/domains/", {"decision": "reject"})
    school.refresh_from_db()
    assert (school.email_domains, school.pending_email_domains) == (
        "riverside-primary.example",
        "",
    )


def test_the_head_cannot_approve_their_own_change(client, school, headteacher):
    _edit(client, headteacher, school, "new-riverside.example")
    response = client.post(f"/schools/{school.urn}/domains/", {"decision": "approve"})
    assert response.status_code == 404
    school.refresh_from_db()
    assert school.email_domains == "riverside-primary.example"


def test_saving_the_profile_without_changing_domains_needs_no_approval(
    client, school, headteacher
):
    response = _edit(client, headteacher, school, "riverside-primary.example")
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.pending_email_domains == ""
    assert school.description == PROFILE["description"]


def test_no_two_schools_hold_one_domain_after_approval(
    client, school, other_school, headteacher, officer
):
    # Given a change waiting, when the domain is registered meanwhile elsewhere
    _edit(client, headteacher, school, "contested.example")
    School.objects.filter(pk=other_school.pk).update(email_domains="contested.example")
    client.force_login(officer)
    response = client.post(f"/schools/{school.urn}/domains/", {"decision": "approve"})
    # Then the approval is refused
    assert "already registered by another school" in response.content.decode()
    school.refresh_from_db()
    assert school.email_domains == "riverside-primary.example"
    assert not Staff.objects.filter(
        school=school, user__email__endswith="contested.example"
    ).exists()
