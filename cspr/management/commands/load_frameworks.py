from django.core.management.base import BaseCommand

from cspr.loaders import load_frameworks


class Command(BaseCommand):
    help = "Create or update the seeded procedure frameworks (timescales, paths, templates) from the seeds."

    def handle(self, *args: object, **options: object) -> None:
        for framework in load_frameworks():
            self.stdout.write(f"{framework.slug}: {framework.name}")
