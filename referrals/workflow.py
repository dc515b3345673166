"""The referral's procedure: submit, then triage (rapid review, case review group, not accepted), or
withdraw. Each transition is one function; `move()` is the only writer of `Referral.state`."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cspr import audit, notifications
from cspr.deadlines import services as deadlines
from cspr.models import Case, Deadline
from cspr.models.cases import Stage
from cspr.services import open_case
from cspr.workflow import TransitionRefused
from referrals import selectors
from referrals.models import Child, Referral
from referrals.sections import incomplete_sections

State = Referral.State

TRANSITIONS: dict[str, set[str]] = {  # the referral's procedure at a glance
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {
        State.ACCEPTED_FOR_RAPID_REVIEW,
        State.TO_CASE_REVIEW_GROUP,  # LLR §4.1.5–4.1.7: agency referral, no LA notification
        State.NOT_ACCEPTED,
        State.WITHDRAWN,
    },
}

NOT_ALLOWED = "A referral that is {from_state} cannot be {to_state}."


def move(
    referral: Referral, *, to: str, by: AbstractBaseUser, code: str, reason: str = "", data=None
) -> None:
    """Change the state (checked against TRANSITIONS) and write the audit row in the same transaction.

    A draft has no case yet, so its moves (only withdrawal) are recorded in the referral's own history;
    from submission on every move is also a case event.
    """
    from_state = referral.state
    if to not in TRANSITIONS.get(from_state, set()):
        raise TransitionRefused(
            NOT_ALLOWED.format(from_state=State(from_state).label.lower(), to_state=State(to).label.lower())
        )
    referral.state = to
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["state"])
    if referral.case_id:
        audit.record(
            case=referral.case,
            code=code,
            by=by,
            stage=Stage.REFERRAL,
            from_state=from_state,
            to_state=to,
            reason=reason,
            subject="referral",
            subject_id=referral.public_id,
            data=data,
        )


def _locked(referral: Referral) -> Referral:
    return (
        Referral.unscoped.select_for_update(of=("self",))
        .select_related("partnership", "case")
        .get(pk=referral.pk)
    )


def _child_pseudonym(partnership_id: int) -> str:
    """ "Child A", "Child B" … "Child AA": the name reports use, never the child's own."""
    n = Case.unscoped.filter(partnership_id=partnership_id).count()
    letters = ""
    while True:
        n, remainder = divmod(n, 26)
        letters = chr(ord("A") + remainder) + letters
        if n == 0:
            return f"Child {letters}"
        n -= 1


SECTIONS_INCOMPLETE = "Complete these sections before you submit the referral: {sections}."
NOT_DISCUSSED = "Confirm that you have discussed this referral with a nominated manager or safeguarding lead"
DATE_IN_FUTURE = "The {label} must be today or in the past."
AWARE_AFTER_RECEIVED = (
    "The date the partnership became aware must be the same as or before the date the referral was received."
)


def _check_dates(referral: Referral, today: date) -> None:
    for field in (
        "date_of_incident",
        "date_notified_to_national_panel",
        "aware_of_incident",
        "referral_received",
    ):
        value = getattr(referral, field)
        if value is not None and value > today:
            label = Referral._meta.get_field(field).verbose_name.lower()
            raise TransitionRefused(DATE_IN_FUTURE.format(label=label))
    child = Child.unscoped.filter(referral=referral).first()
    if child is not None:
        for field in ("date_of_birth", "date_of_death"):
            value = getattr(child, field)
            if value is not None and value > today:
                label = f"child's {Child._meta.get_field(field).verbose_name}"
                raise TransitionRefused(DATE_IN_FUTURE.format(label=label))
    if referral.aware_of_incident > referral.referral_received:
        raise TransitionRefused(AWARE_AFTER_RECEIVED)


def submit_referral(*, referral: Referral, by: AbstractBaseUser) -> Referral:
    """Submit a complete draft: open the case (reference, 15-working-day clock) and flag duplicates."""
    today = timezone.localdate()
    with transaction.atomic():
        referral = _locked(referral)
        if referral.state != State.DRAFT:
            raise TransitionRefused(
                NOT_ALLOWED.format(from_state=referral.get_state_display().lower(), to_state="submitted")
            )
        missing = incomplete_sections(referral)
        if missing:
            raise TransitionRefused(SECTIONS_INCOMPLETE.format(sections=", ".join(s.label for s in missing)))
        if not referral.discussed_with_safeguarding_lead:
            raise TransitionRefused(NOT_DISCUSSED)
        # An agency's online referral is received when it is submitted (West Midlands table row 1).
        referral.referral_received = referral.referral_received or today
        referral.aware_of_incident = referral.aware_of_incident or referral.referral_received
        _check_dates(referral, today)
        referral.case = open_case(
            partnership=referral.partnership,
            child_pseudonym=_child_pseudonym(referral.partnership_id),
            aware_of_incident=referral.aware_of_incident,
            referral_received=referral.referral_received,
            by=by,
        )
        referral.submitted_at = timezone.now()
        referral.possible_duplicate_of = selectors.possible_duplicate(referral)
        referral._history_user = by  # type: ignore[attr-defined]
        referral.save(
            update_fields=[
                "case",
                "submitted_at",
                "referral_received",
                "aware_of_incident",
                "possible_duplicate_of",
            ]
        )
        move(referral, to=State.SUBMITTED, by=by, code="referral.submitted")
        if referral.possible_duplicate_of is not None:
            # Flagged for the business office to look at; never merged automatically.
            other = referral.possible_duplicate_of
            audit.record(
                case=referral.case,
                code="referral.possible_duplicate",
                by=by,
                stage=Stage.REFERRAL,
                subject="referral",
                subject_id=referral.public_id,
                data={
                    "possible_duplicate_of": str(other.public_id),
                    "reference": other.case.reference if other.case_id else "",
                },
            )
    return referral


