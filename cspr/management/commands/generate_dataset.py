"""Fill the database with a national-scale dataset for the benchmark (bench/run.py, `make bench`).

At `--factor 1`: about 150 partnerships on the five seeded procedure frameworks, 10 years of cases
(~6,000 referrals, ~60,000 scoping requests and returns, ~90,000 deadlines, ~1,000,000 audit rows,
~1,300 reviews with ~200,000 chronology entries and ~900 published reports). The reviews, chronologies
and publications are written when those apps' models are installed, else reported as skipped.
Rows go in with PostgreSQL's COPY (bulk_create on other databases), ids assigned here so foreign keys
need no round trip. Due dates come from the real working-day engine, memoised per (procedure, timescale,
start day). `--only deadlines` writes just what the daily deadline scan reads (partnerships, agencies,
people, cases and deadlines), for the scan's growth measurement at 10x.
"""

from __future__ import annotations

import io
import json
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import LONDON, Projection, project
from cspr.loaders import load_frameworks
from cspr.models import Agency, Case, CaseEvent, Deadline, DeadlineProjection, Membership, Partnership
from cspr.models.cases import Stage
from cspr.models.partnerships import AgencyKind
from cspr.roles import Role
from cspr.tenancy import scopes_disabled

FACTORS = ("0.1", "1", "10")
PARTNERSHIPS, CASES, CASE_EVENTS, CHRONOLOGY_ENTRIES = 150, 6_000, 1_000_000, 200_000
YEARS = 10
SLUG_PREFIX = "bench-"
PASSWORD = "bench-password-2026"  # noqa: S105 -- throw-away benchmark databases only
PLACES = [
    "Ashford", "Barnsley", "Bedford", "Blackpool", "Bolton", "Bradford", "Brighton", "Bristol", "Bury",
    "Calderdale", "Camden", "Carlisle", "Cheshire", "Cornwall", "Croydon", "Cumbria", "Darlington", "Derby",
    "Devon", "Dorset", "Dudley", "Durham", "Ealing", "Enfield", "Essex", "Gateshead", "Halton", "Harrow",
    "Hull", "Kent", "Kirklees", "Lambeth", "Leeds", "Luton", "Medway", "Norfolk", "Oldham", "Oxford",
    "Plymouth", "Reading", "Rochdale", "Salford", "Sefton", "Slough", "Solihull", "Somerset", "Suffolk",
    "Sunderland", "Surrey", "Swindon", "Thurrock", "Torbay", "Trafford", "Walsall", "Wigan", "Wirral", "York",
]  # fmt: skip
AGENCY_KINDS = [k for k in AgencyKind if k != AgencyKind.OTHER]
REVIEWED_STAGES = {Stage.REVIEW, Stage.PUBLICATION, Stage.ACTION_PLAN}
PEOPLE_ROLES = {
    "bo": Role.BUSINESS_OFFICE,
    "chair": Role.CHAIR,
    "la": Role.PARTNER_LOCAL_AUTHORITY,
    "police": Role.PARTNER_POLICE,
    "health": Role.PARTNER_HEALTH,
    "auditor": Role.AUDITOR,
}
AGENCY_CONTACTS = {"agency": AgencyKind.NHS_TRUST, "agency2": AgencyKind.EDUCATION}
# Activity beyond the story of each case (reminders, recalculations, pauses): the long tail of the audit.
ACTIVITY_CODES = [
    "scoping.reminder_sent", "deadline.reprojected", "case.clock_paused", "case.clock_resumed",
    "rapid_review.attendee_recorded", "rapid_review.position_recorded", "scoping.return_started",
]  # fmt: skip
FIRST_NAMES = ["Amelia", "Noah", "Olivia", "Leo", "Isla", "Oscar", "Ava", "Arthur", "Mia", "Muhammad"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel"]


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class RawJSON(str):
    """Text that is already JSON (a cached timescale), written as it is."""


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def _text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    encode = _BY_TYPE.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, str):  # enums and other str subclasses
        return _escape(str.__str__(value))
    return str(value)


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _escape,
    type(None): lambda _: "\\N",
    bool: lambda v: "t" if v else "f",
    int: str,
    datetime: lambda v: v.isoformat(sep=" "),
    date: date.isoformat,
    uuid.UUID: str,
}


def _json_text(value: Any) -> str:
    if value is None:
        return "\\N"
    return _escape(value if isinstance(value, RawJSON) else json.dumps(value))


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of `model`'s table: rows are numbered here, not by the database."""
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{model._meta.db_table}"')  # noqa: S608
        return cursor.fetchone()[0] + 1


