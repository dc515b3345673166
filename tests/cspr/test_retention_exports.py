"""List exports name children of many cases and belong to none: the nightly retention job deletes each one,
row and file, CSPR_EXPORT_KEEP_DAYS after it was made, reports it, and removes export files left without
their export. Exports are made through the export page and stored as real files in the test's MEDIA_ROOT."""

from __future__ import annotations

import io
import logging
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from cspr import retention, tasks
from cspr.models import ExportJob, Partnership, RetentionRun
from cspr.tenancy import scope, scopes_disabled
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MADE = datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)  # a Monday: the first export
NIGHT = datetime(2027, 1, 12, 2, 15, tzinfo=LONDON)  # the retention job, 8 days later


@pytest.fixture(autouse=True)
def background_exports(settings):
    settings.CSPR_EXPORT_INLINE_ROWS = 0  # every export is written to a file by the Celery task


def make_export(client, user, partnership: Partnership, capture) -> ExportJob:
    """A case list exported in the background through the export page, as its requester would."""
    CaseFactory(partnership=partnership, child_pseudonym="Jamie")
    client.force_login(user)
    with capture(execute=True):  # the task is queued on commit and runs in-process (eager)
        response = client.post(
            reverse("export_list", kwargs={"partnership_slug": partnership.slug}),
            {"kind": "cases", "format": "csv"},
        )
    with scopes_disabled():
        job = ExportJob.unscoped.get(public_id=response["Location"].rstrip("/").split("/")[-1])
    assert job.state == ExportJob.State.DONE and default_storage.exists(job.file.name)
    _touch(job.file.name)
    return job


def _touch(path: str) -> None:
    # The file's time on disk is the real clock's; set it to the travelled one, as if written then.
    now = datetime.now().timestamp()
    os.utime(default_storage.path(path), (now, now))


def exists(job: ExportJob) -> bool:
    with scopes_disabled():
        return ExportJob.unscoped.filter(pk=job.pk).exists()


def nightly_run(partnership: Partnership, capture, **kwargs) -> RetentionRun:
    with capture(execute=True), scope(partnership):
        return retention.apply(partnership=partnership, **kwargs)


def test_an_export_older_than_the_set_period_is_deleted_and_reported(
    client, bo_a, bo_b, partnership_a, partnership_b, time_machine, django_capture_on_commit_callbacks, caplog
):
    time_machine.move_to(MADE, tick=False)
    old = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    other = make_export(client, bo_b, partnership_b, django_capture_on_commit_callbacks)
    time_machine.move_to(MADE + timedelta(days=3), tick=False)
    recent = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    time_machine.move_to(NIGHT, tick=False)

    with caplog.at_level(logging.INFO, logger="cspr.retention"):
        run = nightly_run(partnership_a, django_capture_on_commit_callbacks)

    assert not exists(old) and not default_storage.exists(old.file.name)
    assert exists(recent) and default_storage.exists(recent.file.name)
    assert exists(other) and default_storage.exists(other.file.name)  # partnership B's own run decides
    assert run.counts == {retention.EXPORTS_DELETED: 1}
    assert str(old.public_id) in caplog.text and old.file.name in caplog.text
    client.force_login(bo_a)
    assert client.get(old.get_absolute_url()).status_code == 404
    assert client.get(reverse("export_download", args=[partnership_a.slug, old.public_id])).status_code == 404
    page = client.get(reverse("retention_runs", kwargs={"partnership_slug": partnership_a.slug})).content
    assert "List exports older than 7 days" in page.decode() and "1 deleted" in page.decode()
    with scope(partnership_a):
        assert ["List exports older than 7 days", "", "", "1 deleted"] in retention.report_rows(run)


def test_the_export_page_says_how_long_the_file_is_kept(
    client, bo_a, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MADE, tick=False)
    job = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "It is deleted 7 days after you asked for it." in page


def test_a_dry_run_only_counts_them(
    client, bo_a, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MADE, tick=False)
    job = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    time_machine.move_to(NIGHT, tick=False)
    run = nightly_run(partnership_a, django_capture_on_commit_callbacks, dry_run=True)
    assert run.counts == {retention.EXPORTS_DELETED: 1}
    assert exists(job) and default_storage.exists(job.file.name)


def test_the_period_is_a_setting(
    client, bo_a, partnership_a, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.CSPR_EXPORT_KEEP_DAYS = 30
    time_machine.move_to(MADE, tick=False)
    job = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    time_machine.move_to(NIGHT, tick=False)
    assert nightly_run(partnership_a, django_capture_on_commit_callbacks).counts == {}
    assert exists(job) and default_storage.exists(job.file.name)
    time_machine.move_to(MADE + timedelta(days=30, hours=1), tick=False)
    assert nightly_run(partnership_a, django_capture_on_commit_callbacks).counts == {
        retention.EXPORTS_DELETED: 1
    }
    assert not default_storage.exists(job.file.name)


def test_the_nightly_task_deletes_old_export_files_without_their_export(
    client, bo_a, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MADE, tick=False)
    orphan = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    with scopes_disabled():
        ExportJob.unscoped.filter(pk=orphan.pk).delete()  # as when its requester's account is deleted
    time_machine.move_to(NIGHT - timedelta(hours=1), tick=False)
    kept = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    os.utime(default_storage.path(kept.file.name), (MADE.timestamp(), MADE.timestamp()))  # old on disk
    young = default_storage.save("private/exports/being-written.csv", ContentFile(b"Case reference\n"))
    _touch(young)
    time_machine.move_to(NIGHT, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        done = tasks.apply_retention()

    assert done[tasks.ORPHAN_EXPORT_FILES] == 1
    assert not default_storage.exists(orphan.file.name)
    assert default_storage.exists(kept.file.name)  # its export is a day old: it points to the file
    assert default_storage.exists(young)  # a running export writes its file before its row names it


def test_the_command_reports_orphans_in_a_dry_run(
    client, bo_a, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MADE, tick=False)
    orphan = make_export(client, bo_a, partnership_a, django_capture_on_commit_callbacks)
    with scopes_disabled():
        ExportJob.unscoped.filter(pk=orphan.pk).delete()
    time_machine.move_to(NIGHT, tick=False)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Export files without an export: 1 would be deleted" in out.getvalue()
    assert default_storage.exists(orphan.file.name)
