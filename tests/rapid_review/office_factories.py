"""Builders for the business office's tests: an accepted referral's case, and a rapid review walked through
the real workflow to any state (one keyword per state), so every clock is started as it would be.

The calendar: the case's partnership became aware on Thu 17 Dec 2026 and received the referral on
Fri 18 Dec 2026. Across Christmas (25 and 28 Dec) and New Year (1 Jan) bank holidays:
- meeting window WD7..WD13 after the referral: Thu 31 Dec 2026 .. Mon 11 Jan 2027;
- 15 working days after awareness: Tue 12 Jan 2027;
- tests start on Mon 21 Dec 2026; the meeting is on Thu 7 Jan 2027.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import factory

from cspr.deadlines import services as deadlines
from cspr.models import Agency, Case, Partnership
from cspr.tenancy import scopes_disabled
from rapid_review import rules, workflow
from rapid_review.models import Attendee, Position, RapidReview
from referrals.models import Referral
from tests.factories import CaseFactory, PartnershipFactory, ScopeFreeFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
AWARE = date(2026, 12, 17)
RECEIVED = date(2026, 12, 18)
TODAY = datetime(2026, 12, 21, 10, 0, tzinfo=LONDON)
WINDOW_OPENS = date(2026, 12, 31)  # WD7 after Fri 18 Dec 2026
WINDOW_CLOSES = date(2027, 1, 11)  # WD13
FIFTEEN_DAYS = date(2027, 1, 12)  # WD15 after Thu 17 Dec 2026
MEETING_ON = date(2027, 1, 7)
MEETING_AT = datetime.combine(MEETING_ON, time(10, 0), tzinfo=LONDON)
AFTER_MEETING = datetime(2027, 1, 7, 15, 0, tzinfo=LONDON)
State = RapidReview.State


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def accepted_case(
    partnership: Partnership, *, state: str = Referral.State.ACCEPTED_FOR_RAPID_REVIEW, **case
) -> Case:
    """A case opened from a referral in `state` (accepted for a rapid review by default), with the
    15-working-day clock running from the awareness date as `cspr.services.open_case` starts it."""
    with scopes_disabled():
        case = CaseFactory(
            partnership=partnership, aware_of_incident=AWARE, referral_received=RECEIVED, **case
        )
        Referral.unscoped.create(
            partnership=partnership,
            case=case,
            state=state,
            source=Referral.Source.LA_NOTIFICATION,
            aware_of_incident=AWARE,
            referral_received=RECEIVED,
            circumstances="Admitted to hospital with unexplained injuries.",
            created_by=UserFactory(),
        )
        deadlines.start(case=case, key="complete_rapid_review", origin=AWARE, origin_label="became aware")
    return case


class RapidReviewFactory(ScopeFreeFactory):
    """A rapid review just opened (state "scoping"), without its clocks; use `rapid_review()` for those."""

    class Meta:
        model = RapidReview

    partnership = factory.SubFactory(PartnershipFactory)
    case = factory.SubFactory(CaseFactory, partnership=factory.SelfAttribute("..partnership"))


STATUTORY = [Attendee.Represents.LOCAL_AUTHORITY, Attendee.Represents.POLICE, Attendee.Represents.HEALTH]


def attend(rr: RapidReview, by, *represents: str) -> None:
    for n, who in enumerate(represents):
        workflow.record_attendee(
            rapid_review=rr,
            by=by,
            name=f"Person {n}",
            job_title="Head of service",
            organisation="Org",
            represents=who,
        )


def agree_all(rr: RapidReview, by, *, stance: str = Position.Stance.AGREES) -> None:
    roles, _ = rules.required_positions(rr)
    for role in roles:
        workflow.record_position(
            rapid_review=rr,
            by=by,
            role=role,
            person=f"{role} lead",
            stance=stance,
            comment="",
            recorded_on=MEETING_ON,
        )


def plain_outcome(partnership: Partnership, *, leads_to: str | None = None):
    """The first of the procedure's outcomes that needs no free text (and leads where asked)."""
    return next(
        o
        for o in partnership.framework.outcomes
        if not o.needs_text and (leads_to is None or o.leads_to == leads_to)
    )


def rapid_review(
    partnership: Partnership,
    by,
    *,
    to: str = State.SCOPING,
    time_machine=None,
    agencies: list[Agency] | None = None,
    outcome: str | None = None,
) -> RapidReview:
    """A rapid review walked through the real workflow up to state `to` (time moved on when given)."""
    case = accepted_case(partnership)
    order = list(State)
    target = order.index(to)
    with scopes_disabled():
        rr = workflow.open_rapid_review(case=case, by=by, referral_accepted=True)
        if target >= order.index(State.AWAITING_RETURNS):
            if agencies is None:
                from tests.factories import AgencyFactory

                agencies = [AgencyFactory(partnership=partnership)]
            workflow.send_scoping_requests(
                rapid_review=rr, agencies=agencies, case_summary="Summary", period_under_review="2025", by=by
            )
        if target >= order.index(State.MEETING_SCHEDULED):
            workflow.schedule_meeting(rapid_review=rr, meeting_at=MEETING_AT, meeting_format="video", by=by)
        if target >= order.index(State.MEETING_HELD):
            if time_machine is not None:
                time_machine.move_to(AFTER_MEETING, tick=False)
            attend(rr, by, *STATUTORY)
            workflow.record_meeting_held(rapid_review=rr, by=by)
        if target >= order.index(State.DECISION_RECORDED):
            agree_all(rr, by)
            workflow.record_decision(
                rapid_review=rr,
                by=by,
                outcome=outcome or plain_outcome(partnership).code,
                outcome_text="",
                rationale="The reasons",
            )
        if target >= order.index(State.SUBMITTED):
            workflow.submit_to_national_panel(rapid_review=rr, by=by)
        if target >= order.index(State.PANEL_RESPONDED):
            workflow.record_panel_response(
                rapid_review=rr,
                by=by,
                response=RapidReview.PanelResponse.AGREES,
                received_on=MEETING_ON,
                notes="",
            )
        rr.refresh_from_db()
    return rr
