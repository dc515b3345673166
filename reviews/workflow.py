"""The review procedure: commissioned after the rapid review, terms of reference agreed, information
gathered, analysed, a learning workshop, the draft report, the factual accuracy check, the partners'
approval of the final report and the hand-over to publication; paused (with a reason) and stopped.

`move()` is the only writer of `Review.state`: it checks `TRANSITIONS` and writes the audit row in the same
transaction. The completion clock comes from the partnership's procedure framework (cspr/frameworks.py:
`complete_local_review`, `complete_other_learning_review`); side effects (emails) run through the outbox.
"""

from __future__ import annotations

import contextlib
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.models import Deadline
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review.models import RapidReview
from reviews.models import ReportVersion, Review, ReviewerAppointment, TermsOfReference

State = Review.State
Kind = Review.Kind

# Where a paused review can be paused from (and so resumed to).
ACTIVE = [
    State.COMMISSIONED,
    State.TOR_AGREED,
    State.INFORMATION_GATHERING,
    State.ANALYSIS,
    State.WORKSHOP_HELD,
    State.DRAFT_REPORT,
    State.FACTUAL_ACCURACY,
]
_PAUSE_OR_STOP = {State.PAUSED, State.STOPPED}

TRANSITIONS: dict[str, set[str]] = {  # the review at a glance
    State.COMMISSIONED: {State.TOR_AGREED} | _PAUSE_OR_STOP,
    State.TOR_AGREED: {State.INFORMATION_GATHERING} | _PAUSE_OR_STOP,
    State.INFORMATION_GATHERING: {State.ANALYSIS} | _PAUSE_OR_STOP,
    # Not every methodology holds a learning workshop (e.g. a case mapping exercise): analysis may go
    # straight to the draft report.
    State.ANALYSIS: {State.WORKSHOP_HELD, State.DRAFT_REPORT} | _PAUSE_OR_STOP,
    State.WORKSHOP_HELD: {State.DRAFT_REPORT} | _PAUSE_OR_STOP,
    State.DRAFT_REPORT: {State.FACTUAL_ACCURACY} | _PAUSE_OR_STOP,
    # The agencies' corrections may need a revised draft before the partners approve it.
    State.FACTUAL_ACCURACY: {State.DRAFT_REPORT, State.APPROVED} | _PAUSE_OR_STOP,
    State.APPROVED: {State.HANDED_TO_PUBLICATION},
    State.PAUSED: set(ACTIVE) | {State.STOPPED},  # resume goes back to `paused_from` only
}

# The review's kind decides its completion clock (framework data: a procedure may set none for a kind).
COMPLETION_TIMESCALE = {
    Kind.LOCAL_CSPR: "complete_local_review",
    Kind.OTHER_LEARNING: "complete_other_learning_review",
}
# Rapid review outcomes (framework `Outcome.leads_to`) that this stage carries out.
KIND_FOR_OUTCOME = {"local_review": Kind.LOCAL_CSPR, "other_learning_review": Kind.OTHER_LEARNING}

NOT_ALLOWED = "This cannot be done while the review is {state}."
NOT_PROGRESSED = "The rapid review has not concluded with a decision to review: conclude it first."
NOT_A_LOCAL_REVIEW = (
    "The rapid review decided on {outcome}. Only a local child safeguarding practice review or another "
    "learning review is carried out here."
)
ALREADY_COMMISSIONED = "This case already has a review."
TERMS_OF_ANOTHER_REVIEW = "These terms of reference belong to another review."
TERMS_OUTDATED = (
    "Version {number} is not the latest version of the terms of reference: approve version {latest}."
)
TERMS_ALREADY_APPROVED = "Version {number} of the terms of reference is already approved."
TERMS_CLOSED = "The terms of reference cannot be approved once the review is {state}."
TERMS_NOT_AGREED = "Agree the terms of reference before gathering information."
NO_LEAD_REVIEWER = "Appoint the lead reviewer before gathering information."
DECLARATIONS_MISSING = (
    "The lead reviewer has not yet declared no conflict of interest and accepted the confidentiality terms."
)
WORKSHOP_IN_FUTURE = "The workshop date must be today or in the past."
NO_DRAFT = "Save a draft of the report before asking agencies to check it for factual accuracy."
VERSION_OF_ANOTHER_REVIEW = "This report version belongs to another review."
VERSION_OUTDATED = (
    "Version {number} is not the latest version of the report: approvals must be of version {latest}."
)
NOT_APPROVED = "The final report has not been approved."
NO_REASON = "Give the reason."
NOT_PAUSED_FROM = "A paused review resumes where it stopped ({state})."


