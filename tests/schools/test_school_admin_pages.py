"""Who may manage a school: its headteacher and the partnership's officers."""

import pytest

from schools.models import School, Staff

pytestmark = pytest.mark.django_db

MANAGE_PAGES = ["edit/", "staff/"]


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_a_teacher_gets_no_headteacher_page(client, teacher, school, page):
    client.force_login(teacher)
    assert client.get(f"/schools/{school.urn}/{page}").status_code == 404


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_a_headteacher_gets_no_other_schools_page(
    client, headteacher, other_school, page
):
    client.force_login(headteacher)
    assert client.get(f"/schools/{other_school.urn}/{page}").status_code == 404


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_a_headteacher_and_an_officer_manage_the_school(
    client, headteacher, officer, school, page
):
    for person in (headteacher, officer):
        client.force_login(person)
        assert client.get(f"/schools/{school.urn}/{page}").status_code == 200


def test_a_visitor_is_sent_to_sign_in(client, school):
    response = client.get(f"/schools/{school.urn}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_headteacher_updates_the_profile_and_the_public_page_shows_it(
    client, headteacher, school
):
    client.force_login(headteacher)
    response = client.post(
        f"/schools/{school.urn}/edit/",
        {
            "description": "A school by the river.",
            "website": "https://riverside.example",
            "telephone": "020 7946 0000",
            "email_domains": "riverside-primary.example",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/schools/{school.urn}/").content.decode()
    assert "A school by the river." in page
    assert "020 7946 0000" in page


def test_bad_profile_input_is_explained_and_nothing_changes(
    client, headteacher, school
):
    client.force_login(headteacher)
    response = client.post(
        f"/schools/{school.urn}/edit/",
        {
            "description": "Changed",
            "website": "not a url",
            "telephone": "",
            "email_domains": "not a domain",
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a valid URL" in page
    school.refresh_from_db()
    assert school.description == ""


def test_headteacher_changes_a_role_and_removes_a_colleague(
    client, headteacher, teacher, school
):
    client.force_login(headteacher)
    staff = Staff.objects.get(user=teacher, school=school)
    client.post(
        f"/schools/{school.urn}/staff/{staff.pk}/role/", {"role": "headteacher"}
    )
    staff.refresh_from_db()
    assert staff.role == "headteacher"
    client.post(f"/schools/{school.urn}/staff/{staff.pk}/remove/")
    staff.refresh_from_db()
    assert staff.left is not None
    assert school.pk not in teacher.school_ids()


def test_removing_a_colleague_asks_first_on_a_page_of_its_own(
    client, headteacher, teacher, school
):
    client.force_login(headteacher)
    staff = Staff.objects.get(user=teacher, school=school)
    url = f"/schools/{school.urn}/staff/{staff.pk}/remove/"
    assert (
        f'href="{url}"' in client.get(f"/schools/{school.urn}/staff/").content.decode()
    )

    page = client.get(url).content.decode()

    assert f"Remove {teacher.full_name} from the staff?" in page
    staff.refresh_from_db()
    assert staff.left is None


def test_a_headteacher_cannot_remove_staff_of_another_school(
    client, headteacher, other_headteacher, other_school
):
    client.force_login(headteacher)
    staff = Staff.objects.get(user=other_headteacher)
    response = client.post(f"/schools/{other_school.urn}/staff/{staff.pk}/remove/")
    assert response.status_code == 404
    staff.refresh_from_db()
    assert staff.left is None


def test_school_list_query_count_does_not_grow(
    client, partnership, django_assert_max_num_queries
):
    from tests.factories import member_school

    member_school(partnership)
    with django_assert_max_num_queries(3) as few:
        client.get("/schools/")
    for _ in range(20):
        member_school(partnership)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/schools/")
    assert response.context["page"].paginator.count == School.objects.count()
