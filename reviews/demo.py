"""Demo reviews in every state of the stage for every partnership, built through the real workflow.

The helpers are public so the draft report's demo (and tests) can build on them: `progressed_rapid_review`
gives a case whose rapid review decided on a review, `advance` walks a review to any state.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cspr.models import Agency, Membership, Partnership
from cspr.roles import Role
from rapid_review import workflow as rr_workflow
from rapid_review.models import Attendee, RapidReview
from rapid_review.rules import required_positions
from referrals import workflow as referral_workflow
from referrals.demo import submitted_referral
from reviews import services, workflow
from reviews.models import (
    ParallelProcess,
    ReportSection,
    ReportVersion,
    Review,
    ReviewerAppointment,
    TeamMember,
)

State = Review.State
# The path through the stage, in order; PAUSED and STOPPED branch off it (see `advance`).
PATH = [
    State.COMMISSIONED,
    State.TOR_AGREED,
    State.INFORMATION_GATHERING,
    State.ANALYSIS,
    State.WORKSHOP_HELD,
    State.DRAFT_REPORT,
    State.FACTUAL_ACCURACY,
    State.APPROVED,
    State.HANDED_TO_PUBLICATION,
]
STOPS = [*PATH, State.PAUSED, State.STOPPED]
FIRST_CASE_NUMBER = 40  # demo case numbers after the rapid review demo's


def progressed_rapid_review(
    *, partnership: Partnership, by: AbstractBaseUser, n: int, leads_to: str = "local_review"
) -> RapidReview | None:
    """A case whose rapid review decided on a review (`leads_to`), was submitted, and progressed; None when
    the procedure has no such outcome."""
    outcome = next((o for o in partnership.framework.outcomes if o.leads_to == leads_to), None)
    if outcome is None:
        return None
    today = timezone.localdate()
    received = partnership.working_calendar().add_working_days(today, -10)
    referral = submitted_referral(partnership=partnership, by=by, n=n, received=received)
    referral_workflow.accept_for_rapid_review(referral=referral, by=by)
    rr = rr_workflow.open_rapid_review(case=referral.case, by=by, referral_accepted=True)
    agencies = list(Agency.unscoped.filter(partnership=partnership).order_by("name")[:2])
    if agencies:
        rr_workflow.send_scoping_requests(
            rapid_review=rr,
            agencies=agencies,
            case_summary=referral.circumstances or "Summary of the case.",
            period_under_review="The 12 months before the incident",
            by=by,
        )
    else:  # a partnership without agencies yet: the requests step is skipped in the demo
        rr.state = RapidReview.State.AWAITING_RETURNS
        rr.save(update_fields=["state"])
    rr_workflow.schedule_meeting(
        rapid_review=rr,
        meeting_at=timezone.make_aware(datetime.combine(today, time(10, 0))),
        meeting_format="video",
        by=by,
        outside_window_reason="Demo data: the meeting is dated today.",
    )
    for represents, organisation in [
        (Attendee.Represents.LOCAL_AUTHORITY, partnership.local_authority),
        (Attendee.Represents.POLICE, partnership.police),
        (Attendee.Represents.HEALTH, partnership.health),
    ]:
        rr_workflow.record_attendee(
            rapid_review=rr,
            by=by,
            name=f"Representative of {organisation}",
            job_title="Head of safeguarding",
            organisation=organisation,
            represents=represents,
        )
    rr_workflow.record_meeting_held(rapid_review=rr, by=by)
    roles, _ = required_positions(rr)
    for role in roles:
        rr_workflow.record_position(
            rapid_review=rr,
            by=by,
            role=role,
            person=f"{role} lead",
            stance="agrees",
            comment="",
            recorded_on=today,
        )
    rr_workflow.record_decision(
        rapid_review=rr,
        by=by,
        outcome=outcome.code,
        outcome_text="Demo" if outcome.needs_text else "",
        rationale="The criteria are met: there is learning about how agencies shared information.",
    )
    rr_workflow.submit_to_national_panel(rapid_review=rr, by=by)
    rr_workflow.record_panel_response(
        rapid_review=rr,
        by=by,
        response=RapidReview.PanelResponse.AGREES,
        received_on=today,
        notes="The Panel agrees with the decision.",
    )
    rr_workflow.conclude(rapid_review=rr, by=by)
    rr.refresh_from_db()
    return rr


def draft_terms(review: Review, *, by: AbstractBaseUser, planned_completion=None):  # -> TermsOfReference
    """A first version of the terms of reference, timetabled inside the completion date."""
    decided = review.decided_on
    agencies = list(Agency.unscoped.filter(partnership=review.partnership).order_by("name")[:3])
    return services.save_terms_of_reference(
        review=review,
        by=by,
        agencies=agencies,
        period_from=decided - timedelta(days=365),
        period_to=decided,
        period_reason="The year before the incident, when agencies were most involved.",
        key_lines_of_enquiry=(
            "How well did agencies share information about the child?\n"
            "Was the voice of the child heard?\n"
            "How were risks from adults in the household assessed?"
        ),
        methodology="systems",
        methodology_detail="A systems approach with a reflective learning workshop.",
        information_tools="both",
        family_involvement="The lead reviewer will write to the parents and offer to meet them.",
        parallel_processes="A police investigation is ongoing.",
        legal_advice="",
        information_requests_by=decided + timedelta(days=42),
        workshop_on=decided + timedelta(days=90),
        draft_report_by=decided + timedelta(days=120),
        planned_completion=planned_completion or decided + timedelta(days=160),
        change_note="",
    )


def reviewer_for(partnership: Partnership) -> AbstractBaseUser | None:
    membership = (
        Membership.unscoped.filter(partnership=partnership, role=Role.REVIEWER, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def add_report_version(review: Review, *, by: AbstractBaseUser) -> ReportVersion:
    """A plain draft of the report (the draft report's own services build richer ones)."""
    number = ReportVersion.unscoped.filter(review=review).count() + 1
    version = ReportVersion.unscoped.create(
        partnership=review.partnership,
        review=review,
        number=number,
        title=f"Review of {review.case.child_pseudonym}",
        created_by=by,
    )
    for order, (key, heading, body) in enumerate(
        [
            (
                "introduction",
                "Introduction",
                f"This review considers the circumstances of {review.case.child_pseudonym}.",
            ),
            ("findings", "Findings", "Information was not shared between health and children's social care."),
            (
                "recommendations",
                "Recommendations",
                "The partnership should review its information-sharing protocol.",
            ),
        ]
    ):
        ReportSection.unscoped.create(
            partnership=review.partnership, version=version, order=order, key=key, heading=heading, body=body
        )
    return version


def advance(review: Review, *, to: str, by: AbstractBaseUser, reviewer: AbstractBaseUser | None) -> Review:
    """Walk `review` along the path to `to` (PAUSED: paused during information gathering; STOPPED: stopped
    after the terms of reference); a step that needs a reviewer stops early without one."""
    target = {State.PAUSED: State.INFORMATION_GATHERING, State.STOPPED: State.TOR_AGREED}.get(to, to)
    reached = lambda state: PATH.index(target) >= PATH.index(state)  # noqa: E731
    partnership = review.partnership
    for represents, organisation in [
        (TeamMember.Represents.LOCAL_AUTHORITY, partnership.local_authority),
        (TeamMember.Represents.POLICE, partnership.police),
        (TeamMember.Represents.HEALTH, partnership.health),
    ]:
        services.add_team_member(
            review=review,
            by=by,
            name=f"Senior manager, {organisation}",
            organisation=organisation,
            represents=represents,
        )
    if reached(State.TOR_AGREED):
        terms = draft_terms(review, by=by)
        review = workflow.agree_terms_of_reference(
            review=review, version=terms, by=by, approval_note="Review group"
        )
    if reached(State.INFORMATION_GATHERING):
        if reviewer is None:
            return review
        services.appoint_reviewer(
            review=review,
            by=by,
            user=reviewer,
            role=ReviewerAppointment.Role.LEAD,
            organisation="Independent",
            no_conflict_declared=True,
            confidentiality_accepted=True,
        )
        review = workflow.start_information_gathering(review=review, by=by)
    steps = [
        (State.ANALYSIS, lambda r: workflow.start_analysis(review=r, by=by)),
        (State.WORKSHOP_HELD, lambda r: workflow.record_workshop_held(review=r, by=by)),
        (State.DRAFT_REPORT, lambda r: workflow.start_draft_report(review=r, by=by)),
    ]
    for state, step in steps:
        if reached(state):
            review = step(review)
    if reached(State.FACTUAL_ACCURACY):
        add_report_version(review, by=reviewer or by)
        review = workflow.start_factual_accuracy(review=review, by=by)
    if reached(State.APPROVED):
        version = ReportVersion.unscoped.filter(review=review).order_by("-number").first()
        review = workflow.approve_final_report(review=review, version=version, by=by)
    if reached(State.HANDED_TO_PUBLICATION):
        review = workflow.hand_to_publication(review=review, by=by)
    if to == State.PAUSED:
        review = workflow.pause(
            review=review, by=by, reason="The police asked the review to wait for the trial."
        )
    if to == State.STOPPED:
        review = workflow.stop(
            review=review, by=by, reason="The partners agreed the learning is covered by a national review."
        )
    return review


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """One review per state of the stage, and a parallel process constraining the paused one."""
    reviewer = reviewer_for(partnership)
    built = 0
    for n, stop in enumerate(STOPS):
        leads_to = "other_learning_review" if stop == State.ANALYSIS else "local_review"
        rr = progressed_rapid_review(
            partnership=partnership, by=by, n=FIRST_CASE_NUMBER + n, leads_to=leads_to
        )
        if rr is None:
            rr = progressed_rapid_review(partnership=partnership, by=by, n=FIRST_CASE_NUMBER + n)
        if rr is None:
            continue
        review = workflow.commission(rapid_review=rr, by=by)
        if stop == State.PAUSED:
            services.add_parallel_process(
                review=review,
                by=by,
                kind=ParallelProcess.Kind.CRIMINAL,
                description="Police investigation",
                contact="Senior investigating officer",
                status=ParallelProcess.Status.ONGOING,
                key_dates="Trial expected next spring",
                constraint="Do not interview the parents before the trial ends.",
                blocks_publication=True,
            )
        advance(review, to=stop, by=by, reviewer=reviewer)
        built += 1
    return built
