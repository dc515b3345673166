"""What the business office, the chair and the partners see of a rapid review. Selectors read only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from cspr.models import Agency, Case, Deadline, Partnership
from rapid_review import rules
from rapid_review.models import Attendee, Dispatch, Position, RapidReview, ScopingRequest

State = RapidReview.State
RequestState = ScopingRequest.State


def rapid_reviews(partnership: Partnership) -> QuerySet[RapidReview]:
    return RapidReview.objects.filter(partnership=partnership).select_related("case", "partnership")


def referral_of(case: Case):  # -> referrals.models.Referral | None
    """The case's referral, or None (a case opened another way, or the referrals app not involved)."""
    return getattr(case, "referral", None)


def referral_accepted(case: Case) -> bool:
    from referrals.models import Referral

    referral = referral_of(case)
    return referral is not None and referral.state == Referral.State.ACCEPTED_FOR_RAPID_REVIEW


def rapid_review_of(case: Case) -> RapidReview | None:
    return RapidReview.unscoped.filter(case=case).first()


# --- Scoping requests --------------------------------------------------------------------------------


@dataclass
class RequestRow:
    """One agency's scoping request with its return clock, as the overview lists it."""

    request: ScopingRequest
    deadline: Deadline | None
    is_late: bool


def request_rows(
    rapid_review: RapidReview, *, now: datetime | None = None, deadlines: list[Deadline] | None = None
) -> list[RequestRow]:
    """Live requests, each with its return deadline; late = due date passed and not returned.

    `deadlines`: the case's live clocks when the caller has read them already (case_deadlines).
    """
    now = now or timezone.now()
    requests = list(
        ScopingRequest.unscoped.filter(rapid_review=rapid_review)
        .exclude(state=RequestState.WITHDRAWN)
        .select_related("agency")
    )
    if deadlines is None:
        deadlines = list(
            Deadline.unscoped.filter(case_id=rapid_review.case_id, key="scoping_return", cancelled_at=None)
        )
    clocks = {d.subject_id: d for d in deadlines if d.key == "scoping_return" and d.cancelled_at is None}
    rows = []
    for request in requests:
        deadline = clocks.get(request.public_id)
        late = (
            request.state != RequestState.SUBMITTED
            and deadline is not None
            and deadline.due_at is not None
            and deadline.due_at < now
        )
        rows.append(RequestRow(request=request, deadline=deadline, is_late=late))
    return rows


def default_agencies(partnership: Partnership, case: Case) -> list[Agency]:
    """Agencies the referral lists as involved (matched by agency or by name), to tick by default."""
    referral = referral_of(case)
    if referral is None:
        return []
    agencies = list(Agency.unscoped.filter(partnership=partnership))
    by_name = {a.name.strip().lower(): a for a in agencies}
    chosen: dict[int, Agency] = {}
    for involved in referral.involved_agencies.all():
        agency = involved.agency if involved.agency_id else by_name.get(involved.agency_name.strip().lower())
        if agency is not None and agency.partnership_id == partnership.pk:
            chosen[agency.pk] = agency
    return list(chosen.values())


def agencies_without_request(rapid_review: RapidReview) -> QuerySet[Agency]:
    live = ScopingRequest.unscoped.filter(rapid_review=rapid_review).exclude(state=RequestState.WITHDRAWN)
    return Agency.unscoped.filter(partnership=rapid_review.partnership).exclude(
        pk__in=live.values("agency_id")
    )


def case_summary_default(case: Case) -> str:
    referral = referral_of(case)
    return referral.circumstances if referral is not None else ""


# --- Deadlines ---------------------------------------------------------------------------------------


def deadline(rapid_review: RapidReview, key: str) -> Deadline | None:
    return Deadline.unscoped.filter(case=rapid_review.case, key=key, cancelled_at=None).first()


def case_deadlines(rapid_review: RapidReview) -> list[Deadline]:
    return list(
        Deadline.unscoped.filter(case_id=rapid_review.case_id, cancelled_at=None).order_by("due_at", "pk")
    )


def _due_date(deadline: Deadline | None) -> date | None:
    if deadline is None or deadline.due_at is None:
        return None
    return timezone.localtime(deadline.due_at).date()


def latest_meeting_for_target(rapid_review: RapidReview) -> date | None:
    """The last meeting day that still leaves time to submit within the 15-working-day target."""
    due = _due_date(deadline(rapid_review, "complete_rapid_review"))
    submission = rapid_review.partnership.framework.timescale("submit_to_national_panel")
    if due is None or submission.amount is None:
        return None
    return rapid_review.partnership.working_calendar().add_working_days(due, -submission.amount)


