"""Exports of the case list, deadline list and work queue as CSV and XLSX; big ones in the background."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cspr.exports import safe_cell
from cspr.models import ExportJob
from cspr.roles import Role
from tests.cspr.homes_factories import TODAY, DeadlineFactory
from tests.factories import CaseFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.mark.parametrize("value", ["=1+1", "+44", "-2", "@SUM(A1)", "\t=x", '=HYPERLINK("http://evil")'])
def test_formulas_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_plain_values_pass_through():
    assert safe_cell("Child A") == "Child A"
    assert safe_cell(3) == 3
    assert safe_cell(None) == ""


def export(client, user, **data):
    client.force_login(user)
    return client.post(reverse("export_list", kwargs={"partnership_slug": "alpha"}), data)


def test_the_case_list_as_csv_is_safe_to_open(client, bo_a, partnership_a):
    CaseFactory(partnership=partnership_a, child_pseudonym='=HYPERLINK("http://evil")', reference="ALPH-1")
    response = export(client, bo_a, kind="cases", format="csv")
    assert response["Content-Disposition"].startswith('attachment; filename="alpha-cases-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Case reference", "Child (pseudonym)", "Stage"]
    assert rows[1][:2] == ["ALPH-1", '\'=HYPERLINK("http://evil")']


def test_the_work_queue_as_xlsx_keeps_the_group_and_filters(client, bo_a, partnership_a):
    DeadlineFactory(
        partnership=partnership_a, overdue=True, label="=cmd|' /C calc'!A0", subject="Alpha Police"
    )
    DeadlineFactory(partnership=partnership_a, later=True, label="Not overdue")
    response = export(client, bo_a, kind="work_queue", format="xlsx", group="overdue")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][3] == "What is due"
    assert len(values) == 2
    assert values[1][3] == "'=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=4).data_type == "s"  # text, not a formula
    assert values[1][6] == "Overdue"


def test_a_big_export_runs_in_the_background_for_its_requester_only(
    client, bo_a, partnership_a, settings, django_capture_on_commit_callbacks
):
    settings.CSPR_EXPORT_INLINE_ROWS = 2
    DeadlineFactory.create_batch(3, partnership=partnership_a, overdue=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, bo_a, kind="deadlines", format="csv")
    job = ExportJob.unscoped.get()
    assert response["Location"] == job.get_absolute_url()
    # Celery runs tasks in-process in tests (CELERY_TASK_ALWAYS_EAGER) once the request commits.
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE and job.rows_total == 3
    status = client.get(job.get_absolute_url()).content.decode()
    assert "Your file is ready" in status
    progress = client.get(reverse("export_progress", args=["alpha", job.public_id])).json()
    assert progress["percent"] == 100
    download = client.get(reverse("export_download", args=["alpha", job.public_id]))
    assert b"".join(download.streaming_content).decode("utf-8-sig").count("\n") == 4
    colleague = member(partnership_a, Role.BUSINESS_OFFICE, username="colleague")
    client.force_login(colleague)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("export_download", args=["alpha", job.public_id])).status_code == 404


def test_a_queued_export_shows_progress_and_a_refresh_link(client, bo_a, partnership_a):
    job = ExportJob.unscoped.create(
        partnership=partnership_a, requested_by=bo_a, kind="cases", format="csv", rows_total=10, rows_done=4
    )
    client.force_login(bo_a)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "4 of 10 rows written (40%)" in html
    assert "Refresh this page" in html and "js/export-progress.js" in html


def test_exports_need_the_lists_permission(client, partnership_a, agency_contact_a):
    assert export(client, agency_contact_a, kind="cases", format="csv").status_code == 403
    assert export(client, agency_contact_a, kind="deadlines", format="xlsx").status_code == 403