class TableWriter:
    """Writes one model's rows: tuples in `columns` order; other fields take their defaults.

    Unique fields with a callable default (public_id) get a fresh value per row; auto_now(_add) fields
    not given take the current time. Ids are handed out by `next_id(model)` before the rows are written.
    """

    CHUNK = 50_000

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        self.model = model
        self.columns = columns
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.encoders = [_json_text if isinstance(fields[c], models.JSONField) else _text for c in columns]
        now = timezone.now()
        self.constants: dict[str, Any] = {}
        self.per_row: dict[str, Callable[[], Any]] = {}
        for attname, f in fields.items():
            if attname in columns or f.primary_key:
                continue
            if f.unique and f.has_default() and callable(f.default):
                self.per_row[attname] = f.default
                continue
            value = (
                now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            )
            if value is None and not f.null:
                raise ValueError(f"{model.__name__}.{attname} needs a value")
            self.constants[attname] = value
        self.suffix = "".join(
            "\t" + (_json_text(v) if isinstance(fields[c], models.JSONField) else _text(v))
            for c, v in self.constants.items()
        )
        self.written = 0

    def write(self, rows: Iterable[tuple]) -> int:
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.CHUNK:
                self._flush(chunk)
                chunk = []
        if chunk:
            self._flush(chunk)
        self._reset_sequence()
        return self.written

    def _flush(self, rows: list[tuple]) -> None:
        self.written += len(rows)
        if _is_postgresql():
            self._copy(rows)
        else:
            self._bulk_create(rows)

    def _copy(self, rows: list[tuple]) -> None:
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        names = [*self.columns, *self.per_row, *self.constants]
        columns = ", ".join(f'"{fields[n].column}"' for n in names)
        encoders, makers, suffix = self.encoders, list(self.per_row.values()), self.suffix
        buffer = io.StringIO()
        for row in rows:
            line = "\t".join([e(v) for e, v in zip(encoders, row, strict=True)])
            for make in makers:
                line += "\t" + _text(make())
            buffer.write(line + suffix + "\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', buffer)

    def _bulk_create(self, rows: list[tuple]) -> None:
        objects = [self.model(**dict(zip(self.columns, row, strict=True)), **self.constants) for row in rows]
        with _keep_given_timestamps(self.model, self.columns):
            self.model._base_manager.bulk_create(objects, batch_size=2_000)

    def _reset_sequence(self) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)


@contextmanager
def _keep_given_timestamps(model: type[models.Model], columns: list[str]) -> Iterator[None]:
    """bulk_create would overwrite given auto_now_add values with now; switch that off meanwhile."""
    switched = [
        f for f in model._meta.concrete_fields if f.attname in columns and getattr(f, "auto_now_add", False)
    ]
    for f in switched:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in switched:
            f.auto_now_add = True


@dataclass
class Area:
    """A generated partnership with what its rows need: ids, agencies, people, calendar."""

    id: int
    slug: str
    place: str
    name: str
    prefix: str
    framework: Any
    weight: float
    agencies: list[tuple[int, uuid.UUID, str, str]] = field(
        default_factory=list
    )  # id, public_id, name, email
    people: dict[str, int] = field(default_factory=dict)  # login suffix -> user id


@dataclass
class Story:
    """The dates of one case's review, from which every table's rows are written."""

    case_id: int
    case_public_id: uuid.UUID
    area: Area
    reference: str
    stage: str
    aware: date
    received: date
    created_at: datetime
    sent: date
    returns: list[date | None]  # per agency (same order as area.agencies); None: not returned yet
    meeting: date
    meeting_held: bool
    submitted: date | None
    request_ids: list[tuple[int, uuid.UUID]] = field(default_factory=list)
    rapid_review_id: int | None = None
    review_id: int | None = None


