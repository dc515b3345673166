"""The rapid review procedure: scoping requests out, returns in, a quorate meeting, the partners'
decision, the submission to the National Panel and its response.

`move()` is the only writer of `state` on a rapid review or a scoping request: it checks the
transitions tables below and writes the audit row in the same transaction. Timescales come from the
partnership's procedure framework (cspr/frameworks.py); side effects (emails) run after the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.models import Agency, Case
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review import permissions
from rapid_review.models import STATUTORY_PARTNERS, Attendee, Position, RapidReview, ScopingRequest
from rapid_review.rules import decision_is_complete, quorum_problem

State = RapidReview.State
RequestState = ScopingRequest.State

TRANSITIONS: dict[str, set[str]] = {  # the rapid review at a glance
    State.SCOPING: {State.AWAITING_RETURNS},
    State.AWAITING_RETURNS: {State.MEETING_SCHEDULED},
    State.MEETING_SCHEDULED: {State.MEETING_HELD},
    State.MEETING_HELD: {State.DECISION_RECORDED},
    State.DECISION_RECORDED: {State.SUBMITTED},
    State.SUBMITTED: {State.PANEL_RESPONDED},
    # The Panel may ask for more: the partners revise the decision and submit again.
    State.PANEL_RESPONDED: {State.DECISION_RECORDED, State.PROGRESSED, State.CLOSED},
}

REQUEST_TRANSITIONS: dict[str, set[str]] = {  # one agency's scoping request
    RequestState.DRAFT: {RequestState.SENT, RequestState.WITHDRAWN},
    RequestState.SENT: {RequestState.IN_PROGRESS, RequestState.SUBMITTED, RequestState.WITHDRAWN},
    RequestState.IN_PROGRESS: {RequestState.SUBMITTED},
    RequestState.SUBMITTED: {RequestState.REOPENED},
    RequestState.REOPENED: {RequestState.SUBMITTED},
}

NOT_ALLOWED = "This cannot be done while the {what} is {state}."
REFERRAL_NOT_ACCEPTED = "The referral has not been accepted for a rapid review."
ALREADY_OPEN = "This case already has a rapid review."
NO_AGENCIES = "Select at least one agency to send a scoping request to."
NO_CASE_SUMMARY = (
    "Write the summary of the case before the requests go out: agencies need it to search their records."
)
MEETING_IN_PAST = "The meeting date cannot be in the past."
OUTSIDE_WINDOW = (
    "The meeting is outside the procedure's window ({window}). Give the reason for holding it on this date."
)
NOT_QUORATE = "The meeting was not quorate: {problem}"
UNKNOWN_OUTCOME = "Choose one of the procedure's outcomes."
OUTCOME_NEEDS_TEXT = "Say what the other outcome is."
NO_RATIONALE = "Give the reasons for the decision. If there is to be no review, explain why no further learning is expected."
DECISION_INCOMPLETE = "The decision is not complete: {missing}"
NO_PANEL_ADDRESS = "The National Panel's mailbox is not set in this partnership's procedure."
NOT_SUBMITTED_YET = "Record the National Panel's response only after the rapid review has been submitted."
RETURN_INCOMPLETE = (
    "Complete the summary of your agency's involvement, or say the child and family are not known to you."
)
NOT_OPEN_FOR_AGENCY = "This request is {state}: it cannot be changed now."
NO_REOPEN_REASON = "Say why the return is being reopened."


def move(
    obj: RapidReview | ScopingRequest,
    *,
    to: str,
    by: AbstractBaseUser | None,
    code: str,
    reason: str = "",
    data: dict | None = None,
) -> None:
    """Change the state (checked against the transitions table) and write the audit row."""
    table = TRANSITIONS if isinstance(obj, RapidReview) else REQUEST_TRANSITIONS
    from_state = obj.state
    if to not in table.get(from_state, set()):
        what = "rapid review" if isinstance(obj, RapidReview) else "request"
        raise TransitionRefused(NOT_ALLOWED.format(what=what, state=obj.get_state_display().lower()))
    obj.state = to
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save(update_fields=["state"])
    case = obj.case if isinstance(obj, RapidReview) else obj.rapid_review.case
    audit.record(
        case=case,
        code=code,
        by=by,
        stage=Stage.RAPID_REVIEW,
        from_state=from_state,
        to_state=to,
        reason=reason,
        subject="rapid review" if isinstance(obj, RapidReview) else f"scoping request to {obj.agency.name}",
        subject_id=obj.public_id,
        data=data,
        needs_processing=True,  # the outbox sends this event's emails
    )


def _locked(model: type[models.Model], obj: models.Model) -> models.Model:
    return model.unscoped.select_for_update().get(pk=obj.pk)


def open_rapid_review(*, case: Case, by: AbstractBaseUser, referral_accepted: bool) -> RapidReview:
    """Start the rapid review of an accepted referral, with its scoping and meeting clocks."""
    if not referral_accepted:
        raise TransitionRefused(REFERRAL_NOT_ACCEPTED)
    with transaction.atomic():
        if RapidReview.unscoped.filter(case=case).exists():
            raise TransitionRefused(ALREADY_OPEN)
        rapid_review = RapidReview.unscoped.create(partnership=case.partnership, case=case)
        case.stage = Stage.RAPID_REVIEW
        case.save(update_fields=["stage"])
        audit.record(
            case=case, code="rapid_review.opened", by=by, stage=Stage.RAPID_REVIEW, to_state=State.SCOPING
        )
        received = case.referral_received
        deadlines.start(
            case=case, key="send_scoping_requests", origin=received, origin_label="referral received"
        )
        deadlines.start(
            case=case, key="rapid_review_meeting", origin=received, origin_label="referral received"
        )
    return rapid_review


def send_scoping_requests(
    *,
    rapid_review: RapidReview,
    agencies: Sequence[Agency],
    case_summary: str,
    period_under_review: str,
    by: AbstractBaseUser,
) -> list[ScopingRequest]:
    """Send Document 2 with its covering letter (Document 3) to each selected agency."""
    if not agencies:
        raise TransitionRefused(NO_AGENCIES)
    if not case_summary.strip():
        raise TransitionRefused(NO_CASE_SUMMARY)
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        rr.case_summary, rr.period_under_review = case_summary, period_under_review
        rr.save(update_fields=["case_summary", "period_under_review"])
        move(
            rr,
            to=State.AWAITING_RETURNS,
            by=by,
            code="rapid_review.requests_sent",
            data={"agencies": len(agencies)},
        )
        now = timezone.now()
        requests = []
        for agency in agencies:
            request = ScopingRequest.unscoped.create(
                partnership=rr.partnership, rapid_review=rr, agency=agency, sent_at=now
            )
            move(request, to=RequestState.SENT, by=by, code="scoping.request_sent")
            permissions.grant_agency_access(request)
            deadlines.start(
                case=rr.case,
                key="scoping_return",
                origin=now,
                origin_label="request sent",
                subject=agency.name,
                subject_id=request.public_id,
            )
            requests.append(request)
        deadlines.meet_key(case=rr.case, key="send_scoping_requests", at=now)
    return requests


def add_scoping_request(*, rapid_review: RapidReview, agency: Agency, by: AbstractBaseUser) -> ScopingRequest:
    """A further agency turns out to be involved: send it a request too, with its own clock."""
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        if rr.state not in {State.AWAITING_RETURNS, State.MEETING_SCHEDULED}:
            raise TransitionRefused(
                NOT_ALLOWED.format(what="rapid review", state=rr.get_state_display().lower())
            )
        now = timezone.now()
        request = ScopingRequest.unscoped.create(
            partnership=rr.partnership, rapid_review=rr, agency=agency, sent_at=now
        )
        move(request, to=RequestState.SENT, by=by, code="scoping.request_sent")
        permissions.grant_agency_access(request)
        deadlines.start(
            case=rr.case,
            key="scoping_return",
            origin=now,
            origin_label="request sent",
            subject=agency.name,
            subject_id=request.public_id,
        )
    return request


def save_return_draft(
    *, request: ScopingRequest, by: AbstractBaseUser, fields: dict, version: int
) -> ScopingRequest:
    """Save the agency's work in progress; a stale version (someone else saved) is refused, not overwritten."""
    from rapid_review.services import StaleEdit

    with transaction.atomic():
        locked = _locked(ScopingRequest, request)
        if not locked.is_open_for_agency:
            raise TransitionRefused(NOT_OPEN_FOR_AGENCY.format(state=locked.get_state_display().lower()))
        if locked.version != version:
            raise StaleEdit(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version += 1
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save()
        if locked.state == RequestState.SENT:
            move(locked, to=RequestState.IN_PROGRESS, by=by, code="scoping.return_started")
    return locked


def _close_return(request: ScopingRequest, *, by: AbstractBaseUser, code: str) -> None:
    now = timezone.now()
    request.submitted_at, request.submitted_by = now, by
    request.save(update_fields=["submitted_at", "submitted_by"])
    move(request, to=RequestState.SUBMITTED, by=by, code=code)
    deadlines.meet_key(
        case=request.rapid_review.case, key="scoping_return", subject_id=request.public_id, at=now
    )


def submit_return(*, request: ScopingRequest, by: AbstractBaseUser) -> ScopingRequest:
    """The agency submits its return; late returns are accepted (the clock shows they were late)."""
    with transaction.atomic():
        locked = _locked(ScopingRequest, request)
        if not locked.is_open_for_agency:
            raise TransitionRefused(NOT_OPEN_FOR_AGENCY.format(state=locked.get_state_display().lower()))
        if not locked.involvement_summary.strip():
            raise TransitionRefused(RETURN_INCOMPLETE)
        _close_return(locked, by=by, code="scoping.return_submitted")
    return locked


def declare_no_involvement(*, request: ScopingRequest, by: AbstractBaseUser) -> ScopingRequest:
    """Document 3: "If the child or family is not known to your organisation, please confirm this in writing"."""
    with transaction.atomic():
        locked = _locked(ScopingRequest, request)
        if not locked.is_open_for_agency:
            raise TransitionRefused(NOT_OPEN_FOR_AGENCY.format(state=locked.get_state_display().lower()))
        locked.no_involvement = True
        locked.save(update_fields=["no_involvement"])
        _close_return(locked, by=by, code="scoping.no_involvement")
    return locked


def reopen_return(*, request: ScopingRequest, by: AbstractBaseUser, reason: str) -> ScopingRequest:
    """The business office hands a submitted return back to the agency for changes."""
    if not reason.strip():
        raise TransitionRefused(NO_REOPEN_REASON)
    with transaction.atomic():
        locked = _locked(ScopingRequest, request)
        locked.reopened_reason = reason
        locked.save(update_fields=["reopened_reason"])
        move(locked, to=RequestState.REOPENED, by=by, code="scoping.return_reopened", reason=reason)
    return locked


def schedule_meeting(
    *,
    rapid_review: RapidReview,
    meeting_at: datetime,
    meeting_format: str,
    by: AbstractBaseUser,
    outside_window_reason: str = "",
) -> RapidReview:
    """Fix the meeting date, inside the procedure's window unless a reason is recorded."""
    from rapid_review.rules import meeting_window_problem

    if meeting_at.date() < timezone.localdate():
        raise TransitionRefused(MEETING_IN_PAST)
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        problem = meeting_window_problem(rr, meeting_at.date())
        if problem and not outside_window_reason.strip():
            raise TransitionRefused(OUTSIDE_WINDOW.format(window=problem))
        rr.meeting_at, rr.meeting_format = meeting_at, meeting_format
        rr.meeting_outside_window_reason = outside_window_reason if problem else ""
        rr.save(update_fields=["meeting_at", "meeting_format", "meeting_outside_window_reason"])
        if rr.state == State.AWAITING_RETURNS:
            move(
                rr,
                to=State.MEETING_SCHEDULED,
                by=by,
                code="rapid_review.meeting_scheduled",
                reason=outside_window_reason,
            )
        else:  # rescheduled: same state, still audited
            audit.record(
                case=rr.case,
                code="rapid_review.meeting_rescheduled",
                by=by,
                stage=Stage.RAPID_REVIEW,
                reason=outside_window_reason,
            )
    return rr


def record_meeting_held(
    *, rapid_review: RapidReview, by: AbstractBaseUser, omissions: str = ""
) -> RapidReview:
    """The meeting took place; the attendance must make it quorate under the procedure's rule."""
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        problem = quorum_problem(rr)
        if problem:
            raise TransitionRefused(NOT_QUORATE.format(problem=problem))
        rr.omissions_from_attendance = omissions
        rr.save(update_fields=["omissions_from_attendance"])
        move(rr, to=State.MEETING_HELD, by=by, code="rapid_review.meeting_held")
        deadlines.meet_key(case=rr.case, key="rapid_review_meeting", at=rr.meeting_at or timezone.now())
        origin, origin_label = _submission_clock_origin(rr)
        deadlines.start(
            case=rr.case, key="submit_to_national_panel", origin=origin, origin_label=origin_label
        )
    return rr


def _submission_clock_origin(rr: RapidReview) -> tuple[date, str]:
    """Most procedures count the submission from the meeting; Northamptonshire counts it from the incident."""
    held_on = timezone.localtime(rr.meeting_at).date() if rr.meeting_at else timezone.localdate()
    if rr.partnership.framework.timescale("submit_to_national_panel").start_event == "incident_occurred":
        incident = getattr(getattr(rr.case, "referral", None), "date_of_incident", None)
        if incident:
            return incident, "incident"
        return rr.case.aware_of_incident, "became aware (the incident date is not recorded)"
    return held_on, "meeting held"


def record_decision(
    *,
    rapid_review: RapidReview,
    by: AbstractBaseUser,
    outcome: str,
    outcome_text: str,
    rationale: str,
    endorsed_by: str = "",
) -> RapidReview:
    """Record the partnership's decision after a quorate meeting, once the decision-makers' positions are in."""
    framework = rapid_review.partnership.framework
    chosen = next((o for o in framework.outcomes if o.code == outcome), None)
    if chosen is None:
        raise TransitionRefused(UNKNOWN_OUTCOME)
    if chosen.needs_text and not outcome_text.strip():
        raise TransitionRefused(OUTCOME_NEEDS_TEXT)
    if not rationale.strip():
        raise TransitionRefused(NO_RATIONALE)
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        problem = quorum_problem(rr)
        if problem:
            raise TransitionRefused(NOT_QUORATE.format(problem=problem))
        missing = decision_is_complete(rr)
        if missing:
            raise TransitionRefused(DECISION_INCOMPLETE.format(missing=missing))
        rr.outcome, rr.outcome_text, rr.rationale, rr.endorsed_by = (
            outcome,
            outcome_text,
            rationale,
            endorsed_by,
        )
        rr.decided_at = timezone.now()
        rr._history_user = by  # type: ignore[attr-defined]
        rr.save(update_fields=["outcome", "outcome_text", "rationale", "endorsed_by", "decided_at"])
        move(
            rr,
            to=State.DECISION_RECORDED,
            by=by,
            code="rapid_review.decision_recorded",
            reason=rationale,
            data={"outcome": outcome},
        )
    return rr


def submit_to_national_panel(*, rapid_review: RapidReview, by: AbstractBaseUser) -> RapidReview:
    """Send the rapid review and the covering letter to the National Panel (the email leaves after commit)."""
    if not rapid_review.partnership.framework.recipient("national_panel"):
        raise TransitionRefused(NO_PANEL_ADDRESS)
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        now = timezone.now()
        rr.submitted_at, rr.submitted_by = now, by
        rr.save(update_fields=["submitted_at", "submitted_by"])
        move(rr, to=State.SUBMITTED, by=by, code="rapid_review.submitted")
        deadlines.meet_key(case=rr.case, key="submit_to_national_panel", at=now)
        deadlines.meet_key(case=rr.case, key="complete_rapid_review", at=now)
        deadlines.start(case=rr.case, key="national_panel_response", origin=now, origin_label="submitted")
    return rr


def record_panel_response(
    *, rapid_review: RapidReview, by: AbstractBaseUser, response: str, received_on: date, notes: str
) -> RapidReview:
    """Record what the National Panel said: agrees, disagrees, or asks for more information."""
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        if rr.state != State.SUBMITTED:
            raise TransitionRefused(NOT_SUBMITTED_YET)
        rr.panel_response, rr.panel_response_at, rr.panel_response_notes = response, received_on, notes
        rr.save(update_fields=["panel_response", "panel_response_at", "panel_response_notes"])
        move(
            rr,
            to=State.PANEL_RESPONDED,
            by=by,
            code="rapid_review.panel_responded",
            reason=notes,
            data={"response": response},
        )
        deadlines.meet_key(case=rr.case, key="national_panel_response", at=timezone.now())
    return rr


def revise_decision(*, rapid_review: RapidReview, by: AbstractBaseUser, reason: str) -> RapidReview:
    """The Panel asked for more or disagreed: reopen the decision for revision and resubmission."""
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)
        move(rr, to=State.DECISION_RECORDED, by=by, code="rapid_review.decision_reopened", reason=reason)
    return rr


