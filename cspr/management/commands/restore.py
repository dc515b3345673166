"""`python manage.py restore FOLDER`: put back a backup made by `backup`, after checking its checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database's contents and the uploaded files with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (it holds manifest.json)")

    def handle(self, *args, folder, **options):
        try:
            manifest = restore_backup(Path(folder))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup made at {manifest['made_at']} from {folder}.")
