"""Demo rapid reviews in every state of the stage, built through the real workflow (used by seed_demo)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cspr.models import Agency, Membership, Partnership
from cspr.roles import Role
from rapid_review import workflow
from rapid_review.models import Attendee, RapidReview
from rapid_review.rules import required_positions
from referrals import workflow as referral_workflow
from referrals.demo import submitted_referral

State = RapidReview.State
# Each demo case stops at one of these points; the order is the procedure's.
STOPS = [
    "referral_submitted",
    "referral_declined",
    State.SCOPING,
    State.AWAITING_RETURNS,
    State.MEETING_SCHEDULED,
    State.MEETING_HELD,
    State.DECISION_RECORDED,
    State.SUBMITTED,
    State.PANEL_RESPONDED,
    State.PROGRESSED,
    State.CLOSED,
]
# Working days between the referral and today, so that today's meeting falls inside the 7–13 day window.
AGE_IN_WORKING_DAYS = {
    "referral_submitted": 0,
    "referral_declined": 2,
    State.SCOPING: 1,
    State.AWAITING_RETURNS: 4,
}


def _agency_user(agency: Agency, fallback: AbstractBaseUser) -> AbstractBaseUser:
    member = Membership.unscoped.filter(agency=agency, role=Role.AGENCY_CONTACT, is_active=True).first()
    return member.user if member else fallback


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """One case per stop of the stage (and the LLR case review group path where the framework has it)."""
    today = timezone.localdate()
    calendar = partnership.working_calendar()
    agencies = list(Agency.unscoped.filter(partnership=partnership).order_by("name")[:3])
    for n, stop in enumerate(STOPS):
        received = calendar.add_working_days(today, -AGE_IN_WORKING_DAYS.get(stop, 9))
        referral = submitted_referral(partnership=partnership, by=by, n=n, received=received)
        if stop == "referral_submitted":
            continue
        if stop == "referral_declined":
            referral_workflow.decline_referral(
                referral=referral, by=by, reason="Harm was accidental; no abuse or neglect is suspected."
            )
            continue
        referral_workflow.accept_for_rapid_review(referral=referral, by=by)
        rr = workflow.open_rapid_review(case=referral.case, by=by, referral_accepted=True)
        _advance(rr, stop=stop, by=by, agencies=agencies, partnership=partnership)
    if partnership.option("agency_referral_path") and agencies:
        received = calendar.add_working_days(today, -3)
        referral = submitted_referral(
            partnership=partnership, by=by, n=len(STOPS), received=received, agency=agencies[0]
        )
        referral_workflow.send_to_case_review_group(referral=referral, by=by)
    return len(STOPS)


def _advance(
    rr: RapidReview, *, stop: str, by: AbstractBaseUser, agencies: list[Agency], partnership: Partnership
) -> None:
    order = [s for s in STOPS if s in State.values]
    reached = lambda state: order.index(stop) >= order.index(state)  # noqa: E731
    if not reached(State.AWAITING_RETURNS):
        return
    requests = workflow.send_scoping_requests(
        rapid_review=rr,
        agencies=agencies,
        case_summary=rr.case.referral.circumstances,
        period_under_review="The 12 months before the incident",
        by=by,
    )
    if requests:
        first = requests[0]
        agency_user = _agency_user(first.agency, by)
        first = workflow.save_return_draft(
            request=first,
            by=agency_user,
            fields={
                "completed_by_name": "Jo Returns",
                "completed_by_title": f"{first.agency.name}, safeguarding lead",
                "involvement_summary": "Seen at clinic twice in the last year; no concerns were recorded.",
                "practice_analysis": "Follow-up of a missed appointment was not chased.",
            },
            version=first.version,
        )
        workflow.submit_return(request=first, by=agency_user)
    if len(requests) > 1:
        workflow.declare_no_involvement(request=requests[1], by=_agency_user(requests[1].agency, by))
    if not reached(State.MEETING_SCHEDULED):
        return
    meeting_at = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    workflow.schedule_meeting(
        rapid_review=rr,
        meeting_at=meeting_at,
        meeting_format="video",
        by=by,
        outside_window_reason="Demo data: the meeting is dated today.",
    )
    if not reached(State.MEETING_HELD):
        return
    for represents, organisation in [
        (Attendee.Represents.LOCAL_AUTHORITY, partnership.local_authority),
        (Attendee.Represents.POLICE, partnership.police),
        (Attendee.Represents.HEALTH, partnership.health),
        (Attendee.Represents.AGENCY, agencies[0].name if agencies else "Education"),
    ]:
        workflow.record_attendee(
            rapid_review=rr,
            by=by,
            name=f"Representative of {organisation}",
            job_title="Head of safeguarding",
            organisation=organisation,
            represents=represents,
        )
    workflow.record_meeting_held(rapid_review=rr, by=by)
    if not reached(State.DECISION_RECORDED):
        return
    roles, _ = required_positions(rr)
    for role in roles:
        workflow.record_position(
            rapid_review=rr,
            by=by,
            role=role,
            person=f"{role.replace('_', ' ').title()} lead",
            stance="agrees",
            comment="",
            recorded_on=timezone.localdate(),
        )
    wanted = "no_further_action" if stop == State.CLOSED else "local_review"
    outcomes = partnership.framework.outcomes
    outcome = next((o for o in outcomes if o.leads_to == wanted), outcomes[0])
    workflow.record_decision(
        rapid_review=rr,
        by=by,
        outcome=outcome.code,
        outcome_text="Demo" if outcome.needs_text else "",
        rationale="The criteria are met: there is learning about how agencies shared information.",
    )
    if not reached(State.SUBMITTED):
        return
    workflow.submit_to_national_panel(rapid_review=rr, by=by)
    if stop == State.PANEL_RESPONDED:
        workflow.record_panel_response(
            rapid_review=rr,
            by=by,
            response=RapidReview.PanelResponse.MORE_INFORMATION,
            received_on=timezone.localdate(),
            notes="The Panel asks about the health visitor's involvement.",
        )
    elif stop in {State.PROGRESSED, State.CLOSED}:
        workflow.record_panel_response(
            rapid_review=rr,
            by=by,
            response=RapidReview.PanelResponse.AGREES,
            received_on=timezone.localdate(),
            notes="The Panel agrees with the decision.",
        )
        workflow.conclude(rapid_review=rr, by=by)