def conclude(*, rapid_review: RapidReview, by: AbstractBaseUser) -> RapidReview:
    """After the Panel's response: a review outcome progresses to the review stage, others close."""
    with transaction.atomic():
        rr = _locked(RapidReview, rapid_review)  # the stored outcome, not the caller's copy
        outcome = next((o for o in rr.partnership.framework.outcomes if o.code == rr.outcome), None)
        progresses = outcome is not None and outcome.leads_to in {
            "local_review",
            "other_learning_review",
            "national_review",
        }
        move(
            rr,
            to=State.PROGRESSED if progresses else State.CLOSED,
            by=by,
            code="rapid_review.progressed" if progresses else "rapid_review.closed",
        )
        case = rr.case
        case.stage = Stage.REVIEW if progresses else Stage.CLOSED
        case.save(update_fields=["stage"])
    return rr


def record_attendee(
    *,
    rapid_review: RapidReview,
    by: AbstractBaseUser,
    name: str,
    job_title: str,
    organisation: str,
    represents: str,
) -> Attendee:
    attendee = Attendee.unscoped.create(
        partnership=rapid_review.partnership,
        rapid_review=rapid_review,
        name=name,
        job_title=job_title,
        organisation=organisation,
        represents=represents,
    )
    audit.record(
        case=rapid_review.case,
        code="rapid_review.attendee_recorded",
        by=by,
        stage=Stage.RAPID_REVIEW,
        subject=name,
    )
    return attendee


def record_position(
    *,
    rapid_review: RapidReview,
    by: AbstractBaseUser,
    role: str,
    person: str,
    stance: str,
    comment: str,
    recorded_on: date,
) -> Position:
    """A decision-maker's agreement or dissent (dissent is minuted, not hidden)."""
    position, _ = Position.unscoped.update_or_create(
        rapid_review=rapid_review,
        role=role,
        defaults={
            "partnership": rapid_review.partnership,
            "person": person,
            "stance": stance,
            "comment": comment,
            "recorded_on": recorded_on,
            "recorded_by": by,
        },
    )
    audit.record(
        case=rapid_review.case,
        code="rapid_review.position_recorded",
        by=by,
        stage=Stage.RAPID_REVIEW,
        subject=f"{position.get_role_display()}: {person}",
        reason=comment,
        data={"stance": stance},
    )
    return position


__all__ = ["STATUTORY_PARTNERS", "TRANSITIONS", "REQUEST_TRANSITIONS", "move"]