def late_notice_due(rapid_review: RapidReview, *, today: date | None = None) -> bool:
    """Cambridgeshire & Peterborough: the chair tells the National Panel when the 15-working-day target
    has passed or is projected to be missed (option `late_rapid_review_notice`)."""
    if not rapid_review.partnership.option("late_rapid_review_notice"):
        return False
    if rapid_review.state in {State.SUBMITTED, State.PANEL_RESPONDED, State.PROGRESSED, State.CLOSED}:
        return False
    target = deadline(rapid_review, "complete_rapid_review")
    due = _due_date(target)
    if target is None or target.met_at is not None or due is None:
        return False
    today = today or timezone.localdate()
    if due < today:
        return True
    meeting_on = timezone.localtime(rapid_review.meeting_at).date() if rapid_review.meeting_at else today
    if rapid_review.state in {State.SCOPING, State.AWAITING_RETURNS}:
        meeting_on = max(meeting_on, today)
    return bool(rules.fifteen_day_risk(rapid_review, meeting_on))


def late_notices(rapid_review: RapidReview) -> list[Dispatch]:
    return list(Dispatch.unscoped.filter(rapid_review=rapid_review, kind=Dispatch.Kind.LATE_NOTICE))


def composites(rapid_review: RapidReview) -> list[Dispatch]:
    return list(Dispatch.unscoped.filter(rapid_review=rapid_review, kind=Dispatch.Kind.SUBGROUP_COMPOSITE))


# --- The meeting and the decision --------------------------------------------------------------------


def attendees(rapid_review: RapidReview) -> list[Attendee]:
    return list(Attendee.unscoped.filter(rapid_review=rapid_review))


def positions(rapid_review: RapidReview) -> list[Position]:
    return list(Position.unscoped.filter(rapid_review=rapid_review))


def position_roles(rapid_review: RapidReview) -> list[str]:
    """The roles whose position can be recorded: the decision model's, and the scrutineer's if used."""
    roles, _ = rules.required_positions(rapid_review)
    roles = list(roles)
    if rapid_review.partnership.option("independent_scrutineer_endorsement"):
        roles.append(Position.Role.SCRUTINEER)
    return roles


def missing_positions(rapid_review: RapidReview, recorded: list[Position] | None = None) -> list[str]:
    """The decision-makers whose position is still needed (`recorded`: positions already read)."""
    roles, _ = rules.required_positions(rapid_review)
    recorded = {p.role for p in (positions(rapid_review) if recorded is None else recorded)}
    return [Position.Role(r).label for r in roles if r not in recorded]


def meeting_record_started(rapid_review: RapidReview) -> bool:
    rr = rapid_review
    return bool(
        rr.immediate_action_taken
        or rr.criteria
        or rr.nature_of_harm
        or rr.analysis_against_criteria
        or rr.immediate_learning
        or rr.legal_advice
    )


def outcome_label(rapid_review: RapidReview) -> str:
    outcome = next(
        (o for o in rapid_review.partnership.framework.outcomes if o.code == rapid_review.outcome), None
    )
    if outcome is None:
        return ""
    return f"{outcome.label}: {rapid_review.outcome_text}" if rapid_review.outcome_text else outcome.label


def concludes_in_review(rapid_review: RapidReview) -> bool:
    """Whether concluding moves the case on to a review (any outcome but no further action)."""
    outcome = next(
        (o for o in rapid_review.partnership.framework.outcomes if o.code == rapid_review.outcome), None
    )
    return outcome is not None and outcome.leads_to in {
        "national_review",
        "local_review",
        "other_learning_review",
    }


# --- The overview ------------------------------------------------------------------------------------

DONE, TODO, IN_PROGRESS, CANNOT_START = "Completed", "Not yet started", "In progress", "Cannot start yet"


@dataclass
class Action:
    label: str
    url_name: str  # in the rapid_review namespace; every action takes the rapid review's id
    perm: str
    secondary: bool = False


@dataclass
class Step:
    """One line of the task list: what it is, where it stands, and what can be done next."""

    key: str
    title: str
    status: str
    detail: str = ""
    actions: list[Action] = field(default_factory=list)
    warning: str = ""


def _after(rr: RapidReview, *states: str) -> bool:
    order = list(State)
    return order.index(rr.state) >= min(order.index(s) for s in states)


