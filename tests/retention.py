"""Running the retention job in the stage tests: years after the cases closed, as the nightly task would."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cspr import notifications, retention
from cspr.models import Partnership, RetentionEntry, RetentionRun
from cspr.tasks import process_outbox
from cspr.tenancy import scope

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ANONYMISED = retention.ANONYMISED


def years_later(years: int = 8) -> date:
    """A day past the default 7-year period for a case closed today."""
    return retention.years_after(timezone.localdate(), years)


def run_retention(partnership: Partnership, *, dry_run: bool = False) -> RetentionRun:
    with scope(partnership):
        return retention.apply(partnership=partnership, dry_run=dry_run, today=years_later())


def sweep_with_one_mailbox_down(mailbox: str, *, monkeypatch: Any, capture_on_commit: Any) -> None:
    """Two outbox sweeps: in the first, mail to `mailbox` fails (the server refuses it); in the second it
    goes. Everything else goes on the first."""
    real_send = notifications.send_email

    def fail_for_the_mailbox(**kwargs: Any) -> None:
        if kwargs["to"] == [mailbox]:
            raise ConnectionError("mail server down")
        real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_email", fail_for_the_mailbox)
    with capture_on_commit(execute=True):
        process_outbox()
    monkeypatch.setattr(notifications, "send_email", real_send)
    with capture_on_commit(execute=True):
        process_outbox()


def files_in(folder: str) -> set[str]:
    """Every file kept in a private storage folder, whichever row names it (or none)."""
    try:
        return {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}
    except FileNotFoundError:
        return set()


def stored_pdf(folder: str, name: str = "letter.pdf") -> str:
    """A PDF saved in private storage as a dispatch keeps it; returns its path."""
    return default_storage.save(f"private/{folder}/{name}", ContentFile(PDF_BYTES))


def is_stored(path: str) -> bool:
    return bool(path) and default_storage.exists(path)


def counts_of(run: RetentionRun) -> dict[str, int]:
    """The one case's counts in a run's report (they match the run's totals)."""
    (entry,) = RetentionEntry.unscoped.filter(run=run)
    assert run.counts == {"cases": 1, **entry.counts}
    return entry.counts
