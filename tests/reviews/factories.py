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


# --- A closed case's review holding everything the retention job erases (tests/reviews/test_retention.py) ---

FAMILY_NAME = "Alex Example"
PRACTITIONER = "Robin Health-Visitor"


def review_with_people(partnership) -> Review:
    """A review of a closed case with a row in every place that names the family or a practitioner: the
    terms of reference, a team meeting, the family and a contact, a letter to them (a stored PDF), a report
    version with comments and an accuracy answer, a parallel process, a workshop with two invitees and its
    invitation PDF, and a conversation with a practitioner."""
    from datetime import time

    from django.utils import timezone

    from cspr.models import Agency
    from reviews.models import (
        AccuracyAnswer,
        AccuracyCheck,
        FamilyContact,
        PractitionerConversation,
        Recommendation,
        ReportApproval,
        ReportComment,
        ReportSection,
        ReportVersion,
        ReviewDispatch,
        TeamMeeting,
        Workshop,
        WorkshopDispatch,
        WorkshopInvitee,
    )
    from tests.factories import AgencyFactory, closed
    from tests.retention import stored_pdf

    with scopes_disabled():
        review = ReviewFactory(partnership=partnership, delay_reason=f"{FAMILY_NAME} asked to wait")
        by = member(partnership, Role.BUSINESS_OFFICE)
        agency: Agency = AgencyFactory(partnership=partnership)
        p = {"partnership": partnership, "review": review}
        TermsOfReference.unscoped.create(
            **p,
            number=1,
            period_from=DECIDED_ON,
            period_to=DECIDED_ON,
            key_lines_of_enquiry=f"What did agencies know about {FAMILY_NAME}?",
            methodology="systems",
            information_tools="both",
            family_involvement=f"The lead reviewer writes to {FAMILY_NAME}",
            planned_completion=DECIDED_ON,
            created_by=by,
        )
        ReviewerAppointment.unscoped.create(
            **p,
            user=reviewer(partnership),
            role="lead",
            conflict_notes="Met the family once",
            appointed_by=by,
        )
        TeamMember.unscoped.create(**p, name="Pat Police", organisation="Police", represents="police")
        TeamMeeting.unscoped.create(
            **p, held_on=DECIDED_ON, agenda="Terms", family_engagement=f"{FAMILY_NAME} agreed", created_by=by
        )
        person = ReviewFamilyMember.unscoped.create(
            **p, name=FAMILY_NAME, relationship="Mother", address="1 Example Street", contact_details="07700"
        )
        FamilyContact.unscoped.create(
            partnership=partnership,
            family_member=person,
            contacted_on=DECIDED_ON,
            method="phone",
            made_by="Lee Reviewer",
            outcome=f"{FAMILY_NAME} will meet us",
            created_by=by,
        )
        ReviewDispatch.unscoped.create(
            **p,
            kind="family_letter",
            to=["Mother"],
            subject="Letter to the child's mother",
            body=f"Dear {FAMILY_NAME}",
            documents=[{"name": "letter.pdf", "path": stored_pdf(f"reviews/{partnership.pk}")}],
        )
        version = ReportVersion.unscoped.create(**p, number=1, title="Child A", note="First", created_by=by)
        ReportSection.unscoped.create(
            partnership=partnership, version=version, order=1, key="findings", heading="Findings",
            body=f"{FAMILY_NAME} asked for help.",
        )  # fmt: skip
        comment = ReportComment.unscoped.create(
            **p, version=version, section_key="findings", paragraph_index=0,
            quoted_text=f"{FAMILY_NAME} asked", body="Say when", author=by,
        )  # fmt: skip
        ReportComment.unscoped.create(
            **p, version=version, thread=comment, section_key="findings", paragraph_index=0,
            quoted_text=f"{FAMILY_NAME} asked", body="In March", author=by,
        )  # fmt: skip
        check = AccuracyCheck.unscoped.create(**p, version=version, agency=agency, requested_by=by)
        AccuracyAnswer.unscoped.create(
            partnership=partnership, check_request=check, section_key="findings", paragraph_index=0,
            quoted_text=f"{FAMILY_NAME} asked", correction="She asked twice",
        )  # fmt: skip
        ReportApproval.unscoped.create(
            **p, version=version, signatory="police", person="Sam Chief", comment="Approved", recorded_by=by
        )
        Recommendation.unscoped.create(**p, number=1, text="Share missed appointments")
        ParallelProcess.unscoped.create(
            partnership=partnership, case=review.case, kind="criminal", contact="DI Smith",
            constraint=f"Do not interview {FAMILY_NAME} before the trial",
        )  # fmt: skip
        workshop = Workshop.unscoped.create(
            **p, starts_at=timezone.now(), ends_at=time(13, 0), venue="Room 1", contact="Jo 0121",
            signed_by="The chair", learning_notes="Supervision was thin", created_by=by,
        )  # fmt: skip
        for name in (PRACTITIONER, "Kim School-Nurse"):
            WorkshopInvitee.unscoped.create(
                partnership=partnership, workshop=workshop, agency=agency, name=name,
                job_title="Practitioner", email=f"{name.split()[0].lower()}@example.org",
            )  # fmt: skip
        WorkshopDispatch.unscoped.create(
            partnership=partnership, workshop=workshop, to=["robin@example.org"], subject="Invitation",
            body=f"Dear {PRACTITIONER}", created_by=by,
            documents=[{"name": "invite.pdf", "path": stored_pdf(f"workshops/{partnership.pk}", "invite.pdf")}],
        )  # fmt: skip
        PractitionerConversation.unscoped.create(
            **p, agency=agency, practitioner=PRACTITIONER, job_title="Health visitor", held_on=DECIDED_ON,
            reason="before_workshop", summary=f"Saw {FAMILY_NAME} weekly", recorded_by=by,
        )  # fmt: skip
    closed(review.case)
    return review
