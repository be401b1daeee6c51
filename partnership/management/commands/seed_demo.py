import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnership.demo import DEMO_PASSWORD, LOGINS

# Each part of the portal seeds its own demo records, in this order.
SEEDERS = [
    "partnership.demo",
    "research.demo",
    "schools.directory_demo",
    "partnership.budgets.demo",
    "journal.demo",
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo partnership, with one login per role."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_SEED:
            raise CommandError(
                "Demo logins are never created with production settings. "
                "Set ALLOW_DEMO_SEED=1 if you really mean to."
            )
        for name in SEEDERS:
            if importlib.util.find_spec(name) is None:
                continue
            self.stdout.write(f"Seeding {name}…")
            importlib.import_module(name).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for role, email, _name in LOGINS:
            self.stdout.write(f"  {role:<22} {email:<38} password: {DEMO_PASSWORD}")
