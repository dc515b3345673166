"""The partnership's annual report section on child safeguarding practice reviews: reviews started,
completed and published, timeliness against every statutory deadline, actions completed and outstanding,
and the themes of the year's actions. One selector builds the figures in a constant number of queries; the
page, the PDF and the XLSX all show the same `AnnualReport`.

The year is the partnership's reporting year, 1 April to 31 March. Publication is counted from the audit
trail (`publication.published` events), so this module never imports the publication app.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from action_plans.models import Action, ActionPlan, Theme
from cspr.exports import safe_cell
from cspr.frameworks import TIMESCALES
from cspr.models import CaseEvent, Deadline, Partnership
from reviews.models import Review

PUBLISHED_CODE = "publication.published"
# Reminder and escalation periods are not duties owed by the partnership; they are left out.
NOT_STATUTORY = {
    "return_reminder_before",
    "return_escalation_after",
    "action_reminder_before",
    "action_update_escalation",
    "action_overdue_escalation",
    "action_reaudit",
    "review_delay_warning",
}


@dataclass
class TimelinessRow:
    key: str
    label: str
    rule: str
    met_on_time: int = 0
    met_late: int = 0
    missed: int = 0  # passed unmet and still open
    not_yet_due: int = 0

    @property
    def due(self) -> int:
        return self.met_on_time + self.met_late + self.missed

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.met_on_time / self.due) if self.due else None


@dataclass
class ThemeRow:
    theme: str
    label: str
    actions: int
    recommendations: int


@dataclass
class AnnualReport:
    partnership: Partnership
    start: date
    end: date
    reviews_started: int = 0
    local_reviews_started: int = 0
    other_reviews_started: int = 0
    reviews_completed: int = 0
    reviews_published: int = 0
    plans_agreed: int = 0
    plans_closed: int = 0
    actions_added: int = 0
    actions_completed: int = 0
    actions_closed: int = 0
    actions_outstanding: int = 0
    outstanding_red: int = 0
    outstanding_amber: int = 0
    outstanding_green: int = 0
    outstanding_unrated: int = 0
    actions_overdue: int = 0
    timeliness: list[TimelinessRow] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    outstanding: list[Action] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return f"1 April {self.start.year} to 31 March {self.end.year}"

    def summary_rows(self) -> list[tuple[str, int]]:
        return [
            ("Reviews started", self.reviews_started),
            ("Local child safeguarding practice reviews started", self.local_reviews_started),
            ("Other learning reviews started", self.other_reviews_started),
            ("Reviews completed (final report approved)", self.reviews_completed),
            ("Reports published", self.reviews_published),
            ("Action plans agreed", self.plans_agreed),
            ("Action plans closed", self.plans_closed),
            ("Actions added", self.actions_added),
            ("Actions completed with evidence of impact", self.actions_completed),
            ("Actions closed with a reason", self.actions_closed),
            ("Actions outstanding at the end of the year", self.actions_outstanding),
            ("  of which red", self.outstanding_red),
            ("  of which amber", self.outstanding_amber),
            ("  of which green", self.outstanding_green),
            ("  of which not yet rated", self.outstanding_unrated),
            ("Outstanding actions past their target date", self.actions_overdue),
        ]


def reporting_year(today: date) -> int:
    """The year the current reporting year starts (April to March)."""
    return today.year if today.month >= 4 else today.year - 1


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def annual_report(partnership: Partnership, *, year: int, now: datetime | None = None) -> AnnualReport:
    """The figures for the reporting year starting 1 April `year` (seven queries, whatever the volume)."""
    now = now or timezone.now()
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    since, until = _moment(start), _moment(end + timedelta(days=1))
    # "Outstanding at the end of the year" is as of today while the year is still running.
    as_of = min(until, now)
    report = AnnualReport(partnership=partnership, start=start, end=end)
    in_year = Q(decided_on__gte=start, decided_on__lte=end)
    reviews = Review.objects.filter(partnership=partnership).aggregate(
        started=Count("pk", filter=in_year),
        local=Count("pk", filter=in_year & Q(kind=Review.Kind.LOCAL_CSPR)),
        other=Count("pk", filter=in_year & Q(kind=Review.Kind.OTHER_LEARNING)),
        completed=Count("pk", filter=Q(approved_at__gte=since, approved_at__lt=until)),
    )
    report.reviews_started, report.reviews_completed = reviews["started"], reviews["completed"]
    report.local_reviews_started, report.other_reviews_started = reviews["local"], reviews["other"]
    report.reviews_published = (
        CaseEvent.objects.filter(partnership=partnership, code=PUBLISHED_CODE, at__gte=since, at__lt=until)
        .values("case_id")
        .distinct()
        .count()
    )
    plans = ActionPlan.objects.filter(partnership=partnership).aggregate(
        agreed=Count("pk", filter=Q(agreed_on__gte=start, agreed_on__lte=end)),
        closed=Count("pk", filter=Q(closed_at__gte=since, closed_at__lt=until)),
    )
    report.plans_agreed, report.plans_closed = plans["agreed"], plans["closed"]
    _actions(report, partnership, since=since, until=until, as_of=as_of)
    report.timeliness = _timeliness(partnership, since=since, until=until, now=now)
    report.themes = _themes(partnership, since=since, until=until)
    return report


def _actions(
    report: AnnualReport, partnership: Partnership, *, since: datetime, until: datetime, as_of: datetime
) -> None:
    # Outstanding at `as_of`: created by then and not yet finished by then.
    outstanding = (
        Q(created_at__lte=as_of)
        & (Q(completed_at=None) | Q(completed_at__gt=as_of))
        & (Q(closed_at=None) | Q(closed_at__gt=as_of))
        & Q(plan__state__in=[ActionPlan.State.AGREED, ActionPlan.State.MONITORING, ActionPlan.State.CLOSED])
    )
    figures = Action.objects.filter(partnership=partnership).aggregate(
        added=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
        completed=Count("pk", filter=Q(completed_at__gte=since, completed_at__lt=until)),
        closed=Count("pk", filter=Q(closed_at__gte=since, closed_at__lt=until)),
        outstanding=Count("pk", filter=outstanding),
        red=Count("pk", filter=outstanding & Q(rag=Action.Rag.RED)),
        amber=Count("pk", filter=outstanding & Q(rag=Action.Rag.AMBER)),
        green=Count("pk", filter=outstanding & Q(rag=Action.Rag.GREEN)),
        unrated=Count("pk", filter=outstanding & Q(rag="")),
        overdue=Count("pk", filter=outstanding & Q(target_date__lt=timezone.localdate(as_of))),
    )
    report.actions_added, report.actions_completed = figures["added"], figures["completed"]
    report.actions_closed, report.actions_outstanding = figures["closed"], figures["outstanding"]
    report.outstanding_red, report.outstanding_amber = figures["red"], figures["amber"]
    report.outstanding_green, report.outstanding_unrated = figures["green"], figures["unrated"]
    report.actions_overdue = figures["overdue"]
    report.outstanding = list(
        Action.objects.filter(outstanding, partnership=partnership)
        .select_related("plan__case", "owner_agency", "recommendation")
        .order_by("target_date", "pk")
    )


def _timeliness(
    partnership: Partnership, *, since: datetime, until: datetime, now: datetime
) -> list[TimelinessRow]:
    """Every statutory timescale of the partnership's procedure, with its clocks that fell due in the year."""
    framework = partnership.framework
    rows = {}
    for key in TIMESCALES:
        timescale = framework.timescale(key)
        if key not in NOT_STATUTORY and timescale.is_set:
            rows[key] = TimelinessRow(key=key, label=timescale.label, rule=timescale.describe())
    counts = (
        Deadline.objects.filter(
            partnership=partnership, cancelled_at=None, due_at__gte=since, due_at__lt=until
        )
        .values("key")
        .annotate(
            on_time=Count("pk", filter=Q(met_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(met_at__gt=F("due_at"))),
            missed=Count("pk", filter=Q(met_at=None, due_at__lt=now)),
            pending=Count("pk", filter=Q(met_at=None, due_at__gte=now)),
        )
        .order_by("key")
    )
    for entry in counts:
        key = entry["key"]
        if key in NOT_STATUTORY:
            continue
        if key not in rows:  # a clock from a timescale the procedure has since dropped: still reported
            rows[key] = TimelinessRow(
                key=key, label=TIMESCALES[key].label if key in TIMESCALES else key, rule=""
            )
        row = rows[key]
        row.met_on_time, row.met_late = entry["on_time"], entry["late"]
        row.missed, row.not_yet_due = entry["missed"], entry["pending"]
    return list(rows.values())


def _themes(partnership: Partnership, *, since: datetime, until: datetime) -> list[ThemeRow]:
    labels = dict(Theme.choices)
    counts = (
        Action.objects.filter(partnership=partnership, created_at__gte=since, created_at__lt=until)
        .values("theme")
        .annotate(actions=Count("pk"), recommendations=Count("recommendation", distinct=True))
        .order_by("-actions", "theme")
    )
    return [
        ThemeRow(
            theme=c["theme"],
            label=labels.get(c["theme"], "No theme recorded"),
            actions=c["actions"],
            recommendations=c["recommendations"],
        )
        for c in counts
    ]


# --- The spreadsheet -----------------------------------------------------------------------------------


def _write(ws: Any, rows: list[list[Any]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=safe_cell(value))  # typed text never runs as a formula
            if r == 1:
                cell.font = Font(bold=True)


def annual_report_xlsx(report: AnnualReport) -> tuple[str, bytes]:
    """The same figures as the page, one sheet per section."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _write(
        summary,
        [
            ["Figure", "Number"],
            ["Partnership", report.partnership.name],
            ["Reporting year", report.period_label],
            *[[label.strip(), value] for label, value in report.summary_rows()],
        ],
    )
    _write(
        workbook.create_sheet("Timeliness"),
        [
            ["Deadline", "Rule", "Met on time", "Met late", "Missed", "Not yet due", "On time (%)"],
            *[
                [r.label, r.rule, r.met_on_time, r.met_late, r.missed, r.not_yet_due, r.on_time_percent]
                for r in report.timeliness
            ],
        ],
    )
    _write(
        workbook.create_sheet("Themes"),
        [
            ["Theme", "Actions", "Recommendations"],
            *[[t.label, t.actions, t.recommendations] for t in report.themes],
        ],
    )
    _write(
        workbook.create_sheet("Outstanding actions"),
        [
            ["Case", "Recommendation", "Agreed action", "Agency", "Named lead", "Target date", "Status"],
            *[
                [
                    a.plan.case.reference,
                    a.recommendation.number,
                    a.description,
                    a.owner_agency.name,
                    a.lead_name,
                    a.target_date,
                    a.status_label,
                ]
                for a in report.outstanding
            ],
        ],
    )
    for ws in workbook.worksheets:
        ws.column_dimensions["A"].width = 60
        ws.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"annual-report-{report.start.year}-{report.end.year}.xlsx", buffer.getvalue()
