"""Agency information for a review: requests out, chronologies and information reports in, the review
team's quality assurance, and versions kept.

`move()` is the only writer of `AgencyRequest.state`: it checks `TRANSITIONS` and writes the audit row in
the same transaction. Return periods come from the partnership's framework (`chronology_return`,
`information_report_return` in cspr/frameworks.py); emails leave through the outbox after the commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from chronologies import permissions, report
from chronologies.models import AgencyRequest, ChronologyEntry, Submission
from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.models import Agency, Deadline
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from reviews.models import Review

State = AgencyRequest.State
Kind = AgencyRequest.Kind

TRANSITIONS: dict[str, set[str]] = {  # one agency's chronology or information report request
    State.DRAFT: {State.SENT, State.WITHDRAWN},
    State.SENT: {State.IN_PROGRESS, State.SUBMITTED, State.WITHDRAWN},
    State.IN_PROGRESS: {State.SUBMITTED, State.WITHDRAWN},
    # West Midlands §8.4: the review team may accept a submission or ask for it to be "revised and
    # resubmitted in a timely manner".
    State.SUBMITTED: {State.ACCEPTED, State.RETURNED},
    State.RETURNED: {State.SUBMITTED, State.WITHDRAWN},
}
# Requests go out, and come back, while the review gathers information or analyses it.
OPEN_REVIEW_STATES = {Review.State.INFORMATION_GATHERING, Review.State.ANALYSIS}

NOT_ALLOWED = "This cannot be done while the request is {state}."
REVIEW_NOT_GATHERING = "Requests can go out only while the review is gathering information; it is {state}."
NO_AGENCIES = "Select at least one agency"
NO_KINDS = "Select a chronology, an information report or both"
ALREADY_REQUESTED = "{agencies} already has a live {kind} request for this review"
NOT_OPEN_FOR_AGENCY = "This request is {state}: it cannot be changed now."
NO_ENTRIES = "Add at least one chronology entry before you submit"
REPORT_INCOMPLETE = "Answer every question before you submit: {missing}"
SIGN_OFF_IN_FUTURE = "The date the senior officer signed off must be today or in the past"
NO_COMMENTS = "Say what the agency needs to change"
NO_WITHDRAW_REASON = "Say why the request is withdrawn"


def move(
    request: AgencyRequest,
    *,
    to: str,
    by: AbstractBaseUser | None,
    code: str,
    reason: str = "",
    data: dict | None = None,
) -> None:
    """Change the request's state (checked against `TRANSITIONS`) and write the audit row."""
    from_state = request.state
    if to not in TRANSITIONS.get(from_state, set()):
        raise TransitionRefused(NOT_ALLOWED.format(state=request.get_state_display().lower()))
    request.state = to
    request._history_user = by  # type: ignore[attr-defined]
    request.save(update_fields=["state"])
    audit.record(
        case=request.review.case,
        code=code,
        by=by,
        stage=Stage.REVIEW,
        from_state=from_state,
        to_state=to,
        reason=reason,
        subject=request.subject,
        subject_id=request.public_id,
        data={"kind": request.kind, **(data or {})},
        needs_processing=code in {"chronology.request_sent", "chronology.submitted", "chronology.returned"},
    )


def _locked(request: AgencyRequest) -> AgencyRequest:
    return (
        AgencyRequest.unscoped.select_for_update()
        .select_related("review__case", "agency", "partnership")
        .get(pk=request.pk)
    )


def _open_for_agency(request: AgencyRequest) -> None:
    if not request.is_open_for_agency:
        raise TransitionRefused(NOT_OPEN_FOR_AGENCY.format(state=request.get_state_display().lower()))


