"""The business office's work queue: one partnership's open clocks grouped by what needs doing. Reads only.

Built for national scale (bench/results/latest.md): every query is limited to the partnership's open
deadlines (partial index `deadline_open_partnership_due`), the counts come from one aggregate, and each
group shows its first few rows with a link to the whole list, so the page costs the same number of
queries and about the same time whether the partnership has forty open clocks or four thousand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr.models import Agency, Deadline, Membership, Partnership
from cspr.models.cases import Stage
from cspr.roles import Role

TOP_N = 8  # rows shown per group on the home page; the rest are one "see all" link away

# The columns a row needs; the timescale JSON and the origin stay in the database.
ROW_FIELDS = (
    "public_id",
    "case_id",
    "key",
    "label",
    "subject",
    "due_at",
    "window_opens_at",
    "explanation",
    "met_at",
    "missed_at",
    "case__public_id",
    "case__reference",
    "case__child_pseudonym",
    "case__stage",
)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    hint: str


GROUPS: dict[str, Group] = {
    g.key: g
    for g in (
        Group("overdue", "Overdue", "The due date has passed and the clock is still running."),
        Group("due_today", "Due today", "Due by the end of today."),
        Group("due_this_week", "Due this week", "Due after today and by Sunday."),
        Group(
            "waiting_on_others",
            "Waiting on others",
            "Open work owed by an agency or someone outside the office, such as scoping returns.",
        ),
    )
}


@dataclass(frozen=True)
class Filters:
    """What the queue is narrowed to; empty values mean everything."""

    stage: str = ""
    agency: Agency | None = None
    reviewer_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.stage or self.agency or self.reviewer_id)

    def as_query(self) -> dict[str, str]:
        """The GET parameters that reproduce these filters (for "see all" and export links)."""
        query = {}
        if self.stage:
            query["stage"] = self.stage
        if self.agency is not None:
            query["agency"] = str(self.agency.public_id)
        if self.reviewer_id:
            query["reviewer"] = str(self.reviewer_id)
        return query


@dataclass
class QueueGroup:
    group: Group
    count: int
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.deadlines)


@dataclass
class WorkQueue:
    groups: list[QueueGroup]
    paused: int
    open_total: int


@dataclass(frozen=True)
class Bounds:
    start_of_today: datetime
    end_of_today: datetime
    end_of_week: datetime

    @classmethod
    def on(cls, today: date) -> Bounds:
        tz = timezone.get_current_timezone()
        start = datetime.combine(today, time.min, tzinfo=tz)
        end = datetime.combine(today, time.max, tzinfo=tz)
        week_end = datetime.combine(today + timedelta(days=6 - today.weekday()), time.max, tzinfo=tz)
        return cls(start, end, week_end)


def group_condition(key: str, bounds: Bounds) -> Q:
    """Which open clocks fall in a group (groups may overlap: an overdue return is also waiting on others)."""
    return {
        "overdue": Q(due_at__lt=bounds.start_of_today),
        "due_today": Q(due_at__gte=bounds.start_of_today, due_at__lte=bounds.end_of_today),
        "due_this_week": Q(due_at__gt=bounds.end_of_today, due_at__lte=bounds.end_of_week),
        "waiting_on_others": ~Q(subject="") & Q(due_at__isnull=False),
    }[key]


def reviewer_case_ids(partnership: Partnership, reviewer_id: int) -> QuerySet | None:
    """Cases a reviewer works on, from the stage apps registered in CSPR_REVIEWER_CASES (None: no app yet).

    Each hook is `callable(partnership=, user_id=) -> QuerySet of Case pks`, so the core never imports
    the reviews app.
    """
    hooks = [import_string(path) for path in getattr(settings, "CSPR_REVIEWER_CASES", [])]
    if not hooks:
        return None
    found = hooks[0](partnership=partnership, user_id=reviewer_id)
    for hook in hooks[1:]:
        found = found.union(hook(partnership=partnership, user_id=reviewer_id))
    return found


def open_deadlines(partnership: Partnership, filters: Filters = Filters()) -> QuerySet[Deadline]:
    """The partnership's open clocks, narrowed by the filters."""
    qs = Deadline.objects.filter(partnership=partnership, met_at=None, cancelled_at=None)
    if filters.stage:
        qs = qs.filter(case__stage=filters.stage)
    if filters.agency is not None:
        qs = qs.filter(subject=filters.agency.name)  # clocks owed by an agency carry its name as subject
    if filters.reviewer_id:
        cases = reviewer_case_ids(partnership, filters.reviewer_id)
        qs = qs.filter(case_id__in=cases) if cases is not None else qs.none()
    return qs


def _rows(qs: QuerySet[Deadline], partnership: Partnership) -> QuerySet[Deadline]:
    return qs.select_related("case").only(*ROW_FIELDS).order_by("due_at", "pk")


def attach_partnership(deadlines: Iterable[Deadline], partnership: Partnership) -> list[Deadline]:
    """Give each row's case its partnership (for its URL) without joining the partnership table again."""
    rows = list(deadlines)
    for deadline in rows:
        deadline.case.partnership = partnership
    return rows


def work_queue(
    partnership: Partnership, *, filters: Filters = Filters(), today: date | None = None, limit: int = TOP_N
) -> WorkQueue:
    """The counts of every group and the first `limit` clocks of each: two queries."""
    bounds = Bounds.on(today or timezone.localdate())
    qs = open_deadlines(partnership, filters)
    counts = qs.aggregate(
        open_total=Count("pk"),
        paused=Count("pk", filter=Q(due_at=None)),
        **{key: Count("pk", filter=group_condition(key, bounds)) for key in GROUPS},
    )
    shown = [key for key in GROUPS if counts[key] and limit]
    by_group: dict[str, list[Deadline]] = {key: [] for key in GROUPS}
    if shown:
        # The first rows of every group in one round trip: a UNION ALL of each group's LIMITed query.
        parts = [
            _rows(qs.filter(group_condition(key, bounds)), partnership).annotate(
                queue_group=Value(key, output_field=CharField())
            )[:limit]
            for key in shown
        ]
        tops = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for deadline in attach_partnership(tops, partnership):
            by_group[deadline.queue_group].append(deadline)
    groups = []
    for key, group in GROUPS.items():
        rows = sorted(by_group[key], key=lambda d: (d.due_at, d.pk))  # the union keeps no order
        groups.append(QueueGroup(group=group, count=counts[key], deadlines=rows))
    return WorkQueue(groups=groups, paused=counts["paused"], open_total=counts["open_total"])


def group_deadlines(
    partnership: Partnership, key: str, *, filters: Filters = Filters(), today: date | None = None
) -> QuerySet[Deadline]:
    """Every clock of one group ("all" for every open clock), for the full list and the exports."""
    qs = open_deadlines(partnership, filters)
    if key != "all":
        qs = qs.filter(group_condition(key, Bounds.on(today or timezone.localdate())))
    return _rows(qs, partnership)


def agencies(partnership: Partnership) -> list[Agency]:
    return list(Agency.objects.filter(partnership=partnership).only("public_id", "name").order_by("name"))


def reviewers(partnership: Partnership) -> list[tuple[int, str]]:
    """(user id, name) of the partnership's reviewers and panel members, for the reviewer filter."""
    members = (
        Membership.objects.filter(
            partnership=partnership, role__in=[Role.REVIEWER, Role.PANEL_MEMBER], is_active=True
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    seen: dict[int, str] = {}
    for m in members:
        seen.setdefault(m.user_id, m.user.get_full_name() or m.user.username)
    return list(seen.items())


STAGES = [(s.value, s.label) for s in Stage]
