"""What the business office, the reviewers, the review group and the partners see of a review. Read only.

Reviewers and panel members see only the reviews they are appointed to or on the team of (a guardian
grant on the review); the roles that read every case (`case.view`) see every review of the partnership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cspr.deadlines.projection import explain_date, project
from cspr.models import Case, Deadline, Membership, Partnership
from rapid_review.models import RapidReview
from reviews import workflow
from reviews.models import (
    ParallelProcess,
    Review,
    ReviewDispatch,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMeeting,
    TeamMember,
    TermsOfReference,
)
from reviews.services import VIEW

State = Review.State


def reviews(partnership: Partnership) -> QuerySet[Review]:
    return Review.objects.filter(partnership=partnership).select_related("case", "partnership")


def reviews_for(
    *, partnership: Partnership, user: AbstractBaseUser, memberships: Iterable[Membership]
) -> QuerySet[Review]:
    """Every review for the roles that read every case; otherwise only those the user is granted."""
    qs = reviews(partnership)
    if any(m.can("case.view") for m in memberships):
        return qs
    return get_objects_for_user(user, VIEW, klass=qs, accept_global_perms=False)


def review_of(case: Case) -> Review | None:
    return Review.unscoped.filter(case=case).first()


def commissionable(rapid_review: RapidReview) -> bool:
    """The rapid review concluded with a decision this stage carries out, and no review exists yet."""
    if rapid_review.state != RapidReview.State.PROGRESSED:
        return False
    outcome = next(
        (o for o in rapid_review.partnership.framework.outcomes if o.code == rapid_review.outcome), None
    )
    if outcome is None or outcome.leads_to not in workflow.KIND_FOR_OUTCOME:
        return False
    return not Review.unscoped.filter(case_id=rapid_review.case_id).exists()


# --- Deadlines and delay ------------------------------------------------------------------------------


def case_deadlines(review: Review) -> list[Deadline]:
    return list(Deadline.unscoped.filter(case_id=review.case_id, cancelled_at=None).order_by("due_at", "pk"))


@dataclass
class DelayRisk:
    """Why the review looks set to miss its completion date, and when the office was asked."""

    reason: str
    due_on: date
    warning_from: date | None
    warning_explanation: str


def warning_date(review: Review, due_on: date) -> tuple[date | None, str]:
    """The day the office is asked whether the review will be late (`review_delay_warning` before due)."""
    timescale = review.partnership.framework.timescale("review_delay_warning")
    projection = project(
        timescale=timescale,
        origin=due_on,
        calendar=review.partnership.working_calendar(),
        origin_label="completion due",
    )
    return (timezone.localtime(projection.due).date() if projection.due else None), projection.explanation


def delay_risk(review: Review, *, today: date | None = None) -> DelayRisk | None:
    """A reason the review will pass its completion date, or None while it looks on time."""
    if review.state in {State.APPROVED, State.HANDED_TO_PUBLICATION, State.STOPPED}:
        return None
    deadline = workflow.completion_deadline(review)
    if deadline is None or deadline.met_at or deadline.due_at is None:
        return None
    today = today or timezone.localdate()
    due_on = timezone.localtime(deadline.due_at).date()
    warning_from, explanation = warning_date(review, due_on)
    terms = latest_approved_terms(review) or latest_terms(review)
    if due_on < today:
        reason = (
            f"The completion date, {explain_date(due_on)}, has passed and the final report is not approved."
        )
    elif terms is not None and terms.planned_completion > due_on:
        reason = (
            f"The timetable in the terms of reference plans completion on {explain_date(terms.planned_completion)}, "
            f"after the completion date, {explain_date(due_on)}."
        )
    elif warning_from is not None and today >= warning_from:
        reason = (
            f"The completion date, {explain_date(due_on)}, is near and the final report is not yet approved."
        )
    else:
        return None
    return DelayRisk(reason=reason, due_on=due_on, warning_from=warning_from, warning_explanation=explanation)


def delay_notices(review: Review) -> list[ReviewDispatch]:
    return list(ReviewDispatch.unscoped.filter(review=review, kind=ReviewDispatch.Kind.DELAY_NOTICE))


def dispatches(review: Review) -> list[ReviewDispatch]:
    return list(ReviewDispatch.unscoped.filter(review=review).order_by("-created_at"))


# --- Terms of reference, people ------------------------------------------------------------------------


def terms_versions(review: Review) -> list[TermsOfReference]:
    return list(
        TermsOfReference.unscoped.filter(review=review).order_by("-number").prefetch_related("agencies")
    )


def latest_terms(review: Review) -> TermsOfReference | None:
    return TermsOfReference.unscoped.filter(review=review).order_by("-number").first()


def latest_approved_terms(review: Review) -> TermsOfReference | None:
    return (
        TermsOfReference.unscoped.filter(review=review, approved_at__isnull=False).order_by("-number").first()
    )


def reviewers(review: Review) -> list[ReviewerAppointment]:
    return list(ReviewerAppointment.unscoped.filter(review=review, ended_at=None).select_related("user"))


def team(review: Review) -> list[TeamMember]:
    return list(TeamMember.unscoped.filter(review=review))


def missing_partners(review: Review) -> list[str]:
    """The safeguarding partners with no representative on the review team yet."""
    present = {m.represents for m in team(review)}
    partners = [
        TeamMember.Represents.LOCAL_AUTHORITY,
        TeamMember.Represents.POLICE,
        TeamMember.Represents.HEALTH,
    ]
    return [TeamMember.Represents(p).label for p in partners if p not in present]


def meetings(review: Review) -> list[TeamMeeting]:
    return list(TeamMeeting.unscoped.filter(review=review).prefetch_related("attendees"))


def family(review: Review) -> list[ReviewFamilyMember]:
    return list(ReviewFamilyMember.unscoped.filter(review=review).prefetch_related("contacts"))


def non_involvement_reasons(review: Review) -> list[ReviewFamilyMember]:
    """For the report: every family member not involved, with the reason."""
    not_involved = [ReviewFamilyMember.Involvement.DECLINED, ReviewFamilyMember.Involvement.NOT_INVOLVED]
    return [p for p in family(review) if p.involvement in not_involved]


def parallel_processes(case: Case) -> list[ParallelProcess]:
    return list(ParallelProcess.unscoped.filter(case=case))


def open_constraints(case: Case) -> list[ParallelProcess]:
    """Parallel processes still constraining the review (shown on the review and case pages)."""
    return [p for p in parallel_processes(case) if p.is_open and (p.constraint or p.blocks_publication)]


# --- The overview: next actions -----------------------------------------------------------------------


@dataclass
class Action:
    label: str
    url_name: str  # in the reviews namespace; every action takes the review's id
    perm: str
    secondary: bool = False
    warning: bool = False


@dataclass
class Overview:
    actions: list[Action] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)


def next_actions(review: Review) -> Overview:
    """The buttons the review's state offers (the view keeps those the user's roles allow)."""
    found = Overview()
    add = found.actions.append
    state = review.state
    terms = latest_terms(review)
    lead = workflow.lead_reviewer(review)
    if state in workflow.ACTIVE:
        add(
            Action(
                "Edit the terms of reference" if terms else "Draft the terms of reference",
                "terms_edit",
                "review.conduct",
                secondary=bool(terms and terms.is_approved),
            )
        )
        if terms is not None and not terms.is_approved:
            add(
                Action(
                    f"Approve terms of reference version {terms.number}",
                    "terms_approve",
                    "review.approve_terms",
                )
            )
    if state == State.COMMISSIONED and terms is None:
        found.blockers.append("Draft the terms of reference for the review group to approve.")
    if state in workflow.ACTIVE and lead is None:
        add(Action("Appoint the lead reviewer", "appoint_reviewer", "review.manage"))
    if state == State.TOR_AGREED:
        if lead is None:
            found.blockers.append(workflow.NO_LEAD_REVIEWER)
        elif not (lead.no_conflict_declared and lead.confidentiality_accepted):
            found.blockers.append(workflow.DECLARATIONS_MISSING)
        add(Action("Start gathering information", "start_information_gathering", "review.manage"))
    if state == State.INFORMATION_GATHERING:
        add(Action("Start the analysis", "start_analysis", "review.conduct"))
    if state == State.ANALYSIS:
        add(Action("Record that the learning workshop was held", "record_workshop_held", "review.conduct"))
        add(
            Action(
                "Start the draft report without a workshop",
                "start_draft_report",
                "review.conduct",
                secondary=True,
            )
        )
    if state == State.WORKSHOP_HELD:
        add(Action("Start the draft report", "start_draft_report", "review.conduct"))
    if state == State.DRAFT_REPORT:
        add(Action("Send the draft for factual accuracy checks", "start_factual_accuracy", "review.conduct"))
    if state == State.FACTUAL_ACCURACY:
        add(Action("Revise the draft report", "reopen_draft", "review.conduct", secondary=True))
    if state == State.APPROVED:
        add(Action("Hand over to publication", "hand_to_publication", "review.manage"))
    if state in workflow.ACTIVE:
        add(Action("Pause the review", "pause", "review.manage", secondary=True))
    if state == State.PAUSED:
        add(Action("Resume the review", "resume", "review.manage"))
    if state in [*workflow.ACTIVE, State.PAUSED]:
        add(Action("Stop the review", "stop", "review.manage", warning=True))
    return found