def move(
    review: Review,
    *,
    to: str,
    by: AbstractBaseUser | None,
    code: str,
    reason: str = "",
    data: dict | None = None,
) -> None:
    """Change the state (checked against `TRANSITIONS`) and write the audit row."""
    from_state = review.state
    if to not in TRANSITIONS.get(from_state, set()):
        raise TransitionRefused(NOT_ALLOWED.format(state=review.get_state_display().lower()))
    if from_state == State.PAUSED and to != State.STOPPED and to != review.paused_from:
        raise TransitionRefused(NOT_PAUSED_FROM.format(state=State(review.paused_from).label.lower()))
    review.state = to
    review._history_user = by  # type: ignore[attr-defined]
    review.save(update_fields=["state"])
    audit.record(
        case=review.case,
        code=code,
        by=by,
        stage=Stage.REVIEW,
        from_state=from_state,
        to_state=to,
        reason=reason,
        subject="review",
        subject_id=review.public_id,
        data=data,
        needs_processing=True,  # the outbox sends this event's emails, if it has any
    )


def _locked(review: Review) -> Review:
    return Review.unscoped.select_for_update().select_related("case", "partnership").get(pk=review.pk)


def completion_deadline(review: Review) -> Deadline | None:
    """The running (or met) completion clock of the review, if its procedure sets one for its kind."""
    key = COMPLETION_TIMESCALE[review.kind]
    return Deadline.unscoped.filter(case_id=review.case_id, key=key, cancelled_at=None).first()


# --- Commissioning ---------------------------------------------------------------------------------


def commission(*, rapid_review: RapidReview, by: AbstractBaseUser) -> Review:
    """Commission the review the rapid review decided on, and start its completion clock from the decision."""
    with transaction.atomic():
        rr = (
            RapidReview.unscoped.select_for_update()
            .select_related("case", "partnership")
            .get(pk=rapid_review.pk)
        )
        if rr.state != RapidReview.State.PROGRESSED:
            raise TransitionRefused(NOT_PROGRESSED)
        framework = rr.partnership.framework
        outcome = next((o for o in framework.outcomes if o.code == rr.outcome), None)
        kind = KIND_FOR_OUTCOME.get(outcome.leads_to) if outcome else None
        if kind is None:
            label = outcome.label.lower() if outcome else "no review"
            raise TransitionRefused(NOT_A_LOCAL_REVIEW.format(outcome=label))
        if Review.unscoped.filter(case=rr.case).exists():
            raise TransitionRefused(ALREADY_COMMISSIONED)
        decided_on = timezone.localtime(rr.decided_at).date() if rr.decided_at else timezone.localdate()
        review = Review.unscoped.create(
            partnership=rr.partnership, case=rr.case, kind=kind, decided_on=decided_on
        )
        case = rr.case
        if case.stage != Stage.REVIEW:
            case.stage = Stage.REVIEW
            case.save(update_fields=["stage"])
        audit.record(
            case=case,
            code="review.commissioned",
            by=by,
            stage=Stage.REVIEW,
            to_state=State.COMMISSIONED,
            subject="review",
            subject_id=review.public_id,
            data={"kind": kind},
        )
        # West Midlands §3.1.2: "no later than six months from the date of the decision to initiate a review".
        deadlines.start(
            case=case,
            key=COMPLETION_TIMESCALE[kind],
            origin=decided_on,
            origin_label="decision to initiate the review",
        )
        from reviews import services

        services.copy_family_from_referral(review=review)
    return review


# --- Terms of reference and information --------------------------------------------------------------


def agree_terms_of_reference(
    *, review: Review, version: TermsOfReference, by: AbstractBaseUser, approval_note: str = ""
) -> Review:
    """The review group approves a version of the terms of reference; the first approval agrees them.

    A later version approved while the review goes on is audited without a change of state.
    """
    with transaction.atomic():
        locked = _locked(review)
        tor = TermsOfReference.unscoped.select_for_update().get(pk=version.pk)
        if tor.review_id != locked.pk:
            raise TransitionRefused(TERMS_OF_ANOTHER_REVIEW)
        if locked.state in {State.APPROVED, State.HANDED_TO_PUBLICATION, State.STOPPED}:
            raise TransitionRefused(TERMS_CLOSED.format(state=locked.get_state_display().lower()))
        latest = TermsOfReference.unscoped.filter(review=locked).order_by("-number").first()
        if latest is not None and latest.pk != tor.pk:
            raise TransitionRefused(TERMS_OUTDATED.format(number=tor.number, latest=latest.number))
        if tor.is_approved:
            raise TransitionRefused(TERMS_ALREADY_APPROVED.format(number=tor.number))
        tor.approved_by, tor.approved_at, tor.approval_note = by, timezone.now(), approval_note
        tor.save(update_fields=["approved_by", "approved_at", "approval_note"])
        data = {"version": tor.number}
        if locked.state == State.COMMISSIONED:
            move(
                locked,
                to=State.TOR_AGREED,
                by=by,
                code="review.terms_agreed",
                reason=approval_note,
                data=data,
            )
        else:
            audit.record(
                case=locked.case,
                code="review.terms_approved",
                by=by,
                stage=Stage.REVIEW,
                reason=approval_note,
                subject=f"terms of reference, version {tor.number}",
                subject_id=tor.public_id,
                data=data,
            )
    return locked


