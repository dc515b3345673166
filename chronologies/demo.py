"""Demo agency information for one review per partnership, built through the real workflow (seed_demo).

Runs after reviews.demo.build: it takes the first review gathering information (or analysing it). Requests
are in every state, the demo agency contacts have work waiting on the portal, and the integrated chronology
holds a few hundred entries from three agencies.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from chronologies import report, services, workflow
from chronologies.imports import ImportResult, ParsedRow
from chronologies.models import AgencyRequest
from cspr import services as case_services
from cspr.models import Agency, Case, Membership, Partnership
from cspr.models.cases import Stage
from cspr.roles import Role
from reviews.models import Review

State = AgencyRequest.State
Kind = AgencyRequest.Kind
SIGN_OFF = {"signed_off_by_name": "Alex Morgan", "signed_off_by_role": "Head of Safeguarding"}
EVENTS = [
    (
        "Health visiting records",
        "Health visitor",
        "New birth visit; mother said she was coping well.",
        "Routine follow-up booked.",
    ),
    (
        "GP record",
        "GP",
        "Child brought to surgery with a cough; small bruise on the forehead noted.",
        "Explanation of a fall accepted; no referral.",
    ),
    (
        "Police log",
        "Response officer",
        "Call to the family home after neighbours heard shouting.",
        "Words of advice; domestic abuse risk assessment completed.",
    ),
    (
        "Case notes",
        "Social worker",
        "Referral received from the school about the child's attendance.",
        "Contact and referral closed with signposting to early help.",
    ),
    (
        "School log",
        "Designated safeguarding lead",
        "Child absent for three days without explanation.",
        "Home visit by the attendance officer; no answer.",
    ),
    (
        "Hospital record",
        "Emergency department nurse",
        "Attendance with a burn to the hand.",
        "Treated and discharged; safeguarding checklist not completed.",
    ),
    (
        "Housing file",
        "Housing officer",
        "Family moved to temporary accommodation.",
        "New address shared with the health visitor only.",
    ),
    (
        "Case notes",
        "Family support worker",
        "Mother declined the parenting programme.",
        "Case closed after three attempts to engage.",
    ),
]
PLAN = [  # (kind, state, entries): one agency per line, the demo contacts' agencies first
    [(Kind.CHRONOLOGY, State.IN_PROGRESS, 12), (Kind.INFORMATION_REPORT, State.SENT, 0)],
    [(Kind.CHRONOLOGY, State.RETURNED, 80), (Kind.INFORMATION_REPORT, State.IN_PROGRESS, 0)],
    [(Kind.CHRONOLOGY, State.ACCEPTED, 120), (Kind.INFORMATION_REPORT, State.ACCEPTED, 0)],
    [(Kind.CHRONOLOGY, State.SUBMITTED, 100), (Kind.INFORMATION_REPORT, State.SUBMITTED, 0)],
    [(Kind.CHRONOLOGY, State.SENT, 0)],
    [(Kind.CHRONOLOGY, State.DRAFT, 0)],
    [(Kind.CHRONOLOGY, State.WITHDRAWN, 0)],
]


def _review(partnership: Partnership, by: AbstractBaseUser) -> Review:
    """The reviews stage's demo review gathering information, or one made here if there is none yet."""
    found = (
        Review.objects.filter(partnership=partnership, state__in=workflow.OPEN_REVIEW_STATES)
        .order_by("state", "created_at")
        .first()
    )
    if found is not None:
        return found
    case = Case.objects.filter(partnership=partnership, stage=Stage.REVIEW, review__isnull=True).first()
    if case is None:
        day = timezone.localdate() - timedelta(days=60)
        case = case_services.open_case(
            partnership=partnership,
            child_pseudonym="Child R",
            aware_of_incident=day,
            referral_received=day,
            by=by,
        )
    review = Review.objects.create(
        partnership=partnership,
        case=case,
        kind=Review.Kind.LOCAL_CSPR,
        decided_on=timezone.localdate() - timedelta(days=30),
    )
    # Stand-in for the reviews stage's own workflow, which is not installed in this partnership's demo.
    Review.objects.filter(pk=review.pk).update(state=Review.State.INFORMATION_GATHERING)
    review.refresh_from_db()
    return review


def _contact(agency: Agency, fallback: AbstractBaseUser) -> AbstractBaseUser:
    member = Membership.objects.filter(agency=agency, role=Role.AGENCY_CONTACT, is_active=True).first()
    return member.user if member else fallback


def _entries(request: AgencyRequest, count: int, *, offset: int) -> ImportResult:
    start = timezone.localdate() - timedelta(days=540)
    rows = []
    for n in range(count):
        source, role, event, action = EVENTS[(n + offset) % len(EVENTS)]
        values = {
            "occurred_on": start + timedelta(days=(n * 4 + offset * 3) % 500),
            "occurred_time": time(9 + n % 8, (n * 7) % 60) if n % 3 else None,
            "agency_or_service": "",
            "source": source,
            "event": event,
            "practitioner_role": role,
            "action_or_outcome": action,
            "comment": "Expected practice" if n % 5 else "Not in line with the procedure",
        }
        rows.append(ParsedRow(line=n + 2, values=values))
    return ImportResult(rows=rows)


def _answers() -> dict:
    return {
        q.key: True
        if q.kind == report.CONFIRM
        else "no"
        if q.kind == report.YES_NO
        else "See the attached analysis."
        for q in report.QUESTIONS.values()
    }


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """Requests in every state for one review; returns how many requests were made."""
    review = _review(partnership, by)
    contacts = set(
        Membership.objects.filter(role=Role.AGENCY_CONTACT, agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )
    agencies = sorted(
        Agency.objects.filter(partnership=partnership), key=lambda a: (a.pk not in contacts, a.name)
    )
    made = 0
    for n, (agency, plan) in enumerate(zip(agencies, PLAN, strict=False)):
        agency_user = _contact(agency, by)
        for kind, state, count in plan:
            (request,) = workflow.create_requests(
                review=review,
                agencies=[agency],
                kinds=[kind],
                instructions="How the agency shared information about the family's moves.",
                period_under_review="The 18 months before the incident",
                by=by,
                send=state != State.DRAFT,
            )
            made += 1
            if state == State.WITHDRAWN:
                workflow.withdraw(
                    request=request, by=by, reason="The agency had no involvement with the family."
                )
                continue
            if state in {State.DRAFT, State.SENT}:
                continue
            if kind == Kind.CHRONOLOGY:
                services.import_rows(
                    request=request,
                    by=agency_user,
                    result=_entries(request, count, offset=n),
                    filename="chronology.xlsx",
                )
            else:
                answers = _answers()
                if state == State.IN_PROGRESS:
                    answers = {k: v for k, v in answers.items() if k.startswith("completed_by")}
                workflow.save_report(request=request, by=agency_user, answers=answers)
            if state == State.IN_PROGRESS:
                continue
            workflow.submit(request=request, by=agency_user, signed_off_on=timezone.localdate(), **SIGN_OFF)
            if state == State.RETURNED:
                workflow.send_back(
                    request=request,
                    by=by,
                    comments="Please add the GP's contacts in March and say who the practitioners were.",
                )
            elif state == State.ACCEPTED:
                workflow.accept(request=request, by=by)
    return made