def overview(
    rapid_review: RapidReview, *, now: datetime | None = None, rows: list[RequestRow] | None = None
) -> list[Step]:
    """The rapid review as a task list in procedure order, with each step's next action.

    `rows`: the request rows when the caller has them already (request_rows).
    """
    rr = rapid_review
    rows = request_rows(rr, now=now) if rows is None else rows
    steps: list[Step] = []

    sent = rr.state != State.SCOPING
    scoping = Step("scoping", "Send scoping requests to agencies", DONE if sent else TODO)
    if sent:
        scoping.detail = f"Sent to {len(rows)} {'agency' if len(rows) == 1 else 'agencies'}"
        if rr.state in {State.AWAITING_RETURNS, State.MEETING_SCHEDULED}:
            scoping.actions.append(Action("Add an agency", "add_request", "rapid_review.manage", True))
    else:
        scoping.actions.append(Action("Send scoping requests", "send_requests", "rapid_review.manage"))
    steps.append(scoping)

    returned = sum(r.request.state == RequestState.SUBMITTED for r in rows)
    late = sum(r.is_late for r in rows)
    returns = Step("returns", "Agencies' returns", CANNOT_START)
    if sent:
        returns.status = DONE if rows and returned == len(rows) else IN_PROGRESS
        returns.detail = f"{returned} of {len(rows)} returned" + (f"; {late} late" if late else "")
    steps.append(returns)

    meeting = Step("meeting", "Schedule the rapid review meeting", CANNOT_START)
    if rr.state == State.AWAITING_RETURNS:
        meeting.status = TODO
        meeting.actions.append(Action("Schedule the meeting", "schedule_meeting", "rapid_review.manage"))
    elif rr.meeting_at:
        meeting.status = DONE
        meeting.detail = (
            f"{timezone.localtime(rr.meeting_at):%-d %B %Y, %H:%M} ({rr.get_meeting_format_display()})"
        )
        if rr.state == State.MEETING_SCHEDULED:
            meeting.actions.append(
                Action("Change the meeting", "schedule_meeting", "rapid_review.manage", True)
            )
            meeting.warning = rules.fifteen_day_risk(rr, timezone.localtime(rr.meeting_at).date())
    steps.append(meeting)

    people = attendees(rr)
    attendance = Step("attendance", "Attendance and quorum", CANNOT_START)
    if rr.state == State.MEETING_SCHEDULED:
        problem = rules.quorum_problem(rr)
        attendance.status = IN_PROGRESS if people else TODO
        attendance.detail = f"{len(people)} recorded; {'not quorate' if problem else 'quorate'}"
        attendance.actions.append(Action("Record attendance", "attendance", "rapid_review.manage"))
        if people:
            attendance.actions.append(
                Action("Record that the meeting took place", "meeting_held", "rapid_review.manage", True)
            )
    elif _after(rr, State.MEETING_HELD):
        attendance.status = DONE
        attendance.detail = f"{len(people)} attended; quorate"
    steps.append(attendance)

    decision_open = rr.state in {State.MEETING_SCHEDULED, State.MEETING_HELD}
    recorded = positions(rr)
    missing = missing_positions(rr, recorded)
    position_step = Step("positions", "Decision-makers' positions", CANNOT_START)
    if decision_open or recorded:
        position_step.status = DONE if not missing else (IN_PROGRESS if recorded else TODO)
        position_step.detail = f"{len(recorded)} recorded" + (
            f"; still needed: {', '.join(missing).lower()}" if missing else ""
        )
    if decision_open:
        position_step.actions.append(Action("Record a position", "positions", "rapid_review.record_position"))
    steps.append(position_step)

    record = Step("meeting_record", "Meeting record (discussion and criteria)", CANNOT_START)
    if decision_open or meeting_record_started(rr):
        record.status = IN_PROGRESS if meeting_record_started(rr) else TODO
        if _after(rr, State.DECISION_RECORDED):
            record.status = DONE
    if decision_open:
        record.actions.append(
            Action("Complete the meeting record", "meeting_record", "rapid_review.record_decision")
        )
    steps.append(record)

    decision = Step("decision", "Record the decision", CANNOT_START)
    if rr.state == State.MEETING_HELD:
        decision.status = TODO
        decision.actions.append(Action("Record the decision", "decision", "rapid_review.record_decision"))
    elif _after(rr, State.DECISION_RECORDED) and rr.outcome:
        decision.status = DONE
        decision.detail = outcome_label(rr)
    steps.append(decision)

    submission = Step("submission", "Submit to the National Panel", CANNOT_START)
    if rr.state == State.DECISION_RECORDED:
        submission.status = TODO
        submission.actions.append(Action("Submit to the National Panel", "submit", "rapid_review.manage"))
    elif rr.submitted_at:
        submission.status = DONE
        submission.detail = f"Sent {timezone.localtime(rr.submitted_at):%-d %B %Y}"
    steps.append(submission)

    response = Step("panel_response", "The National Panel's response", CANNOT_START)
    if rr.state == State.SUBMITTED:
        response.status = TODO
        response.actions.append(
            Action("Record the National Panel's response", "panel_response", "rapid_review.manage")
        )
    elif rr.panel_response and _after(rr, State.PANEL_RESPONDED):
        response.status = DONE
        response.detail = rr.get_panel_response_display()
        if rr.state == State.PANEL_RESPONDED:
            response.actions.append(Action("Conclude the rapid review", "conclude", "rapid_review.manage"))
            response.actions.append(
                Action("Revise the decision", "revise", "rapid_review.record_decision", True)
            )
    steps.append(response)
    return steps