def lead_reviewer(review: Review) -> ReviewerAppointment | None:
    return (
        ReviewerAppointment.unscoped.filter(review=review, role=ReviewerAppointment.Role.LEAD, ended_at=None)
        .select_related("user")
        .first()
    )


def start_information_gathering(*, review: Review, by: AbstractBaseUser) -> Review:
    """Chronologies and information reports go out (the chronologies app sends them) once a lead reviewer
    who has made the declarations is in place."""
    with transaction.atomic():
        locked = _locked(review)
        if not TermsOfReference.unscoped.filter(review=locked, approved_at__isnull=False).exists():
            raise TransitionRefused(TERMS_NOT_AGREED)
        lead = lead_reviewer(locked)
        if lead is None:
            raise TransitionRefused(NO_LEAD_REVIEWER)
        if not (lead.no_conflict_declared and lead.confidentiality_accepted):
            raise TransitionRefused(DECLARATIONS_MISSING)
        move(locked, to=State.INFORMATION_GATHERING, by=by, code="review.information_gathering_started")
    return locked


def start_analysis(*, review: Review, by: AbstractBaseUser) -> Review:
    """The agencies' information is in: the lead reviewer analyses it and draws out key themes."""
    with transaction.atomic():
        locked = _locked(review)
        move(locked, to=State.ANALYSIS, by=by, code="review.analysis_started")
    return locked


def record_workshop_held(*, review: Review, by: AbstractBaseUser, held_on: date | None = None) -> Review:
    """The reflective learning workshop (West Midlands Documents 15–17) took place."""
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise TransitionRefused(WORKSHOP_IN_FUTURE)
    with transaction.atomic():
        locked = _locked(review)
        move(
            locked,
            to=State.WORKSHOP_HELD,
            by=by,
            code="review.workshop_held",
            data={"held_on": held_on.isoformat()},
        )
    return locked


def start_draft_report(*, review: Review, by: AbstractBaseUser) -> Review:
    """The lead reviewer starts drafting the report (Document 18's guidance)."""
    with transaction.atomic():
        locked = _locked(review)
        move(locked, to=State.DRAFT_REPORT, by=by, code="review.draft_report_started")
    return locked


def start_factual_accuracy(*, review: Review, by: AbstractBaseUser) -> Review:
    """A draft goes to the agencies for a factual accuracy check."""
    with transaction.atomic():
        locked = _locked(review)
        if not ReportVersion.unscoped.filter(review=locked).exists():
            raise TransitionRefused(NO_DRAFT)
        move(locked, to=State.FACTUAL_ACCURACY, by=by, code="review.factual_accuracy_started")
    return locked


def reopen_draft(*, review: Review, by: AbstractBaseUser, reason: str) -> Review:
    """The factual accuracy check calls for a revised draft before approval."""
    if not reason.strip():
        raise TransitionRefused(NO_REASON)
    with transaction.atomic():
        locked = _locked(review)
        if locked.state != State.FACTUAL_ACCURACY:
            raise TransitionRefused(NOT_ALLOWED.format(state=locked.get_state_display().lower()))
        move(locked, to=State.DRAFT_REPORT, by=by, code="review.draft_reopened", reason=reason)
    return locked


# --- Approval and publication ------------------------------------------------------------------------


