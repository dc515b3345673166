"""CSV and XLSX import in the documented layout: bad rows by line with the reason, good rows kept, a bad file
changes nothing; exports neutralise formulas."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from chronologies import imports, services
from chronologies.models import ChronologyEntry
from cspr.tenancy import scope
from tests.chronologies.factories import AgencyRequestFactory, office

HEADER = "Date,Time,Agency or service,Source,Event,Practitioner role,Action or outcome,Comment\n"
BROKEN = (
    HEADER
    + "02/03/2026,09:30,Health visiting,HV records,Home visit,Health visitor,Advice given,\n"  # line 2: good
    + "31/02/2026,,,,Impossible date,,,\n"  # line 3: bad date
    + '2026-03-05,25:00,,,"Clinic visit\nover two lines",,,\n'  # line 4 (spans 4-5): bad time
    + "06/03/2026,,,,,,,\n"  # line 6: no event
    + ",,,,,,,\n"  # line 7: blank, skipped
    + "2026/03/09,,,,GP appointment missed,GP,,\n"  # line 8: good (Lewisham's YYYY/MM/DD)
    + "01/01/2027,,,,In the future,,,\n"  # line 9: future
)


def _csv(text: str, name: str = "chronology.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_broken_rows_are_reported_by_line_and_good_rows_kept():
    result, name = imports.read_upload(_csv(BROKEN))
    assert name == "chronology.csv"
    assert [r.line for r in result.rows] == [2, 8]
    assert result.rows[0].values["occurred_time"] == time(9, 30)
    assert result.rows[1].values["occurred_on"] == date(2026, 3, 9)
    assert [(e.line, e.reasons) for e in result.errors] == [
        (3, [imports.BAD_DATE]),
        (4, [imports.BAD_TIME]),
        (6, [imports.NO_EVENT]),
        (9, [imports.FUTURE_DATE]),
    ]
    assert result.errors[0].raw["Event"] == "Impossible date"  # what the row said, so nothing is lost


@pytest.mark.django_db
def test_importing_adds_only_the_good_rows_to_the_draft(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, in_progress=True, entries=1)
    result, name = imports.read_upload(_csv(BROKEN))
    with scope(partnership_a):
        services.import_rows(request=request, by=office(partnership_a), result=result, filename=name)
        drafts = ChronologyEntry.objects.filter(request=request, submission=None)
        assert drafts.count() == 3  # the one already there and the two good rows


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("Date,What\n01/02/2026,Visit\n", 'no "Event" column'),
        ("When,What\n01/02/2026,Visit\n", imports.NO_HEADER),
        (HEADER, imports.NO_ROWS),
        ("", imports.NO_HEADER),
    ],
)
def test_a_file_that_cannot_be_used_imports_nothing_and_says_why(content, problem):
    with pytest.raises(imports.FileProblem, match=problem):
        imports.read_upload(_csv(content or "\n\n"))


def test_a_file_that_is_not_a_table_is_refused():
    pdf = SimpleUploadedFile(
        "chronology.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="text/csv"
    )
    with pytest.raises(imports.FileProblem):
        imports.read_upload(pdf)


def test_a_disguised_xlsx_is_refused():
    fake = SimpleUploadedFile(
        "chronology.xlsx", b"PK\x03\x04 not really a workbook", content_type=imports.XLSX
    )
    with pytest.raises(imports.FileProblem):
        imports.read_upload(fake)


def test_xlsx_import_reads_date_cells_and_text_dates():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Date", "Time", "Event", "Source of evidence", "Response or outcome"])  # aliases, any order
    sheet.append([date(2026, 4, 1), time(14, 5), "A&E attendance", "Hospital record", "Discharged home"])
    sheet.append(["15/04/2026", None, "School reported absence", "School log", ""])
    sheet.append(["not a date", None, "Bad row", None, None])
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("chronology.xlsx", out.getvalue(), content_type=imports.XLSX)
    result, _ = imports.read_upload(upload)
    assert [
        (r.values["occurred_on"], r.values["occurred_time"], r.values["source"]) for r in result.rows
    ] == [
        (date(2026, 4, 1), time(14, 5), "Hospital record"),
        (date(2026, 4, 15), None, "School log"),
    ]
    assert result.rows[0].values["action_or_outcome"] == "Discharged home"
    assert [(e.line, e.reasons) for e in result.errors] == [(4, [imports.BAD_DATE])]


def test_the_xlsx_template_round_trips():
    upload = SimpleUploadedFile("t.xlsx", imports.template_xlsx(), content_type=imports.XLSX)
    with pytest.raises(imports.FileProblem, match=imports.NO_ROWS):  # the blank template has the columns
        imports.read_upload(upload)


class _Entry:
    occurred_on = date(2026, 3, 2)
    occurred_time = None
    agency_or_service = "@SUM(A1:A9)"
    source = "+44 7700 900000"
    event = '=HYPERLINK("http://evil.example","click")'
    practitioner_role = "-1+1"
    action_or_outcome = "Plain text"
    comment = "\t=cmd"


def test_exports_neutralise_formulas():
    cells = imports.entry_cells(_Entry(), agency_name="=Agency")
    assert cells[0] == "'=Agency"
    assert cells[5] == '\'=HYPERLINK("http://evil.example","click")'
    assert cells[3] == "'@SUM(A1:A9)" and cells[4] == "'+44 7700 900000" and cells[6] == "'-1+1"
    assert cells[7] == "Plain text" and cells[8] == "'\t=cmd"
    content = imports.workbook_bytes("Chronology", ["Agency", *imports.HEADINGS], [cells])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    values = [c.value for c in sheet[2]]
    assert all(c.data_type == "s" for c in sheet[2] if c.value)  # stored as text, never as a formula
    assert values[5].startswith("'=")