def create_requests(
    *,
    review: Review,
    agencies: Sequence[Agency],
    kinds: Sequence[str],
    instructions: str,
    period_under_review: str,
    by: AbstractBaseUser,
    send: bool,
) -> list[AgencyRequest]:
    """Prepare a request per agency and kind (Documents 10 and 13); `send` sends them at once."""
    if not agencies:
        raise TransitionRefused(NO_AGENCIES)
    if not kinds:
        raise TransitionRefused(NO_KINDS)
    if review.state not in OPEN_REVIEW_STATES:
        raise TransitionRefused(REVIEW_NOT_GATHERING.format(state=review.get_state_display().lower()))
    with transaction.atomic():
        live = AgencyRequest.unscoped.filter(review=review, agency__in=agencies, kind__in=kinds).exclude(
            state=State.WITHDRAWN
        )
        taken = list(live.select_related("agency"))
        if taken:
            raise TransitionRefused(
                ALREADY_REQUESTED.format(
                    agencies=", ".join(sorted({r.agency.name for r in taken})),
                    kind=taken[0].get_kind_display().lower(),
                )
            )
        created = []
        for agency in agencies:
            for kind in kinds:
                request = AgencyRequest.unscoped.create(
                    partnership=review.partnership,
                    review=review,
                    agency=agency,
                    kind=kind,
                    instructions=instructions,
                    period_under_review=period_under_review,
                    created_by=by,
                )
                audit.record(
                    case=review.case,
                    code="chronology.request_created",
                    by=by,
                    stage=Stage.REVIEW,
                    to_state=State.DRAFT,
                    subject=request.subject,
                    subject_id=request.public_id,
                )
                created.append(send_request(request=request, by=by) if send else request)
    return created


def send_request(*, request: AgencyRequest, by: AbstractBaseUser) -> AgencyRequest:
    """Send the letter, guidance and template to the agency and start its return clock."""
    with transaction.atomic():
        locked = _locked(request)
        review = locked.review
        if review.state not in OPEN_REVIEW_STATES:
            raise TransitionRefused(REVIEW_NOT_GATHERING.format(state=review.get_state_display().lower()))
        now = timezone.now()
        locked.sent_at = now
        locked.save(update_fields=["sent_at"])
        move(locked, to=State.SENT, by=by, code="chronology.request_sent")
        permissions.grant_agency_access(locked)
        deadlines.start(
            case=review.case,
            key=locked.clock_key,
            origin=now,
            origin_label="request sent",
            subject=locked.agency.name[:60],
            subject_id=locked.public_id,
        )
    return locked


def start_work(*, request: AgencyRequest, by: AbstractBaseUser) -> AgencyRequest:
    """The agency's first change to its draft: the request is in progress."""
    _open_for_agency(request)
    if request.state == State.SENT:
        move(request, to=State.IN_PROGRESS, by=by, code="chronology.work_started")
    return request


def save_report(*, request: AgencyRequest, by: AbstractBaseUser, answers: dict) -> AgencyRequest:
    """Save the agency's information report as it stands; drafts may leave questions unanswered."""
    with transaction.atomic():
        locked = _locked(request)
        _open_for_agency(locked)
        locked.report = {key: answers.get(key) for key in report.QUESTIONS}
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["report"])
        start_work(request=locked, by=by)
        audit.record(
            case=locked.review.case,
            code="chronology.report_saved",
            by=by,
            stage=Stage.REVIEW,
            subject=locked.subject,
            subject_id=locked.public_id,
        )
    return locked


def submit(
    *,
    request: AgencyRequest,
    by: AbstractBaseUser,
    signed_off_by_name: str,
    signed_off_by_role: str,
    signed_off_on: date,
) -> Submission:
    """Submit the agency's chronology or report with its senior officer's sign-off, as a new version.

    A late submission is accepted; the clock shows it was late.
    """
    if signed_off_on > timezone.localdate():
        raise TransitionRefused(SIGN_OFF_IN_FUTURE)
    with transaction.atomic():
        locked = _locked(request)
        _open_for_agency(locked)
        drafts = list(ChronologyEntry.unscoped.filter(request=locked, submission=None).order_by("pk"))
        if locked.is_chronology and not drafts:
            raise TransitionRefused(NO_ENTRIES)
        if not locked.is_chronology:
            missing = report.unanswered(locked.report)
            if missing:
                raise TransitionRefused(
                    REPORT_INCOMPLETE.format(missing="; ".join(q.label for q in missing[:3]))
                )
        now = timezone.now()
        number = Submission.unscoped.filter(request=locked).count() + 1
        submission = Submission.unscoped.create(
            partnership=locked.partnership,
            request=locked,
            number=number,
            submitted_at=now,
            submitted_by=by,
            signed_off_by_name=signed_off_by_name,
            signed_off_by_role=signed_off_by_role,
            signed_off_on=signed_off_on,
            report=dict(locked.report) if not locked.is_chronology else {},
            entry_count=len(drafts),
        )
        # The previous version leaves the integrated chronology; this one takes its place.
        ChronologyEntry.unscoped.filter(request=locked, current=True).update(current=False)
        for entry in drafts:  # the drafts stay as the agency's working copy; the version gets copies
            entry.pk, entry.public_id = None, uuid.uuid4()
            entry.submission, entry.current = submission, True
        ChronologyEntry.unscoped.bulk_create(drafts, batch_size=500)
        locked.submitted_at = now
        locked.save(update_fields=["submitted_at"])
        move(
            locked,
            to=State.SUBMITTED,
            by=by,
            code="chronology.submitted",
            data={"version": number, "entries": len(drafts), "signed_off_by": signed_off_by_name},
        )
        deadlines.meet_key(case=locked.review.case, key=locked.clock_key, subject_id=locked.public_id, at=now)
    return submission


