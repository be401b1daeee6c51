"""The demo partnership: realistic, idempotent, and never created by accident."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnership.demo import DEMO_PASSWORD, LOGINS
from partnership.management.commands.seed_demo import demo_modules
from partnership.models import Notification, Partnership
from schools.models import School, Staff, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_partnership_with_a_login_per_role_and_is_idempotent(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (School.objects.count(), User.objects.count(), Staff.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        School.objects.count(),
        User.objects.count(),
        Staff.objects.count(),
    ) == counts

    partnership = Partnership.objects.get()
    assert partnership.current_schools().count() == 52
    assert partnership.current_schools().filter(is_teaching_school=True).count() == 4
    for _role, email, _name in LOGINS:
        assert email in out.getvalue()
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
    head = User.objects.get(email=LOGINS[1][1])
    assert head.is_headteacher
    assert User.objects.get(email=LOGINS[2][1]).is_officer
    assert User.objects.get(email=LOGINS[3][1]).is_superuser
    # Every school has a headteacher.
    assert (
        School.objects.exclude(staff__role="headteacher")
        .filter(urn__gte=990001)
        .count()
        == 0
    )


def test_seed_demo_refuses_with_production_settings(settings):
    settings.ALLOW_DEMO_SEED = False
    with pytest.raises(CommandError, match="never created with production settings"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_demo_notifications_start_read_and_earlier_ones_are_left_alone():
    earlier = Notification.objects.create(
        recipient=UserFactory(), kind=Notification.Kind.ACCOUNT, subject="Before"
    )
    call_command("seed_demo", stdout=StringIO())

    demo = Notification.objects.exclude(pk=earlier.pk)
    assert demo.filter(recipient__email__in=[e for _r, e, _n in LOGINS]).exists()
    assert not demo.filter(read_at__isnull=True).exists()
    earlier.refresh_from_db()
    assert earlier.read_at is None


def test_seed_demo_runs_each_apps_demo_module_in_installed_apps_order():
    names = demo_modules()
    assert names[0] == "partnership.demo"
    assert names.index("research.demo") < names.index("journal.demo")
    assert all(name.endswith("demo") for name in names)
