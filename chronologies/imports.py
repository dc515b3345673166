"""Chronology files in and out: the documented column layout, CSV and XLSX import, and safe export.

Import keeps every good row and reports each bad one by its line number in the file, with the reason and
what it said, so nothing the agency typed is lost. A file that cannot be read at all (wrong type, no
header row, a required column missing) imports nothing and says why; the draft is untouched.

Export neutralises spreadsheet formulas (OWASP "CSV injection"): a cell starting with = + - @ or a control
character is prefixed with an apostrophe and written as text, so opening an export never runs anything.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from cspr.exports import csv_bytes, safe_cell
from rapid_review import uploads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    help_text: str
    example: str
    max_length: int | None = None
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "occurred_on",
        "Date",
        True,
        "The day of the event: DD/MM/YYYY (27/03/2025). YYYY-MM-DD and YYYY/MM/DD also work, and so do "
        "date cells in a spreadsheet.",
        "27/03/2025",
        aliases=("date of event", "event date"),
    ),
    Column(
        "occurred_time",
        "Time",
        False,
        "24-hour clock, HH:MM (14:30). Leave it blank if the time is not known.",
        "14:30",
        aliases=("time of event",),
    ),
    Column(
        "agency_or_service",
        "Agency or service",
        False,
        "The team or service involved, for example Health visiting. Leave it blank for your agency's name.",
        "Health visiting",
        200,
        aliases=("agency", "service", "team"),
    ),
    Column(
        "source",
        "Source",
        False,
        "Where the information comes from, for example GP record or case notes.",
        "Health visiting records",
        300,
        aliases=("source of evidence", "source of information"),
    ),
    Column(
        "event",
        "Event",
        True,
        "What happened. Only include key events; use initials or roles, not full names of family members.",
        "Home visit: mother reported the child had a cough; weight checked.",
        aliases=("key event", "event details", "description"),
    ),
    Column(
        "practitioner_role",
        "Practitioner role",
        False,
        "The role of the practitioner involved, not their name.",
        "Health visitor",
        200,
        aliases=("practitioner", "role"),
    ),
    Column(
        "action_or_outcome",
        "Action or outcome",
        False,
        "What was done as a result, or what happened next.",
        "Follow-up visit booked for two weeks' time.",
        aliases=("action", "outcome", "response or outcome", "action taken"),
    ),
    Column(
        "comment",
        "Comment",
        False,
        "Anything else, for example whether the response was expected practice.",
        "",
        aliases=("comments", "analysis"),
    ),
)
HEADINGS = [c.heading for c in COLUMNS]

NOT_A_TABLE = "The selected file must be a CSV or an Excel (XLSX) file"
UNREADABLE = "The selected file could not be read as {kind}. Save it again as {kind} and upload it again"
NO_HEADER = "The file has no header row. The first row must name the columns: " + ", ".join(HEADINGS)
MISSING_COLUMNS = "The file has no {columns} column. The first row must name the columns: " + ", ".join(
    HEADINGS
)
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS} rows. Split it into smaller files"
NO_ROWS = "The file has a header row but no entries"
BAD_DATE = "Enter the date as DD/MM/YYYY, for example 27/03/2025"
FUTURE_DATE = "The date must be today or in the past"
BAD_TIME = "Enter the time as HH:MM on the 24-hour clock, for example 14:30, or leave it blank"
NO_DATE = "Enter the date of the event"
NO_EVENT = "Describe the event"
TOO_LONG = "{heading} must be {limit} characters or fewer"

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


class FileProblem(Exception):
    """The whole file cannot be imported; the message says how to fix it."""


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]


@dataclass
class RowError:
    line: int
    reasons: list[str]
    raw: dict[str, str]


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _normalise(heading: Any) -> str:
    return re.sub(r"[^a-z]+", " ", str(heading or "").lower()).strip()


_BY_NAME = {_normalise(name): c for c in COLUMNS for name in (c.heading, *c.aliases)}


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(BAD_DATE)


def parse_time(value: Any) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip()
    if not text:
        return None
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(BAD_TIME)


def _raw(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time.min else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return "" if value is None else str(value).strip()


def _row(
    line: int, columns: list[Column | None], cells: list[Any], today: date
) -> ParsedRow | RowError | None:
    """One data row checked against the layout; None for a blank row."""
    raw: dict[str, str] = {}
    values: dict[str, Any] = {}
    cell_for: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column is not None:
            cell_for[column.key] = cell
            raw[column.heading] = _raw(cell)
    if not any(raw.values()):
        return None
    reasons = []
    when = cell_for.get("occurred_on")
    if not raw.get("Date"):
        reasons.append(NO_DATE)
    else:
        try:
            values["occurred_on"] = parse_date(when)
        except ValueError as exc:
            reasons.append(str(exc))
        else:
            if values["occurred_on"] > today:
                reasons.append(FUTURE_DATE)
            if isinstance(when, datetime) and when.time() != time.min and not raw.get("Time"):
                values["occurred_time"] = when.time().replace(second=0, microsecond=0)
    if "occurred_time" not in values:
        try:
            values["occurred_time"] = parse_time(cell_for.get("occurred_time"))
        except ValueError as exc:
            reasons.append(str(exc))
    if not raw.get("Event"):
        reasons.append(NO_EVENT)
    for column in COLUMNS:
        if column.key in {"occurred_on", "occurred_time"}:
            continue
        text = raw.get(column.heading, "")
        if column.max_length and len(text) > column.max_length:
            reasons.append(TOO_LONG.format(heading=column.heading, limit=column.max_length))
        values[column.key] = text
    if reasons:
        return RowError(line=line, reasons=reasons, raw=raw)
    return ParsedRow(line=line, values=values)


def parse_table(table: list[tuple[int, list[Any]]], *, today: date | None = None) -> ImportResult:
    """Rows as (line number, cells); the first non-blank row names the columns."""
    today = today or timezone.localdate()
    rows = [(line, cells) for line, cells in table if any(_raw(c) for c in cells)]
    if not rows:
        raise FileProblem(NO_HEADER)
    _, header = rows[0]
    columns = [_BY_NAME.get(_normalise(h)) for h in header]
    if not any(columns):
        raise FileProblem(NO_HEADER)
    missing = [c.heading for c in COLUMNS if c.required and c not in columns]
    if missing:
        raise FileProblem(MISSING_COLUMNS.format(columns=" or ".join(f'"{m}"' for m in missing)))
    if len(rows) - 1 > MAX_ROWS:
        raise FileProblem(TOO_MANY_ROWS)
    if len(rows) == 1:
        raise FileProblem(NO_ROWS)
    result = ImportResult(
        ignored_columns=[str(h) for h, c in zip(header, columns, strict=False) if c is None and _raw(h)]
    )
    for line, cells in rows[1:]:
        parsed = _row(line, columns, cells, today)
        if isinstance(parsed, RowError):
            result.errors.append(parsed)
        elif parsed is not None:
            result.rows.append(parsed)
    return result


def read_csv(content: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover -- cp1252 decodes almost anything
        raise FileProblem(UNREADABLE.format(kind="CSV"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    table = []
    try:
        start = 1
        for cells in reader:
            table.append((start, cells))
            start = reader.line_num + 1  # a quoted cell may span lines: report the row's first line
    except csv.Error as exc:
        raise FileProblem(UNREADABLE.format(kind="CSV")) from exc
    return table


def read_xlsx(content: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives its last saved value; nothing is ever calculated here.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or disguised file
        raise FileProblem(UNREADABLE.format(kind="an Excel (XLSX) workbook")) from exc
    try:
        sheet = workbook["Chronology"] if "Chronology" in workbook.sheetnames else workbook.worksheets[0]
        table = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 20:
                raise FileProblem(TOO_MANY_ROWS)
            table.append((number, list(cells)))
    finally:
        workbook.close()
    return table


def read_upload(upload: UploadedFile | None) -> tuple[ImportResult, str]:
    """Check an uploaded file (size, sniffed type, name) and parse it; FileProblem if it is unusable."""
    try:
        content_type, name = uploads.validate(upload)
    except ValidationError as exc:
        raise FileProblem(exc.messages[0]) from exc
    if content_type not in {CSV, XLSX}:
        raise FileProblem(NOT_A_TABLE)
    upload.seek(0)
    content = upload.read()
    table = read_xlsx(content) if content_type == XLSX else read_csv(content)
    return parse_table(table), name


# --- Export ------------------------------------------------------------------------------------------

neutralise = safe_cell  # one formula-neutralising rule for every export (cspr/exports.py)


def entry_cells(entry: Any, *, agency_name: str | None = None) -> list[Any]:
    """One entry as the layout's cells (plus the submitting agency first, for the integrated export)."""
    cells = [
        entry.occurred_on.strftime("%d/%m/%Y"),
        entry.occurred_time.strftime("%H:%M") if entry.occurred_time else "",
        entry.agency_or_service,
        entry.source,
        entry.event,
        entry.practitioner_role,
        entry.action_or_outcome,
        entry.comment,
    ]
    if agency_name is not None:
        cells.insert(0, agency_name)
    return [neutralise(c) for c in cells]


def workbook_bytes(title: str, headings: list[str], rows: Any, *, notes: list[str] = ()) -> bytes:
    """An XLSX with one sheet of text cells (formula-safe) and, optionally, a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for cells in rows:
        written = []
        for value in cells:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text, even if it looks like a formula
            written.append(cell)
        sheet.append(written)
    if notes:
        about = workbook.create_sheet("About this file")
        for line in notes:
            about.append([neutralise(line)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_xlsx() -> bytes:
    """The blank chronology template: the columns, and a sheet explaining each."""
    notes = ["How to fill in the chronology template", ""]
    notes += [f"{c.heading} ({'required' if c.required else 'optional'}): {c.help_text}" for c in COLUMNS]
    notes += ["", "One event per row. Keep the first row as it is. Save as XLSX or CSV and upload it online."]
    return workbook_bytes("Chronology", HEADINGS, [], notes=notes)


def template_csv() -> bytes:
    return csv_bytes(HEADINGS, [])