def _pending_submission(request: AgencyRequest) -> Submission:
    return Submission.unscoped.select_for_update().filter(request=request).order_by("-number").first()


def accept(*, request: AgencyRequest, by: AbstractBaseUser, comments: str = "") -> AgencyRequest:
    """The review team's quality assurance accepts the latest submission."""
    with transaction.atomic():
        locked = _locked(request)
        submission = _pending_submission(locked)
        move(
            locked,
            to=State.ACCEPTED,
            by=by,
            code="chronology.accepted",
            reason=comments,
            data={"version": submission.number if submission else None},
        )
        now = timezone.now()
        locked.accepted_at = now
        locked.save(update_fields=["accepted_at"])
        if submission is not None:
            submission.outcome, submission.qa_comments = Submission.Outcome.ACCEPTED, comments
            submission.qa_by, submission.qa_at = by, now
            submission.save(update_fields=["outcome", "qa_comments", "qa_by", "qa_at"])
    return locked


def send_back(*, request: AgencyRequest, by: AbstractBaseUser, comments: str) -> AgencyRequest:
    """The review team sends the submission back with comments; the agency revises and resubmits.

    The submitted version stays in the integrated chronology until the revised one replaces it.
    """
    if not comments.strip():
        raise TransitionRefused(NO_COMMENTS)
    with transaction.atomic():
        locked = _locked(request)
        submission = _pending_submission(locked)
        move(
            locked,
            to=State.RETURNED,
            by=by,
            code="chronology.returned",
            reason=comments,
            data={"version": submission.number if submission else None},
        )
        if submission is not None:
            submission.outcome, submission.qa_comments = Submission.Outcome.RETURNED, comments
            submission.qa_by, submission.qa_at = by, timezone.now()
            submission.save(update_fields=["outcome", "qa_comments", "qa_by", "qa_at"])
    return locked


def withdraw(*, request: AgencyRequest, by: AbstractBaseUser, reason: str) -> AgencyRequest:
    """The office withdraws a request (sent in error, agency not involved after all); its clock stops."""
    if not reason.strip():
        raise TransitionRefused(NO_WITHDRAW_REASON)
    with transaction.atomic():
        locked = _locked(request)
        locked.withdrawn_reason = reason
        locked.save(update_fields=["withdrawn_reason"])
        move(locked, to=State.WITHDRAWN, by=by, code="chronology.withdrawn", reason=reason)
        ChronologyEntry.unscoped.filter(request=locked, current=True).update(current=False)
        for clock in Deadline.unscoped.filter(
            case=locked.review.case, key=locked.clock_key, subject_id=locked.public_id
        ):
            deadlines.cancel(deadline=clock)
    return locked


# Each (from, to) pair of TRANSITIONS and the one function that makes it (checked by a test).
FUNCTIONS = {
    (State.DRAFT, State.SENT): send_request,
    (State.DRAFT, State.WITHDRAWN): withdraw,
    (State.SENT, State.IN_PROGRESS): start_work,
    (State.SENT, State.SUBMITTED): submit,
    (State.SENT, State.WITHDRAWN): withdraw,
    (State.IN_PROGRESS, State.SUBMITTED): submit,
    (State.IN_PROGRESS, State.WITHDRAWN): withdraw,
    (State.SUBMITTED, State.ACCEPTED): accept,
    (State.SUBMITTED, State.RETURNED): send_back,
    (State.RETURNED, State.SUBMITTED): submit,
    (State.RETURNED, State.WITHDRAWN): withdraw,
}
