import pytest

from tests.factories import StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def colleague(school):
    """A teacher at the project's school who is not on the team."""
    return StaffFactory(
        school=school, user=UserFactory(full_name="Priya Patel", email="pp@r.example")
    ).user


@pytest.fixture
def member(other_school):
    """A teacher at another member school of the partnership."""
    return StaffFactory(
        school=other_school,
        user=UserFactory(full_name="Ben Clarke", email="ben@oakfield.example"),
    ).user


@pytest.fixture
def outsider(db):
    """A teacher at a school that is not a member of any partnership."""
    return StaffFactory(
        user=UserFactory(full_name="Olivia Quinn", email="olivia@elsewhere.example")
    ).user
