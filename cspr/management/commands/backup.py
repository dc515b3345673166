"""`python manage.py backup [FOLDER]`: the database and uploaded files, with a manifest of checksums."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.backups import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="A new folder (default: var/backups/<date and time>)")

    def handle(self, *args, folder=None, **options):
        target = (
            Path(folder)
            if folder
            else settings.VAR_DIR / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
        )
        try:
            manifest = make_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{target}\n")
        self.stdout.write(
            f"Backed up database {manifest['database']} and the uploaded files at {manifest['made_at']}."
        )
