from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools import gias
from schools.services import schools_import_gias


class Command(BaseCommand):
    help = (
        "Load schools from the Get Information about Schools establishment CSV "
        "(as published; UTF-8 or Windows-1252). Re-running updates by URN."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the GIAS establishment CSV file")
        parser.add_argument("--la", help='only this local authority, e.g. "Southwark"')
        parser.add_argument(
            "--include-closed",
            action="store_true",
            help="also import closed establishments",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        text = gias.decode(path.read_bytes())
        try:
            report = schools_import_gias(
                text=text,
                local_authority=options.get("la"),
                include_closed=options["include_closed"],
            )
        except gias.RowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
