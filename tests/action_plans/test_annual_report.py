"""The annual report section: figures for the reporting year, the same on the page, in the PDF and the XLSX."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from action_plans import workflow
from action_plans.annual_report import annual_report, annual_report_xlsx
from action_plans.models import Action
from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.documents import pdf_text
from cspr.models import Deadline
from cspr.tenancy import scope, scopes_disabled
from reviews.models import Review
from tests.action_plans.conftest import LONDON
from tests.action_plans.factories import ActionPlanFactory, action_of, approved_review, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_work(partnership_a, agency_a, other_agency_a):
    """2026/27: two reviews decided, one approved and published; a plan with one action done, one red."""
    with scopes_disabled():
        by = office(partnership_a)
        plan = ActionPlanFactory(
            partnership=partnership_a, agency=agency_a, other_agency=other_agency_a, monitoring=True
        )
        Review.unscoped.filter(pk=plan.review_id).update(approved_at=datetime(2026, 9, 1, 12, tzinfo=LONDON))
        second = approved_review(partnership_a, pseudonym="Child B", decided_on=date(2026, 10, 1))
        Review.unscoped.filter(pk=second.pk).update(state=Review.State.ANALYSIS, approved_at=None)
        last_years = approved_review(partnership_a, pseudonym="Child C", decided_on=date(2025, 5, 1))
        Review.unscoped.filter(pk=last_years.pk).update(approved_at=datetime(2025, 11, 3, 12, tzinfo=LONDON))
        audit.record(case=plan.case, code="publication.published", by=by)
        done = action_of(plan, agency_a)
        workflow.complete_action(action=done, by=by, version=done.version, impact_evidence="Audit: 19 of 20")
        red = action_of(plan, other_agency_a)
        workflow.record_progress(
            action=red, by=by, version=red.version, rag="red", text='=HYPERLINK("http://x")'
        )
        Action.unscoped.filter(pk=red.pk).update(description='=HYPERLINK("http://evil.example","click")')
        # One statutory clock met on time, one missed (the scan marks it; here the date has passed unmet).
        met = deadlines.start(
            case=plan.case, key="notify_national_panel", origin=date(2026, 11, 2), origin_label="aware"
        )
        deadlines.meet(deadline=met, at=datetime(2026, 11, 3, 12, tzinfo=LONDON))
        deadlines.start(
            case=second.case, key="send_scoping_requests", origin=date(2026, 11, 2), origin_label="received"
        )
    return plan


def test_the_figures(partnership_a, year_of_work):
    with scope(partnership_a):
        report = annual_report(partnership_a, year=2026)
    # Child A's and Child B's reviews were decided in the year; Child C's in the year before.
    assert (report.reviews_started, report.local_reviews_started, report.reviews_completed) == (2, 2, 1)
    assert report.reviews_published == 1
    assert (report.plans_agreed, report.actions_added, report.actions_completed) == (1, 2, 1)
    assert (report.actions_outstanding, report.outstanding_red, report.actions_overdue) == (1, 1, 0)
    rows = {r.key: r for r in report.timeliness}
    assert (rows["notify_national_panel"].met_on_time, rows["notify_national_panel"].missed) == (1, 0)
    assert rows["send_scoping_requests"].missed == 1
    assert "copies_before_publication" in rows and "action_reminder_before" not in rows
    assert [(t.label, t.actions) for t in report.themes] == [("Information sharing", 2)]
    with scope(partnership_a):
        assert Deadline.objects.filter(partnership=partnership_a).count() >= 2


def test_last_years_report_is_separate(partnership_a, year_of_work):
    with scope(partnership_a):
        report = annual_report(partnership_a, year=2025)
    assert (report.reviews_started, report.actions_added, report.reviews_published) == (1, 0, 0)


def test_it_costs_the_same_queries_whatever_the_volume(partnership_a, agency_a, year_of_work):
    with scope(partnership_a), CaptureQueriesContext(connection) as before:
        annual_report(partnership_a, year=2026)
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    with scope(partnership_a), CaptureQueriesContext(connection) as after:
        annual_report(partnership_a, year=2026)
    assert len(after) == len(before) <= 8


def test_the_page_pdf_and_spreadsheet(client, partnership_a, year_of_work, chair_a, agency_contact_a):
    client.force_login(chair_a)
    page = client.get(reverse("action_plans:annual_report", args=[partnership_a.slug]), {"year": 2026})
    assert page.status_code == 200
    assert "1 April 2026 to 31 March 2027" in page.content.decode()
    pdf = client.get(reverse("action_plans:annual_report_pdf", args=[partnership_a.slug]), {"year": 2026})
    text = " ".join(pdf_text(pdf.content).split())
    assert "Reviews started 2" in text and "Reports published 1" in text and "Information sharing 2" in text
    xlsx = client.get(reverse("action_plans:annual_report_xlsx", args=[partnership_a.slug]), {"year": 2026})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Summary", "Timeliness", "Themes", "Outstanding actions"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Reviews started"] == 2 and summary["Actions completed with evidence of impact"] == 1
    outstanding = list(book["Outstanding actions"].iter_rows(values_only=True))
    assert outstanding[1][2] == '\'=HYPERLINK("http://evil.example","click")'  # text, never a formula
    assert all(cell.data_type != "f" for row in book["Outstanding actions"].iter_rows() for cell in row)
    client.force_login(agency_contact_a)
    assert client.get(reverse("action_plans:annual_report", args=[partnership_a.slug])).status_code == 403


def test_the_spreadsheet_neutralises_every_formula(partnership_a, year_of_work):
    with scope(partnership_a):
        _, content = annual_report_xlsx(annual_report(partnership_a, year=2026))
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
