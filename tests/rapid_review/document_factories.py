"""Rows for the rapid review documents: a rapid review with its meeting, decision and returns, one trait per state."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory
from django.utils import timezone

from rapid_review.models import Attendee, Position, RapidReview, ScopingRequest
from tests.factories import AgencyFactory, PartnershipFactory, ScopeFreeFactory, UserFactory
from tests.referrals.factories import (
    FamilyMemberFactory,
    InvolvedAgencyFactory,
    KeyEventFactory,
    ReferralFactory,
)


def local_review_outcome(partnership) -> str:
    """The code of the procedure's outcome that leads to a local review (each procedure has one)."""
    return next(o.code for o in partnership.framework.outcomes if o.leads_to == "local_review")


class RapidReviewFactory(ScopeFreeFactory):
    """A rapid review of an accepted referral, still at scoping; `decided=True`, `submitted=True` move it on."""

    class Meta:
        model = RapidReview

    class Params:
        referral = factory.SubFactory(
            ReferralFactory,
            accepted=True,
            partnership=factory.SelfAttribute("..partnership"),
            date_of_incident=date(2026, 3, 1),
        )
        decided = factory.Trait(
            state=RapidReview.State.DECISION_RECORDED,
            meeting_at=datetime(2026, 3, 12, 10, 0, tzinfo=UTC),
            meeting_format="video",
            omissions_from_attendance="Education was invited but the school is closed for the holiday.",
            immediate_action_taken="yes",
            immediate_action_details="The sibling is living with the maternal grandmother under a safety plan.",
            criteria=["improvements_needed", "working_together"],
            nature_of_harm="A fractured skull consistent with a non-accidental injury.",
            analysis_against_criteria="Three agencies saw the bruising and none made a referral.",
            immediate_learning="Health visitors are reminded of the bruising protocol.",
            outcome=factory.LazyAttribute(lambda o: local_review_outcome(o.partnership)),
            rationale="Agencies did not share information about earlier bruising.",
            decided_at=factory.LazyFunction(timezone.now),
        )
        submitted = factory.Trait(
            decided=True,
            state=RapidReview.State.SUBMITTED,
            submitted_at=datetime(2026, 3, 13, 9, 0, tzinfo=UTC),
        )

    partnership = factory.SubFactory(PartnershipFactory)
    case = factory.LazyAttribute(lambda o: o.referral.case)
    case_summary = "Jamie, aged 5, was admitted to hospital with a head injury after a fall at home."
    period_under_review = "The 12 months before the incident"


class AttendeeFactory(ScopeFreeFactory):
    class Meta:
        model = Attendee

    rapid_review = factory.SubFactory(RapidReviewFactory)
    partnership = factory.SelfAttribute("rapid_review.partnership")
    name = factory.Sequence(lambda n: f"Attendee {n}")
    job_title = "Head of Safeguarding"
    organisation = "Test City Council"
    represents = Attendee.Represents.LOCAL_AUTHORITY


class PositionFactory(ScopeFreeFactory):
    class Meta:
        model = Position

    rapid_review = factory.SubFactory(RapidReviewFactory)
    partnership = factory.SelfAttribute("rapid_review.partnership")
    role = Position.Role.LOCAL_AUTHORITY
    person = "Robin Director"
    stance = Position.Stance.AGREES
    recorded_on = date(2026, 3, 12)
    recorded_by = factory.SubFactory(UserFactory)


class ScopingRequestFactory(ScopeFreeFactory):
    """A request sent to an agency; `returned=True` for one the agency has answered."""

    class Meta:
        model = ScopingRequest

    class Params:
        returned = factory.Trait(
            state=ScopingRequest.State.SUBMITTED,
            submitted_at=datetime(2026, 3, 9, 15, 0, tzinfo=UTC),
            completed_by_name="Dana Nurse",
            completed_by_title="Named nurse for safeguarding",
            completed_by_contact="dana.nurse@example.org",
            involvement_summary="Seen in the emergency department twice in January.",
            practice_analysis="The second attendance was not linked to the first.",
            records_secured=True,
        )

    rapid_review = factory.SubFactory(RapidReviewFactory)
    partnership = factory.SelfAttribute("rapid_review.partnership")
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    state = ScopingRequest.State.SENT
    sent_at = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def complete_case(partnership, **traits) -> RapidReview:
    """A rapid review with the family, agencies, a quorate meeting and the partners' positions recorded."""
    rapid_review = RapidReviewFactory(partnership=partnership, **traits)
    referral = rapid_review.case.referral
    FamilyMemberFactory(
        referral=referral, name="Alex Example", relationship="Mother", date_of_birth=date(1994, 7, 2)
    )
    FamilyMemberFactory(
        referral=referral, name="Sam Example", relationship="Sibling", legal_status="Child in need"
    )
    InvolvedAgencyFactory(referral=referral)
    KeyEventFactory(referral=referral)
    for represents, name, organisation in [
        (Attendee.Represents.LOCAL_AUTHORITY, "Morgan Chair", "Test City Council"),
        (Attendee.Represents.POLICE, "Detective Inspector Kit Lane", "Test Police"),
        (Attendee.Represents.HEALTH, "Dr Ash Designated", "NHS Test Integrated Care Board"),
    ]:
        AttendeeFactory(
            rapid_review=rapid_review, represents=represents, name=name, organisation=organisation
        )
    for role in (Position.Role.LOCAL_AUTHORITY, Position.Role.POLICE, Position.Role.HEALTH):
        PositionFactory(rapid_review=rapid_review, role=role)
    ScopingRequestFactory(rapid_review=rapid_review, returned=True, agency__name="Test Hospital NHS Trust")
    return rapid_review