def accept_for_rapid_review(*, referral: Referral, by: AbstractBaseUser) -> Referral:
    """The business office accepts the referral: the case moves on to its rapid review."""
    with transaction.atomic():
        referral = _locked(referral)
        move(referral, to=State.ACCEPTED_FOR_RAPID_REVIEW, by=by, code="referral.accepted_for_rapid_review")
        _decided(referral, by=by)
        _set_case_stage(referral, Stage.RAPID_REVIEW, by=by)
    return referral


NO_AGENCY_PATH = "This partnership's procedure does not send agency referrals to a case review group."
NOT_AN_AGENCY_REFERRAL = (
    "Only a referral from an agency can go to the case review group. "
    "A local authority notification needs a rapid review."
)


def send_to_case_review_group(*, referral: Referral, by: AbstractBaseUser) -> Referral:
    """LLR path B: an agency referral with no LA notification goes to the case review group, not a rapid
    review (LLR §4.1.5–4.1.7): discussed within one month and decided within two of its receipt."""
    with transaction.atomic():
        referral = _locked(referral)
        if not referral.partnership.option("agency_referral_path"):
            raise TransitionRefused(NO_AGENCY_PATH)
        if not referral.is_agency_referral:
            raise TransitionRefused(NOT_AN_AGENCY_REFERRAL)
        move(referral, to=State.TO_CASE_REVIEW_GROUP, by=by, code="referral.sent_to_case_review_group")
        _decided(referral, by=by)
        # No rapid review on this path, so its 15-working-day clock does not apply.
        _cancel_clocks(referral, keys=("complete_rapid_review",))
        for key in ("case_review_group_discussion", "case_review_group_decision"):
            deadlines.start(
                case=referral.case,
                key=key,
                origin=referral.referral_received,
                origin_label="referral received",
            )
    return referral


REASON_REQUIRED = "Enter the reason the referral is not accepted"


def decline_referral(*, referral: Referral, by: AbstractBaseUser, reason: str) -> Referral:
    """The referral is not accepted; the referrer is told why by email once the decision is saved."""
    if not reason.strip():
        raise TransitionRefused(REASON_REQUIRED)
    with transaction.atomic():
        referral = _locked(referral)
        move(referral, to=State.NOT_ACCEPTED, by=by, code="referral.not_accepted", reason=reason)
        referral.decision_reason = reason
        _decided(referral, by=by, extra=["decision_reason"])
        _cancel_clocks(referral)
        _set_case_stage(referral, Stage.CLOSED, by=by)
        transaction.on_commit(lambda: _email_referrer_not_accepted(referral.pk))
    return referral


WITHDRAW_REASON_REQUIRED = "Enter the reason the referral is withdrawn"


def withdraw_referral(*, referral: Referral, by: AbstractBaseUser, reason: str) -> Referral:
    """The referrer or the business office withdraws a draft or a submitted referral."""
    if not reason.strip():
        raise TransitionRefused(WITHDRAW_REASON_REQUIRED)
    with transaction.atomic():
        referral = _locked(referral)
        move(referral, to=State.WITHDRAWN, by=by, code="referral.withdrawn", reason=reason)
        referral.decision_reason = reason
        _decided(referral, by=by, extra=["decision_reason"])
        if referral.case_id:
            _cancel_clocks(referral)
            _set_case_stage(referral, Stage.CLOSED, by=by)
    return referral


def _decided(referral: Referral, *, by: AbstractBaseUser, extra: list[str] | None = None) -> None:
    referral.decided_at = timezone.now()
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["decided_at", *(extra or [])])


def _set_case_stage(referral: Referral, stage: str, *, by: AbstractBaseUser) -> None:
    case = referral.case
    case.stage = stage
    case._history_user = by  # type: ignore[attr-defined]
    case.save(update_fields=["stage"])


def _cancel_clocks(referral: Referral, *, keys: tuple[str, ...] | None = None) -> None:
    clocks = Deadline.unscoped.filter(case=referral.case, met_at=None, cancelled_at=None)
    if keys is not None:
        clocks = clocks.filter(key__in=keys)
    for deadline in clocks:
        deadlines.cancel(deadline=deadline)


def _email_referrer_not_accepted(referral_pk: int) -> None:
    referral = Referral.unscoped.select_related("partnership", "case").get(pk=referral_pk)
    if not referral.referrer_email:
        return
    notifications.send_email(
        to=[referral.referrer_email],
        subject=f"Your referral {referral.case.reference} was not accepted",
        template="referrals/email/referral_not_accepted",
        context={"referral": referral, "partnership": referral.partnership},
        reply_to=[referral.partnership.mailbox],
    )


# Each transition's function, for the table test and for readers.
TRANSITION_FUNCTIONS = {
    (State.DRAFT, State.SUBMITTED): submit_referral,
    (State.DRAFT, State.WITHDRAWN): withdraw_referral,
    (State.SUBMITTED, State.ACCEPTED_FOR_RAPID_REVIEW): accept_for_rapid_review,
    (State.SUBMITTED, State.TO_CASE_REVIEW_GROUP): send_to_case_review_group,
    (State.SUBMITTED, State.NOT_ACCEPTED): decline_referral,
    (State.SUBMITTED, State.WITHDRAWN): withdraw_referral,
}
