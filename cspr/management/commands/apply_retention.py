"""Anonymise or delete the personal data of closed cases whose retention period has ended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cspr import retention
from cspr.models import Partnership
from cspr.tenancy import scope


class Command(BaseCommand):
    help = (
        "For each partnership (or the one named), anonymise or delete the personal data of closed cases "
        "past their retention period and delete its expired list exports, and print the report. "
        "--dry-run only reports what it would do."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report the cases due; change nothing")
        parser.add_argument("--partnership", help="The partnership's slug (default: every partnership)")

    def handle(self, *args: Any, dry_run: bool, partnership: str | None, **options: Any) -> None:
        partnerships = Partnership.objects.select_related("framework").order_by("slug")
        if partnership:
            partnerships = partnerships.filter(slug=partnership)
            if not partnerships:
                raise CommandError(f"No partnership {partnership!r}")
        for each in partnerships:
            with scope(each):  # management commands loop per partnership inside its scope
                run = retention.apply(partnership=each, dry_run=dry_run)
                rows = retention.report_rows(run)
            verb = "would be erased" if dry_run else "erased"
            self.stdout.write(f"{each.name}: {run.counts.get('cases', 0)} cases {verb}")
            for row in rows[1:-1]:
                self.stdout.write("  " + " | ".join(row))
        if not partnership:  # a file without its export belongs to no partnership
            orphans = retention.sweep_export_files(dry_run=dry_run)
            verb = "would be deleted" if dry_run else "deleted"
            self.stdout.write(f"Export files without an export: {len(orphans)} {verb}")
