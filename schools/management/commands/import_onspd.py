from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools import onspd
from schools.services import postcodes_import_onspd


class Command(BaseCommand):
    help = (
        "Load postcodes from the ONS Postcode Directory CSV (as published: pcds, "
        "doterm, lat, long, ...; UTF-8 or Windows-1252). Re-running updates by "
        "postcode; outward code centres are recomputed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the ONSPD CSV file")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        text = onspd.decode(path.read_bytes())
        try:
            report = postcodes_import_onspd(text=text)
        except onspd.RowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