def approve_final_report(*, review: Review, version: ReportVersion, by: AbstractBaseUser) -> Review:
    """The three safeguarding partners have approved `version` (the sign-off service checks that): it
    becomes the final report, and the completion clock is met."""
    with transaction.atomic():
        locked = _locked(review)
        if version.review_id != locked.pk:
            raise TransitionRefused(VERSION_OF_ANOTHER_REVIEW)
        latest = ReportVersion.unscoped.filter(review=locked).order_by("-number").first()
        if latest is not None and latest.pk != version.pk:
            raise TransitionRefused(VERSION_OUTDATED.format(number=version.number, latest=latest.number))
        now = timezone.now()
        move(
            locked,
            to=State.APPROVED,
            by=by,
            code="review.final_report_approved",
            data={"version": version.number},
        )
        locked.approved_version, locked.approved_at = version, now
        locked.save(update_fields=["approved_version", "approved_at"])
        deadlines.meet_key(case=locked.case, key=COMPLETION_TIMESCALE[locked.kind], at=now)
    return locked


def hand_to_publication(*, review: Review, by: AbstractBaseUser) -> Review:
    """The approved final report moves to the publication stage (which checks parallel processes again)."""
    with transaction.atomic():
        locked = _locked(review)
        if locked.approved_version_id is None:
            raise TransitionRefused(NOT_APPROVED)
        move(locked, to=State.HANDED_TO_PUBLICATION, by=by, code="review.handed_to_publication")
        case = locked.case
        case.stage = Stage.PUBLICATION
        case.save(update_fields=["stage"])
    return locked


# --- Pause, resume, stop -------------------------------------------------------------------------------


def pause(*, review: Review, by: AbstractBaseUser, reason: str, on: date | None = None) -> Review:
    """Pause the review (e.g. the police ask it to wait for a trial) and the case's clocks with it."""
    if not reason.strip():
        raise TransitionRefused(NO_REASON)
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(review)
        from_state = locked.state
        move(
            locked, to=State.PAUSED, by=by, code="review.paused", reason=reason, data={"from": on.isoformat()}
        )
        locked.paused_from = from_state
        locked.save(update_fields=["paused_from"])
        # Clocks already paused from the case page stay paused.
        with contextlib.suppress(deadlines.ClockError):
            deadlines.pause_case(case=locked.case, on=on, reason=reason, by=by)
    return locked


def resume(*, review: Review, by: AbstractBaseUser, on: date | None = None) -> Review:
    """Resume a paused review where it stopped; the paused working days extend its clocks."""
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(review)
        if locked.state != State.PAUSED:
            raise TransitionRefused(NOT_ALLOWED.format(state=locked.get_state_display().lower()))
        move(locked, to=locked.paused_from, by=by, code="review.resumed", data={"on": on.isoformat()})
        locked.paused_from = ""
        locked.save(update_fields=["paused_from"])
        try:
            deadlines.resume_case(case=locked.case, on=on, by=by)
        except deadlines.ClockError as exc:
            if str(exc) != deadlines.CLOCK_NOT_PAUSED:
                raise TransitionRefused(str(exc)) from exc
    return locked


def stop(*, review: Review, by: AbstractBaseUser, reason: str) -> Review:
    """Stop the review for good (the reason is kept); its completion clock is cancelled and the case closes."""
    if not reason.strip():
        raise TransitionRefused(NO_REASON)
    with transaction.atomic():
        locked = _locked(review)
        move(locked, to=State.STOPPED, by=by, code="review.stopped", reason=reason)
        deadline = completion_deadline(locked)
        if deadline is not None and deadline.met_at is None:
            deadlines.cancel(deadline=deadline)
        case = locked.case
        case.stage = Stage.CLOSED
        case.save(update_fields=["stage"])
    return locked


# One function per transition, for the table test and for readers: (from, to) -> function.
FUNCTIONS = {
    **{(s, State.PAUSED): pause for s in ACTIVE},
    **{(s, State.STOPPED): stop for s in [*ACTIVE, State.PAUSED]},
    **{(State.PAUSED, s): resume for s in ACTIVE},
    (State.COMMISSIONED, State.TOR_AGREED): agree_terms_of_reference,
    (State.TOR_AGREED, State.INFORMATION_GATHERING): start_information_gathering,
    (State.INFORMATION_GATHERING, State.ANALYSIS): start_analysis,
    (State.ANALYSIS, State.WORKSHOP_HELD): record_workshop_held,
    (State.ANALYSIS, State.DRAFT_REPORT): start_draft_report,
    (State.WORKSHOP_HELD, State.DRAFT_REPORT): start_draft_report,
    (State.DRAFT_REPORT, State.FACTUAL_ACCURACY): start_factual_accuracy,
    (State.FACTUAL_ACCURACY, State.DRAFT_REPORT): reopen_draft,
    (State.FACTUAL_ACCURACY, State.APPROVED): approve_final_report,
    (State.APPROVED, State.HANDED_TO_PUBLICATION): hand_to_publication,
}
