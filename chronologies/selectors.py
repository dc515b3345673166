"""Reads for the agency information pages: requests, their clocks, versions and the integrated chronology."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from chronologies.models import AgencyRequest, ChronologyEntry, RequestReminder, Submission
from cspr.models import Agency, Deadline, Partnership
from reviews import selectors as review_selectors
from reviews.models import Review

State = AgencyRequest.State
HIDDEN_FROM_AGENCY = [State.DRAFT, State.WITHDRAWN]
STATE_COLOURS = {
    State.DRAFT: "grey",
    State.SENT: "blue",
    State.IN_PROGRESS: "light-blue",
    State.SUBMITTED: "purple",
    State.RETURNED: "orange",
    State.ACCEPTED: "green",
    State.WITHDRAWN: "grey",
}
# GOV.UK tag colours for the agencies of an integrated chronology; the agency's name is always written in
# the tag too, so colour is never the only cue (WCAG 1.4.1).
AGENCY_COLOURS = [
    "blue",
    "green",
    "purple",
    "orange",
    "turquoise",
    "pink",
    "yellow",
    "red",
    "light-blue",
    "grey",
]
PAGE_SIZE = 50  # rows per page of the integrated chronology: a page renders in constant time


def reviews_for(user: AbstractBaseUser, partnership: Partnership, memberships: list[Any]) -> QuerySet[Review]:
    """Reviews the user may see: every review for case readers; reviewers and panel members only those
    they were appointed to (the reviews stage's django-guardian grant)."""
    return review_selectors.reviews_for(
        partnership=partnership, user=user, memberships=memberships
    ).select_related("case", "partnership")


def requests_for_review(review: Review) -> list[AgencyRequest]:
    return list(
        AgencyRequest.objects.filter(review=review)
        .select_related("agency", "partnership")
        .order_by("agency__name", "kind")
    )


def requests_in(partnership: Partnership) -> QuerySet[AgencyRequest]:
    return AgencyRequest.objects.filter(partnership=partnership).select_related(
        "agency", "partnership", "review__case", "review__partnership"
    )


def clocks_for(requests: list[AgencyRequest]) -> dict[Any, Deadline]:
    """The return clock of each request, by its public id (one query)."""
    return {
        d.subject_id: d
        for d in Deadline.objects.filter(
            subject_id__in=[r.public_id for r in requests],
            key__in=["chronology_return", "information_report_return"],
            cancelled_at=None,
        )
    }


def is_late(request: AgencyRequest, clock: Deadline | None, *, now: datetime | None = None) -> bool:
    """Past its due time and not submitted, or first submitted after it (still accepted)."""
    if clock is None or clock.due_at is None:
        return False
    if clock.met_at is not None:
        return clock.met_at > clock.due_at
    if request.state in {State.DRAFT, State.WITHDRAWN}:
        return False
    return clock.due_at < (now or timezone.now())


@dataclass
class RequestRow:
    request: AgencyRequest
    clock: Deadline | None
    is_late: bool
    reminders: list[RequestReminder]

    @property
    def colour(self) -> str:
        return STATE_COLOURS.get(self.request.state, "grey")


def request_rows(requests: list[AgencyRequest], *, now: datetime | None = None) -> list[RequestRow]:
    clocks = clocks_for(requests)
    sent: dict[int, list[RequestReminder]] = {}
    for reminder in RequestReminder.objects.filter(request__in=[r.pk for r in requests]):
        sent.setdefault(reminder.request_id, []).append(reminder)
    return [
        RequestRow(
            request=r,
            clock=clocks.get(r.public_id),
            is_late=is_late(r, clocks.get(r.public_id), now=now),
            reminders=sent.get(r.pk, []),
        )
        for r in requests
    ]


def draft_entries(request: AgencyRequest) -> QuerySet[ChronologyEntry]:
    return ChronologyEntry.objects.filter(request=request, submission=None).order_by(
        "occurred_on", "occurred_time", "pk"
    )


def submissions(request: AgencyRequest) -> list[Submission]:
    return list(
        Submission.objects.filter(request=request).select_related("submitted_by", "qa_by").order_by("-number")
    )


def latest_submission(request: AgencyRequest) -> Submission | None:
    return Submission.objects.filter(request=request).order_by("-number").first()


# --- The integrated chronology -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineFilter:
    agency: Agency | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def agencies_in_timeline(review: Review) -> list[tuple[Agency, str]]:
    """The agencies with current entries, each with its colour (stable: ordered by name)."""
    ids = (
        ChronologyEntry.objects.filter(review=review, current=True)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    agencies = Agency.objects.filter(pk__in=ids).order_by("name")
    return [(agency, AGENCY_COLOURS[n % len(AGENCY_COLOURS)]) for n, agency in enumerate(agencies)]


def timeline(review: Review, filters: TimelineFilter) -> QuerySet[ChronologyEntry]:
    """All agencies' current entries in one timeline, in date order, filtered (used with a paginator)."""
    entries = ChronologyEntry.objects.filter(review=review, current=True)
    if filters.agency is not None:
        entries = entries.filter(agency=filters.agency)
    if filters.date_from is not None:
        entries = entries.filter(occurred_on__gte=filters.date_from)
    if filters.date_to is not None:
        entries = entries.filter(occurred_on__lte=filters.date_to)
    if filters.text.strip():
        words = Q()
        for field in (
            "event",
            "action_or_outcome",
            "comment",
            "source",
            "practitioner_role",
            "agency_or_service",
        ):
            words |= Q(**{f"{field}__icontains": filters.text.strip()})
        entries = entries.filter(words)
    return entries.select_related("agency").order_by("occurred_on", "occurred_time", "agency__name", "pk")