class Command(BaseCommand):
    help = "Bulk-load a national-scale benchmark dataset (~150 partnerships, 10 years) at a size factor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--factor", choices=FACTORS, default="1", help="0.1, 1 or 10 times England's size"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--only",
            choices=["all", "deadlines"],
            default="all",
            help="deadlines: only what the daily scan reads",
        )

    def handle(self, *args: Any, factor: str, seed: int, only: str, **options: Any) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
        self.scale = float(factor)
        self.only = only
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.timings: list[tuple[str, int, float]] = []
        self.projections: dict[tuple[str, str, date], Projection] = {}
        self.calendar = WorkingCalendar(region="ENG")
        started = time.perf_counter()
        with scopes_disabled(), transaction.atomic():
            if Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists():
                raise CommandError("This database already holds a generated dataset; use a fresh database.")
            with self._timed("procedure frameworks (load_frameworks)") as done:
                frameworks = load_frameworks()
                done(len(frameworks))
            areas = self._partnerships(frameworks)
            self._agencies(areas)
            self._people(areas)
            stories = self._cases(areas)
            if only == "all":
                self._referrals(stories)
                self._rapid_reviews(stories)
            self._deadlines(stories, journal=only == "all")
            if only == "all":
                self._case_events(stories)
                self._optional("reviews and chronology entries", self._reviews_and_chronologies, stories)
                self._optional("published reports", self._publications, stories)
        if _is_postgresql():
            # As autovacuum leaves a live database: planner statistics, and the visibility map that lets
            # index-only scans (the case history's count) skip the table.
            with self._timed("VACUUM ANALYZE") as done, connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
                done(0)
        total = time.perf_counter() - started
        rows = sum(n for _, n, _ in self.timings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {rows:,} rows at {factor}x in {total:.1f}s ({rows / total:,.0f} rows/s)"
            )
        )
        self.stdout.write("TIMINGS " + json.dumps({"total_seconds": round(total, 2), "tables": self.timings}))

    @contextmanager
    def _timed(self, table: str) -> Iterator[Callable[[int], None]]:
        started = time.perf_counter()
        counted = [0]
        yield lambda n: counted.__setitem__(0, n)
        seconds = time.perf_counter() - started
        self.timings.append((table, counted[0], round(seconds, 3)))
        rate = f" ({counted[0] / seconds:,.0f} rows/s)" if counted[0] and seconds else ""
        self.stdout.write(f"{table}: {counted[0]:,} rows in {seconds:.2f}s{rate}")

    def _optional(self, name: str, write: Callable[[list[Story]], None], stories: list[Story]) -> None:
        """Tables of stages still being built: written when their models are there, else reported as
        skipped (a missing app, or a model whose fields changed), never failing the run."""
        try:
            with transaction.atomic():  # a savepoint: a failure leaves none of this section behind
                write(stories)
        except (ImportError, LookupError, ValueError, DatabaseError) as exc:
            self.stdout.write(f"{name}: skipped: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")

    def _write(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> None:
        with self._timed(model._meta.db_table) as done:
            done(TableWriter(model, columns).write(rows))

    # Partnerships, agencies, people -------------------------------------------------------------

    def _partnerships(self, frameworks: list) -> list[Area]:
        count = max(5, round(PARTNERSHIPS * self.scale))
        first = next_id(Partnership)
        areas = []
        for n in range(count):
            place = PLACES[n % len(PLACES)] + (f" {n // len(PLACES) + 1}" if n >= len(PLACES) else "")
            areas.append(
                Area(
                    id=first + n,
                    slug=f"{SLUG_PREFIX}{n + 1:04d}",
                    place=place,
                    name=f"{place} Safeguarding Children Partnership",
                    prefix=f"B{n + 1:04d}",
                    framework=frameworks[n % len(frameworks)],
                    # Some areas are far bigger than others (Birmingham against Rutland).
                    weight=self.rng.lognormvariate(0, 0.6),
                )
            )
        columns = ["id", "slug", "name", "reference_prefix", "framework_id", "local_authority", "police"]
        columns += ["health", "mailbox", "brand_colour", "region"]
        self._write(
            Partnership,
            columns,
            (
                (a.id, a.slug, a.name, a.prefix, a.framework.pk, f"{a.place} Council",
                 f"{a.place} Police", f"{a.place} ICB", f"scp@{a.slug}.example.org", "#1d70b8", "ENG")
                for a in areas
            ),
        )  # fmt: skip
        return areas

    def _agencies(self, areas: list[Area]) -> None:
        pk = next_id(Agency)
        rows = []
        for area in areas:
            for kind in AGENCY_KINDS:
                name = f"{area.place} {kind.label}"
                email = f"safeguarding.{kind.value.replace('_', '')}@{area.slug}.example.org"
                area.agencies.append((pk, uuid.uuid4(), name, email))
                rows.append((pk, area.agencies[-1][1], area.id, name, kind.value, email))
                pk += 1
        self._write(Agency, ["id", "public_id", "partnership_id", "name", "kind", "email"], rows)

    def _people(self, areas: list[Area]) -> None:
        user_model = get_user_model()
        password = make_password(PASSWORD)  # hashed once: seeding stays fast
        next_user = next_id(user_model)
        users, memberships = [], []
        kinds = {kind: n for n, kind in enumerate(AGENCY_KINDS)}
        for area in areas:
            for login, role in [*PEOPLE_ROLES.items(), *((k, Role.AGENCY_CONTACT) for k in AGENCY_CONTACTS)]:
                users.append((next_user, f"{area.slug}.{login}", password, role.label[:30], area.name[:150]))
                agency = area.agencies[kinds[AGENCY_CONTACTS[login]]][0] if login in AGENCY_CONTACTS else None
                memberships.append((next_user, area.id, role.value, agency))
                area.people[login] = next_user
                next_user += 1
        self._write(user_model, ["id", "username", "password", "first_name", "last_name"], users)
        self._write(Membership, ["user_id", "partnership_id", "role", "agency_id"], memberships)

    # Cases and their stories ----------------------------------------------------------------------

    def _working_day(self, start: date, n: int) -> date:
        return self.calendar.add_working_days(start, n)

    def _cases(self, areas: list[Area]) -> list[Story]:
        rng, today = self.rng, self.today
        count = round(CASES * self.scale)
        placed = rng.choices(areas, weights=[a.weight for a in areas], k=count)
        received_days = sorted((rng.randint(0, YEARS * 365) for _ in range(count)), reverse=True)
        first = next_id(Case)
        stories, numbers = [], defaultdict(int)
        for n, (area, days_ago) in enumerate(zip(placed, received_days, strict=True)):
            received = self._working_day(today - timedelta(days=days_ago), 0)
            if received > today:
                received = self._working_day(today, -1)
            numbers[area.id, received.year] += 1
            sent = self._working_day(received, rng.choice([1, 1, 2]))
            meeting = self._working_day(received, rng.randint(7, 13))
            returns = [self._working_day(sent, rng.choice([2, 3, 4, 5, 5, 5, 6, 8])) for _ in area.agencies]
            age = (today - received).days
            stories.append(
                Story(
                    case_id=first + n,
                    case_public_id=uuid.uuid4(),
                    area=area,
                    reference=f"{area.prefix}-{received.year}-{numbers[area.id, received.year]:03d}",
                    stage=_stage_for(age, rng),
                    aware=received - timedelta(days=rng.choice([0, 0, 0, 1, 2, 3])),
                    received=received,
                    created_at=datetime.combine(
                        received, clock(rng.randint(8, 17), rng.randint(0, 59)), LONDON
                    ),
                    sent=sent,
                    returns=[d if d <= today else None for d in returns],
                    meeting=meeting,
                    meeting_held=meeting < today,
                    submitted=self._working_day(meeting, rng.randint(1, 3))
                    if meeting < today - timedelta(7)
                    else None,
                )
            )
        for story in stories:
            if story.stage == Stage.REFERRAL:
                story.returns = [None] * len(story.returns)
        columns = ["id", "public_id", "partnership_id", "reference", "child_pseudonym", "stage"]
        columns += ["aware_of_incident", "referral_received", "created_at"]
        rows = [
            (s.case_id, s.case_public_id, s.area.id, s.reference, f"Child {_letters(int(s.reference[-3:]))}",
             s.stage, s.aware, s.received, s.created_at)
            for s in stories
        ]  # fmt: skip
        self._write(Case, columns, rows)
        if self.only == "deadlines":
            return stories
        history = Case.history.model
        first_history = next_id(history)
        self._write(
            history,
            ["history_id", "id", *columns[1:], "history_date", "history_type"],
            ((first_history + n, *row, row[-1], "+") for n, row in enumerate(rows)),
        )
        return stories

    def _referrals(self, stories: list[Story]) -> None:
        try:
            from referrals.models import Child, Referral
        except ImportError:
            self.stdout.write("referrals: skipped: no model")
            return
        rng = self.rng
        first = next_id(Referral)
        referrals, children = [], []
        for n, s in enumerate(stories):
            agency_referral = rng.random() < 0.3
            state = "submitted" if s.stage == Stage.REFERRAL else "accepted_for_rapid_review"
            at = s.created_at
            referrals.append(
                (first + n, s.area.id, s.case_id, state, True,
                 "agency_referral" if agency_referral else "la_notification", s.aware, s.received,
                 s.aware - timedelta(days=rng.randint(0, 3)), rng.choice(["death", "serious_harm"]),
                 s.area.agencies[rng.randrange(len(s.area.agencies))][0] if agency_referral else None,
                 "Referrer name", "A summary of the circumstances and the incident.", s.area.people["bo"], at, at,
                 at if state != "submitted" else None)
            )  # fmt: skip
            children.append(
                (first + n, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                 s.received - timedelta(days=rng.randint(30, 6000)), rng.choice(["Female", "Male"]),
                 "no", "never", "yes", "yes", "no", "no")
            )  # fmt: skip
        columns = ["id", "partnership_id", "case_id", "state", "keyed_by_business_office", "source"]
        columns += ["aware_of_incident", "referral_received", "date_of_incident", "incident_kind"]
        columns += ["referring_agency_id", "referrer_name", "circumstances", "created_by_id", "created_at"]
        columns += ["submitted_at", "decided_at"]
        self._write(Referral, columns, referrals)
        columns = ["referral_id", "name", "date_of_birth", "gender", "looked_after", "child_protection_plan"]
        columns += [
            "open_to_social_care",
            "criminal_investigation",
            "coroners_inquiry",
            "adult_safeguarding_concerns",
        ]
        self._write(Child, columns, children)

    def _rapid_reviews(self, stories: list[Story]) -> None:
        try:
            from rapid_review.models import Attendee, Position, RapidReview, ReminderLog, ScopingRequest
        except ImportError:
            self.stdout.write("rapid reviews and scoping requests: skipped: no model")
            return
        rng = self.rng
        rr_id = next_id(RapidReview)
        request_id = next_id(ScopingRequest)
        reviews, requests, reminders, attendees, positions = [], [], [], [], []
        for s in stories:
            if s.stage == Stage.REFERRAL:
                continue
            s.rapid_review_id = rr_id
            state = _rapid_review_state(s)
            held = s.meeting_held and state not in {"scoping", "awaiting_returns", "meeting_scheduled"}
            at = lambda day, hour=10: datetime.combine(day, clock(hour), LONDON)  # noqa: E731
            reviews.append(
                (rr_id, s.area.id, s.case_id, state, "Summary of the case for the rapid review meeting.",
                 at(s.meeting, 14), "video" if rng.random() < 0.7 else "in_person",
                 "yes" if held else "", ["a", "b"] if held else [],
                 ("local_review" if s.stage != Stage.RAPID_REVIEW else "no_review") if held else "",
                 "The reasons for the decision." if held else "", at(s.meeting, 16) if held else None,
                 at(s.submitted) if s.submitted and held else None,
                 s.area.people["bo"] if s.submitted and held else None, at(s.created_at.date()))
            )  # fmt: skip
            if held:
                for represents, who in [
                    ("local_authority", "la"),
                    ("police", "police"),
                    ("health", "health"),
                    ("business_office", "bo"),
                    ("agency", "agency"),
                    ("agency", "agency2"),
                ]:
                    attendees.append((s.area.id, rr_id, f"{who.title()} representative", "Designated lead",
                                      s.area.place, represents))  # fmt: skip
                for role, who in [("local_authority", "la"), ("police", "police"), ("health", "health")]:
                    positions.append((s.area.id, rr_id, role, f"{who.title()} partner", "agrees", s.meeting,
                                      s.area.people["bo"]))  # fmt: skip
            for (agency_id, _, _, email), returned in zip(s.area.agencies, s.returns, strict=True):
                public_id = uuid.uuid4()
                s.request_ids.append((request_id, public_id))
                state = "submitted" if returned else ("sent" if rng.random() < 0.6 else "in_progress")
                no_involvement = bool(returned) and rng.random() < 0.2
                requests.append(
                    (request_id, public_id, s.area.id, rr_id, agency_id, state, at(s.sent, 9),
                     at(returned, 15) if returned else None, s.area.people["agency"] if returned else None,
                     "Named safeguarding lead" if returned else "", no_involvement,
                     "" if no_involvement or not returned else "Summary of our agency's involvement. " * 6,
                     bool(returned))
                )  # fmt: skip
                due = self._working_day(s.sent, 5)
                if rng.random() < 0.4 or not returned or returned > due:
                    reminders.append(
                        (s.area.id, request_id, "before", at(self._working_day(due, -1), 7), [email])
                    )
                if not returned or returned > due:
                    reminders.append(
                        (s.area.id, request_id, "escalated", at(self._working_day(due, 1), 7), [email])
                    )
                request_id += 1
            rr_id += 1
        columns = ["id", "partnership_id", "case_id", "state", "case_summary", "meeting_at", "meeting_format"]
        columns += [
            "immediate_action_taken",
            "criteria",
            "outcome",
            "rationale",
            "decided_at",
            "submitted_at",
        ]
        columns += ["submitted_by_id", "created_at"]
        self._write(RapidReview, columns, reviews)
        columns = ["id", "public_id", "partnership_id", "rapid_review_id", "agency_id", "state", "sent_at"]
        columns += ["submitted_at", "submitted_by_id", "completed_by_name", "no_involvement"]
        columns += ["involvement_summary", "records_secured"]
        self._write(ScopingRequest, columns, requests)
        self._write(ReminderLog, ["partnership_id", "request_id", "kind", "sent_at", "recipients"], reminders)
        columns = ["partnership_id", "rapid_review_id", "name", "job_title", "organisation", "represents"]
        self._write(Attendee, columns, attendees)
        columns = [
            "partnership_id",
            "rapid_review_id",
            "role",
            "person",
            "stance",
            "recorded_on",
            "recorded_by_id",
        ]
        self._write(Position, columns, positions)

    # Deadlines ---------------------------------------------------------------------------------------

    def _projection(self, framework: Any, key: str, origin: date, label: str) -> Projection | None:
        memo = (framework.slug, key, origin)
        if memo not in self.projections:
            timescale = framework.timescale(key)
            self.projections[memo] = (
                project(timescale=timescale, origin=origin, calendar=self.calendar, origin_label=label)
                if timescale.is_set
                else None
            )
        return self.projections[memo]

    def _clocks(self, s: Story) -> Iterator[tuple[str, date, str, str, uuid.UUID | None, date | None]]:
        """(key, origin, origin label, subject, subject id, met on) for each clock the case started."""
        done = s.stage != Stage.REFERRAL
        yield "notify_national_panel", s.aware, "became aware", "", None, s.aware + timedelta(days=2)
        yield "complete_rapid_review", s.aware, "became aware", "", None, s.submitted
        if not done:
            return
        yield "send_scoping_requests", s.received, "referral received", "", None, s.sent
        yield (
            "rapid_review_meeting",
            s.received,
            "referral received",
            "",
            None,
            s.meeting if s.meeting_held else None,
        )
        ids = s.request_ids or [(None, uuid.uuid4()) for _ in s.area.agencies]
        for (_, _, name, _), (_, public_id), returned in zip(s.area.agencies, ids, s.returns, strict=True):
            yield "scoping_return", s.sent, "request sent", name, public_id, returned
        if s.meeting_held:
            yield "submit_to_national_panel", s.meeting, "meeting held", "", None, s.submitted
        if s.submitted is None:
            return
        yield "national_panel_response", s.submitted, "submitted", "", None, s.submitted + timedelta(days=25)
        if s.stage in {Stage.RAPID_REVIEW, Stage.CLOSED}:
            return
        decided = s.submitted + timedelta(days=21)  # the partnership's decision to hold a review
        reported = decided + timedelta(days=170) if s.stage != Stage.REVIEW else None
        yield "complete_local_review", decided, "decision to review", "", None, reported
        if reported is not None:
            check = decided + timedelta(days=140)
            yield (
                "factual_accuracy_check",
                check,
                "accuracy check requested",
                "",
                None,
                check + timedelta(days=12),
            )

    def _deadlines(self, stories: list[Story], *, journal: bool) -> None:
        rng, now = self.rng, self.now
        timescales: dict[tuple[str, str], tuple[RawJSON, str]] = {}
        deadline_id = next_id(Deadline)
        rows: list[tuple] = []
        journal_rows: list[tuple] = []
        projected = time.perf_counter()
        for s in stories:
            framework = s.area.framework
            for key, origin, label, subject, subject_id, met_on in self._clocks(s):
                projection = self._projection(framework, key, origin, label)
                if projection is None or projection.due is None:
                    continue
                if (framework.slug, key) not in timescales:
                    timescale = framework.timescale(key)
                    timescales[framework.slug, key] = (
                        RawJSON(json.dumps(timescale.to_data())),
                        timescale.label,
                    )
                instruction, title = timescales[framework.slug, key]
                due = projection.due
                origin_at = datetime.combine(origin, clock.min, LONDON)
                met_at, missed_at = _outcome(rng, origin_at, due, met_on, now)
                rows.append(
                    (deadline_id, s.area.id, s.case_id, key, title + (f": {subject}" if subject else ""),
                     subject, subject_id, origin_at, label, instruction, due,
                     projection.window_opens, projection.explanation, met_at, missed_at, origin_at + timedelta(hours=9))
                )  # fmt: skip
                if journal:
                    journal_rows.append(
                        (
                            deadline_id,
                            origin_at + timedelta(hours=9),
                            "clock started",
                            due,
                            projection.explanation,
                        )
                    )
                deadline_id += 1
        self.timings.append(
            ("due dates projected (memoised project())", len(rows), round(time.perf_counter() - projected, 3))
        )
        self.stdout.write(
            f"due dates: {len(rows):,} deadlines from {len(self.projections):,} distinct projections "
            f"in {time.perf_counter() - projected:.2f}s"
        )
        columns = ["id", "partnership_id", "case_id", "key", "label", "subject", "subject_id", "origin"]
        columns += [
            "origin_label",
            "timescale",
            "due_at",
            "window_opens_at",
            "explanation",
            "met_at",
            "missed_at",
        ]
        columns += ["created_at"]
        self._write(Deadline, columns, rows)
        if journal:
            self._write(
                DeadlineProjection, ["deadline_id", "at", "cause", "due_at", "explanation"], journal_rows
            )

    # The audit trail ------------------------------------------------------------------------------------

    def _case_events(self, stories: list[Story]) -> None:
        rng, now = self.rng, self.now
        story_events = {s.case_id: list(_story_events(s)) for s in stories}
        base = sum(len(v) for v in story_events.values())
        target = round(CASE_EVENTS * self.scale)
        # A heavy tail: most cases are short, a few run for years with thousands of entries.
        weights = [min(rng.paretovariate(1.1), 400.0) for _ in stories]
        scale = max(target - base, 0) / sum(weights)
        first = next_id(CaseEvent)

        def rows() -> Iterator[tuple]:
            pk = first
            for s, weight in zip(stories, weights, strict=True):
                people = [s.area.people["bo"], s.area.people["chair"], None]
                for code, stage, at in story_events[s.case_id]:
                    if at <= now:
                        yield pk, s.area.id, s.case_id, stage, code, rng.choice(people), at, at
                        pk += 1
                span = max(min((now - s.created_at).total_seconds(), 3 * 365 * 86400), 3600)
                for _ in range(math.floor(weight * scale)):
                    at = s.created_at + timedelta(seconds=rng.random() * span)
                    yield (
                        pk,
                        s.area.id,
                        s.case_id,
                        s.stage,
                        rng.choice(ACTIVITY_CODES),
                        rng.choice(people),
                        at,
                        at,
                    )
                    pk += 1

        columns = ["id", "partnership_id", "case_id", "stage", "code", "by_id", "at", "processed_at"]
        self._write(CaseEvent, columns, rows())

    # Reviews, agency chronologies and published reports (apps being built: guarded) -----------------

    def _reviews_and_chronologies(self, stories: list[Story]) -> None:
        """A review for each case past its rapid review, a chronology request to each agency, one
        submitted version each and ~200,000 entries (at 1x), a heavy tail: a few reviews run to thousands."""
        from chronologies.models import AgencyRequest, ChronologyEntry, Submission
        from reviews.models import Review

        rng = self.rng
        reviewed = [s for s in stories if s.stage in REVIEWED_STAGES and s.submitted is not None]
        if not reviewed:
            return
        review_id, request_id, submission_id = next_id(Review), next_id(AgencyRequest), next_id(Submission)
        reviews, requests, submissions, entries = [], [], [], []
        weights = [min(rng.paretovariate(1.2), 60.0) for _ in reviewed]
        per_weight = round(CHRONOLOGY_ENTRIES * self.scale) / sum(weights)
        at = lambda day, hour=10: datetime.combine(day, clock(hour), LONDON)  # noqa: E731
        for s, weight in zip(reviewed, weights, strict=True):
            s.review_id = review_id
            decided = s.submitted + timedelta(days=21)
            state = "information_gathering" if s.stage == Stage.REVIEW else "handed_to_publication"
            reviews.append((review_id, s.area.id, s.case_id, "local_review", state, decided, at(decided)))
            per_agency = max(1, round(weight * per_weight / len(s.area.agencies)))
            for agency_id, _, name, _ in s.area.agencies:
                sent, returned = decided + timedelta(days=14), decided + timedelta(days=35)
                done = s.stage != Stage.REVIEW or rng.random() < 0.6
                requests.append(
                    (request_id, s.area.id, review_id, agency_id, "chronology", "accepted" if done else "sent",
                     at(sent), at(returned) if done else None, at(returned + timedelta(days=3)) if done else None,
                     s.area.people["bo"], at(sent))
                )  # fmt: skip
                version = None
                if done:
                    version = submission_id
                    submissions.append(
                        (submission_id, s.area.id, request_id, 1, at(returned), s.area.people["agency"],
                         "Senior officer", "Head of safeguarding", returned, per_agency, "accepted")
                    )  # fmt: skip
                    submission_id += 1
                start = s.aware - timedelta(days=365 * 2)
                for n in range(per_agency):
                    occurred = start + timedelta(days=rng.randint(0, 730))
                    entries.append(
                        (s.area.id, request_id, version, review_id, agency_id, done, occurred,
                         f"{name}: contact with the family ({n + 1}).", "Case record", "Practitioner",
                         "Advice given; follow-up visit arranged.")
                    )  # fmt: skip
                request_id += 1
            review_id += 1
        columns = ["id", "partnership_id", "case_id", "kind", "state", "decided_on", "created_at"]
        self._write(Review, columns, reviews)
        columns = ["id", "partnership_id", "review_id", "agency_id", "kind", "state", "sent_at"]
        columns += ["submitted_at", "accepted_at", "created_by_id", "created_at"]
        self._write(AgencyRequest, columns, requests)
        columns = ["id", "partnership_id", "request_id", "number", "submitted_at", "submitted_by_id"]
        columns += ["signed_off_by_name", "signed_off_by_role", "signed_off_on", "entry_count", "outcome"]
        self._write(Submission, columns, submissions)
        columns = ["partnership_id", "request_id", "submission_id", "review_id", "agency_id", "current"]
        columns += ["occurred_on", "event", "source", "practitioner_role", "action_or_outcome"]
        self._write(ChronologyEntry, columns, entries)

    def _publications(self, stories: list[Story]) -> None:
        """The published reports of reviews that reached publication, on each partnership's public page."""
        from publication.models import Publication

        rng, today = self.rng, self.today
        rows = []
        for s in stories:
            if s.review_id is None or s.stage == Stage.REVIEW:
                continue
            published = s.submitted + timedelta(days=21 + rng.randint(200, 400))
            if published >= today:
                continue
            rows.append(
                (s.area.id, s.case_id, s.review_id, "available_online", f"Child {s.reference[-3:]}: review",
                 "What happened, what we learned and what partners are changing. " * 3,
                 "An independent reviewer", "Key messages for practitioners.",
                 datetime.combine(published, clock(9), LONDON), published + timedelta(days=365))
            )  # fmt: skip
        columns = ["partnership_id", "case_id", "review_id", "state", "title", "summary", "reviewer_names"]
        columns += ["learning_briefing", "published_at", "online_until"]
        self._write(Publication, columns, rows)


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA: the pseudonyms partnerships give children in order."""
    text = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def _stage_for(age_days: int, rng: random.Random) -> str:
    if age_days < 3:
        return Stage.REFERRAL
    if age_days < 40:
        return Stage.RAPID_REVIEW
    if age_days < 400:
        return rng.choice([Stage.REVIEW, Stage.REVIEW, Stage.CLOSED])
    if age_days < 800:
        return rng.choice([Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED])
    return Stage.CLOSED if rng.random() < 0.9 else Stage.ACTION_PLAN


def _rapid_review_state(s: Story) -> str:
    if s.stage != Stage.RAPID_REVIEW:
        return "progressed" if s.stage != Stage.CLOSED else "closed"
    if s.submitted:
        return "submitted"
    if s.meeting_held:
        return "decision_recorded"
    return "meeting_scheduled" if all(s.returns) else "awaiting_returns"


def _outcome(
    rng: random.Random, origin: datetime, due: datetime, met_on: date | None, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """(met_at, missed_at): mostly met; open clocks around today; a few stale missed ones left open."""
    stale = rng.random() < 0.04  # nobody closed the clock: the scan wades through these every day
    if met_on is not None and not stale:
        met_at = datetime.combine(met_on, clock(rng.randint(9, 17)), LONDON)
        if met_at <= now:
            return met_at, (due + timedelta(hours=7) if met_at > due else None)
    if due > now - timedelta(days=1):
        return None, None  # still running, or passed since the last daily scan: today's scan finds it
    return None, due.astimezone(UTC) + timedelta(hours=7)  # missed, marked by an earlier scan, still open


def _story_events(s: Story) -> Iterator[tuple[str, str, datetime]]:
    """The audit rows a case's story writes: (code, stage, at)."""
    at = lambda day, hour=10: datetime.combine(day, clock(hour), LONDON)  # noqa: E731
    yield "referral.submitted", "referral", s.created_at
    yield "case.opened", "referral", s.created_at
    yield "deadline.started", "referral", s.created_at
    if s.stage == Stage.REFERRAL:
        return
    yield "referral.accepted_for_rapid_review", "referral", s.created_at + timedelta(hours=2)
    yield "rapid_review.opened", "rapid_review", s.created_at + timedelta(hours=2)
    yield "rapid_review.requests_sent", "rapid_review", at(s.sent, 9)
    for returned in s.returns:
        yield "scoping.request_sent", "rapid_review", at(s.sent, 9)
        yield "deadline.started", "rapid_review", at(s.sent, 9)
        if returned:
            yield "scoping.return_submitted", "rapid_review", at(returned, 15)
            yield "deadline.met", "rapid_review", at(returned, 15)
    yield "rapid_review.meeting_scheduled", "rapid_review", at(s.sent, 11)
    if s.meeting_held:
        yield "rapid_review.meeting_held", "rapid_review", at(s.meeting, 16)
        yield "rapid_review.decision_recorded", "rapid_review", at(s.meeting, 17)
    if s.submitted:
        yield "rapid_review.submitted", "rapid_review", at(s.submitted, 12)
        if s.stage != Stage.RAPID_REVIEW:
            yield "rapid_review.panel_responded", "rapid_review", at(s.submitted + timedelta(days=21))
            yield "rapid_review.progressed", "rapid_review", at(s.submitted + timedelta(days=22))
