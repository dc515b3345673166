"""Builders for the review tests: reviews walked through the real workflow to any state (so each clock is
started as in production), and plain rows for the isolation test.

The calendar: the rapid review decided on Thu 7 Jan 2027 (office_factories' meeting day), so a local review's
six months end on Wed 7 Jul 2027 and another learning review's three months on Wed 7 Apr 2027.
"""

from __future__ import annotations

from datetime import date

import factory

from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from rapid_review import workflow as rr_workflow
from rapid_review.models import RapidReview
from reviews import demo, workflow
from reviews.models import (
    ParallelProcess,
    Review,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMember,
    TermsOfReference,
)
from tests.factories import CaseFactory, PartnershipFactory, ScopeFreeFactory, member
from tests.rapid_review.office_factories import plain_outcome, rapid_review
from tests.referrals.factories import FamilyMemberFactory

State = Review.State
DECIDED_ON = date(2027, 1, 7)


def progressed(partnership, by, *, leads_to: str = "local_review", time_machine=None) -> RapidReview:
    """A rapid review that decided on `leads_to`, the Panel agreed, and concluded (state "progressed")."""
    outcome = plain_outcome(partnership, leads_to=leads_to).code
    rr = rapid_review(
        partnership, by, to=RapidReview.State.PANEL_RESPONDED, time_machine=time_machine, outcome=outcome
    )
    with scopes_disabled():
        FamilyMemberFactory(referral=rr.case.referral, name="Alex Example", relationship="Mother")
        rr_workflow.conclude(rapid_review=rr, by=by)
        rr.refresh_from_db()
    return rr


def commissioned(partnership, by, *, leads_to: str = "local_review", time_machine=None) -> Review:
    rr = progressed(partnership, by, leads_to=leads_to, time_machine=time_machine)
    with scopes_disabled():
        return workflow.commission(rapid_review=rr, by=by)


def reviewer(partnership, username: str | None = None):
    return member(partnership, Role.REVIEWER, username=username)


def review_in(
    partnership, by, state: str, *, reviewer_user=None, time_machine=None, leads_to: str = "local_review"
) -> Review:
    """A review walked through the workflow to `state` (see reviews.demo.advance)."""
    review = commissioned(partnership, by, leads_to=leads_to, time_machine=time_machine)
    with scopes_disabled():
        user = reviewer_user or reviewer(partnership)
        review = demo.advance(review, to=state, by=by, reviewer=user)
        review.refresh_from_db()
    return review


# --- Plain rows (no workflow) for the isolation test ------------------------------------------------------


class ReviewFactory(ScopeFreeFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    case = factory.SubFactory(CaseFactory, partnership=factory.SelfAttribute("..partnership"))
    kind = Review.Kind.LOCAL_CSPR
    decided_on = DECIDED_ON


def terms_for(review: Review, by) -> TermsOfReference:
    with scopes_disabled():
        return demo.draft_terms(review, by=by)


class TeamMemberFactory(ScopeFreeFactory):
    class Meta:
        model = TeamMember

    review = factory.SubFactory(ReviewFactory)
    partnership = factory.SelfAttribute("review.partnership")
    name = "Pat Police"
    organisation = "Test Police"
    represents = TeamMember.Represents.POLICE


class ParallelProcessFactory(ScopeFreeFactory):
    class Meta:
        model = ParallelProcess

    partnership = factory.SubFactory(PartnershipFactory)
    case = factory.SubFactory(CaseFactory, partnership=factory.SelfAttribute("..partnership"))
    kind = ParallelProcess.Kind.CRIMINAL
    constraint = "Do not interview the parents before the trial"


class FamilyPersonFactory(ScopeFreeFactory):
    class Meta:
        model = ReviewFamilyMember

    review = factory.SubFactory(ReviewFactory)
    partnership = factory.SelfAttribute("review.partnership")
    name = "Alex Example"
    relationship = "Mother"


def appointment_in(partnership) -> ReviewerAppointment:
    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        user = reviewer(partnership)
        return ReviewerAppointment.unscoped.create(
            partnership=partnership,
            review=review,
            user=user,
            role=ReviewerAppointment.Role.LEAD,
            appointed_by=user,
        )


def terms_in(partnership) -> TermsOfReference:
    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        return TermsOfReference.unscoped.create(
            partnership=partnership,
            review=review,
            number=1,
            period_from=DECIDED_ON,
            period_to=DECIDED_ON,
            key_lines_of_enquiry="How was information shared?",
            methodology="systems",
            information_tools="both",
            family_involvement="Letters to the parents",
            planned_completion=DECIDED_ON,
            created_by=member(partnership, Role.BUSINESS_OFFICE),
        )
