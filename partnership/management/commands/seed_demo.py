import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone

from partnership.demo import DEMO_PASSWORD, LOGINS
from partnership.models import Notification


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def demo_modules() -> list[str]:
    """Each installed app's `<app>.demo` module, in INSTALLED_APPS order.

    An app's demo may rely on the records of the apps listed before it (every part
    relies on `partnership.demo`'s partnership, schools and logins), so a new app
    goes into INSTALLED_APPS after the apps its demo needs.
    """
    names = (f"{app.name}.demo" for app in apps.get_app_configs())
    return [name for name in names if _exists(name)]


def _last_notification_id() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo partnership, with one login per role."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_SEED:
            raise CommandError(
                "Demo logins are never created with production settings. "
                "Set ALLOW_DEMO_SEED=1 if you really mean to."
            )
        before = _last_notification_id()
        for name in demo_modules():
            self.stdout.write(f"Seeding {name}…")
            importlib.import_module(name).seed(stdout=self.stdout)
        # The demo's story notified people as it went; a demo login starts with
        # those notifications read, not with hundreds unread.
        Notification.objects.filter(pk__gt=before, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for role, email, _name in LOGINS:
            self.stdout.write(f"  {role:<22} {email:<38} password: {DEMO_PASSWORD}")
