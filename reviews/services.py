"""Review services beyond the state transitions: terms of reference versions, reviewers and their grants,
the review team and its meetings, the parallel processes register, the family and the delay notice.

Each writes its rows and one audit row; emails leave through the outbox (reviews/notifications.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from cspr import audit
from cspr.deadlines.projection import explain_date
from cspr.frameworks import RECIPIENT_NAMES
from cspr.models import Agency, Membership
from cspr.models.cases import Stage
from cspr.roles import Role
from cspr.workflow import TransitionRefused
from reviews.models import (
    FamilyContact,
    ParallelProcess,
    Review,
    ReviewDispatch,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMeeting,
    TeamMember,
    TermsOfReference,
)

VIEW = "reviews.view_review"  # the guardian grant a reviewer or team member holds on one review

CLOSED_STATES = {Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION, Review.State.STOPPED}
REVIEW_CLOSED = "The review is {state}: this can no longer be changed."
PERIOD_BACKWARDS = "The end of the period under review must be after its start."
NO_AGENCIES = "Select at least one agency in scope."
NOT_A_REVIEWER = "{name} does not hold the reviewer role in this partnership. Add the role first."
ALREADY_LEAD = "The review already has a lead reviewer: end that appointment first."
NO_RECIPIENT = "The procedure sets no mailbox for {who}: add it to the procedure's recipients."
NO_DELAY_REASON = "Give the reason the review will be late."
EXPECTED_IN_PAST = "The expected completion date must be after today."
NO_CLEAR_REASON = "Give the reason the constraint no longer applies."
ALREADY_CLEARED = "This constraint was already cleared."
NO_NON_INVOLVEMENT_REASON = (
    "Give the reason this family member is not involved: it is recorded for the report."
)


def _open(review: Review) -> Review:
    locked = Review.unscoped.select_for_update().select_related("case", "partnership").get(pk=review.pk)
    if locked.state in CLOSED_STATES:
        raise TransitionRefused(REVIEW_CLOSED.format(state=locked.get_state_display().lower()))
    return locked


def _record(review: Review, code: str, by: AbstractBaseUser | None, **kwargs: Any) -> None:
    audit.record(case=review.case, code=code, by=by, stage=Stage.REVIEW, **kwargs)


# --- Terms of reference ------------------------------------------------------------------------------

TERMS_FIELDS = [
    "period_from",
    "period_to",
    "period_reason",
    "key_lines_of_enquiry",
    "methodology",
    "methodology_detail",
    "information_tools",
    "family_involvement",
    "parallel_processes",
    "legal_advice",
    "information_requests_by",
    "workshop_on",
    "draft_report_by",
    "planned_completion",
    "change_note",
]


def latest_terms(review: Review) -> TermsOfReference | None:
    return TermsOfReference.unscoped.filter(review=review).order_by("-number").first()


def save_terms_of_reference(
    *, review: Review, by: AbstractBaseUser, agencies: Iterable[Agency], **fields: Any
) -> TermsOfReference:
    """Save the terms of reference: an unapproved latest version is edited in place; once a version is
    approved, a change makes a new version that needs approval again (the approved one is kept)."""
    agencies = list(agencies)
    if not agencies:
        raise TransitionRefused(NO_AGENCIES)
    if fields["period_to"] < fields["period_from"]:
        raise TransitionRefused(PERIOD_BACKWARDS)
    values = {name: fields.get(name, "") for name in TERMS_FIELDS}
    with transaction.atomic():
        locked = _open(review)
        latest = latest_terms(locked)
        if latest is not None and not latest.is_approved:
            tor = latest
            for name, value in values.items():
                setattr(tor, name, value)
            tor.save()
        else:
            number = latest.number + 1 if latest else 1
            tor = TermsOfReference.unscoped.create(
                partnership=locked.partnership, review=locked, number=number, created_by=by, **values
            )
        tor.agencies.set(agencies)
        _record(
            locked,
            "review.terms_drafted",
            by,
            subject=f"terms of reference, version {tor.number}",
            subject_id=tor.public_id,
            reason=values.get("change_note", ""),
        )
    return tor


# --- Reviewers and grants ----------------------------------------------------------------------------


def grant_review(user: AbstractBaseUser, review: Review) -> None:
    assign_perm(VIEW, user, review)  # get_or_create: granting twice is harmless


def revoke_review(user: AbstractBaseUser, review: Review) -> None:
    """Remove the grant unless another live role on the review still needs it."""
    still = ReviewerAppointment.unscoped.filter(review=review, user=user, ended_at=None).exists()
    still = still or TeamMember.unscoped.filter(review=review, user=user).exists()
    if not still:
        remove_perm(VIEW, user, review)


def reviewer_candidates(partnership_id: int) -> list[AbstractBaseUser]:
    memberships = Membership.unscoped.filter(
        partnership_id=partnership_id, role=Role.REVIEWER, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active]


def recipients(review: Review, option: str) -> list[str]:
    """The mailboxes of the framework recipients an option names; a missing one is refused, not skipped."""
    framework = review.partnership.framework
    addresses = []
    for key in review.partnership.option(option):
        address = framework.recipient(key)
        if not address:
            raise TransitionRefused(NO_RECIPIENT.format(who=RECIPIENT_NAMES.get(key, key)))
        addresses.append(address)
    return list(dict.fromkeys(addresses))


def appoint_reviewer(
    *,
    review: Review,
    by: AbstractBaseUser,
    user: AbstractBaseUser,
    role: str,
    organisation: str = "",
    no_conflict_declared: bool = False,
    confidentiality_accepted: bool = False,
    conflict_notes: str = "",
) -> ReviewerAppointment:
    """Appoint a reviewer, grant them this review, and email their name to the National Panel, Ofsted and
    DfE (West Midlands §6.1.2) through the outbox."""
    if user.pk not in {u.pk for u in reviewer_candidates(review.partnership_id)}:
        raise TransitionRefused(NOT_A_REVIEWER.format(name=user.get_full_name() or user.get_username()))
    with transaction.atomic():
        locked = _open(review)
        if (
            role == ReviewerAppointment.Role.LEAD
            and ReviewerAppointment.unscoped.filter(review=locked, role=role, ended_at=None).exists()
        ):
            raise TransitionRefused(ALREADY_LEAD)
        to = recipients(locked, "reviewer_notice_recipients")
        appointment = ReviewerAppointment.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            user=user,
            role=role,
            organisation=organisation,
            no_conflict_declared=no_conflict_declared,
            confidentiality_accepted=confidentiality_accepted,
            conflict_notes=conflict_notes,
            appointed_by=by,
        )
        grant_review(user, locked)
        case = locked.case
        name = appointment.name
        body = (
            f"{locked.partnership.name} has commissioned {name}"
            f"{', ' + organisation if organisation else ''} as {appointment.get_role_display().lower()} of the "
            f"{locked.get_kind_display().lower()} of case {case.reference}, decided on "
            f"{explain_date(locked.decided_on)}.\n\n{locked.partnership.name}\n{locked.partnership.mailbox}"
        )
        dispatch = ReviewDispatch.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            kind=ReviewDispatch.Kind.REVIEWER_NOTICE,
            to=to,
            subject=f"Review {case.reference}: {appointment.get_role_display().lower()} appointed",
            body=body,
            created_by=by,
        )
        _record(
            locked,
            "review.reviewer_appointed",
            by,
            subject=f"{appointment.get_role_display()}: {name}",
            subject_id=appointment.public_id,
            data={"dispatch": str(dispatch.public_id), "to": to},
            needs_processing=True,  # the outbox sends the dispatch
        )
    return appointment


def record_declarations(
    *,
    appointment: ReviewerAppointment,
    by: AbstractBaseUser,
    no_conflict_declared: bool,
    confidentiality_accepted: bool,
    conflict_notes: str = "",
) -> ReviewerAppointment:
    """The reviewer declares no conflict of interest and accepts the confidentiality terms."""
    with transaction.atomic():
        locked = _open(appointment.review)
        appointment.no_conflict_declared = no_conflict_declared
        appointment.confidentiality_accepted = confidentiality_accepted
        appointment.conflict_notes = conflict_notes
        appointment.save(update_fields=["no_conflict_declared", "confidentiality_accepted", "conflict_notes"])
        _record(
            locked,
            "review.reviewer_declarations",
            by,
            subject=appointment.name,
            subject_id=appointment.public_id,
            data={"no_conflict": no_conflict_declared, "confidentiality": confidentiality_accepted},
        )
    return appointment


# --- Review team and meetings ------------------------------------------------------------------------


def add_team_member(
    *, review: Review, by: AbstractBaseUser, user: AbstractBaseUser | None = None, **fields: Any
) -> TeamMember:
    """Add a member to the review team; a member with an account is granted the review."""
    with transaction.atomic():
        locked = _open(review)
        member = TeamMember.unscoped.create(
            partnership=locked.partnership, review=locked, user=user, **fields
        )
        if user is not None:
            grant_review(user, locked)
        _record(locked, "review.team_member_added", by, subject=str(member), subject_id=member.public_id)
    return member


def remove_team_member(*, member: TeamMember, by: AbstractBaseUser) -> None:
    """Remove a team member who has not attended a meeting (attendance records are kept)."""
    with transaction.atomic():
        locked = _open(member.review)
        if member.meetings.exists():
            raise TransitionRefused("This member attended a meeting, so stays on the team record.")
        user = member.user
        label = str(member)
        member.delete()
        if user is not None:
            revoke_review(user, locked)
        _record(locked, "review.team_member_removed", by, subject=label)


def record_team_meeting(
    *, review: Review, by: AbstractBaseUser, attendees: Iterable[TeamMember], **fields: Any
) -> TeamMeeting:
    with transaction.atomic():
        locked = _open(review)
        meeting = TeamMeeting.unscoped.create(
            partnership=locked.partnership, review=locked, created_by=by, **fields
        )
        meeting.attendees.set(list(attendees))
        _record(
            locked, "review.team_meeting_recorded", by, subject=str(meeting), subject_id=meeting.public_id
        )
    return meeting


# --- Parallel processes -----------------------------------------------------------------------------

PARALLEL_FIELDS = [
    "kind",
    "description",
    "contact",
    "status",
    "key_dates",
    "constraint",
    "blocks_publication",
]


def add_parallel_process(*, review: Review, by: AbstractBaseUser, **fields: Any) -> ParallelProcess:
    with transaction.atomic():
        process = ParallelProcess.unscoped.create(partnership=review.partnership, case=review.case, **fields)
        process._history_user = by  # type: ignore[attr-defined]
        _record(
            review,
            "review.parallel_process_added",
            by,
            subject=str(process),
            subject_id=process.public_id,
            reason=process.constraint,
        )
    return process


def change_parallel_process(
    *, process: ParallelProcess, review: Review, by: AbstractBaseUser, **fields: Any
) -> ParallelProcess:
    with transaction.atomic():
        for name in PARALLEL_FIELDS:
            if name in fields:
                setattr(process, name, fields[name])
        process._history_user = by  # type: ignore[attr-defined]
        process.save()
        _record(
            review, "review.parallel_process_changed", by, subject=str(process), subject_id=process.public_id
        )
    return process


def clear_parallel_process(
    *, process: ParallelProcess, review: Review, by: AbstractBaseUser, reason: str
) -> ParallelProcess:
    """The constraint no longer applies (the trial ended, the police agreed): kept, with the reason."""
    if not reason.strip():
        raise TransitionRefused(NO_CLEAR_REASON)
    with transaction.atomic():
        locked = ParallelProcess.unscoped.select_for_update().get(pk=process.pk)
        if locked.cleared_at is not None:
            raise TransitionRefused(ALREADY_CLEARED)
        locked.cleared_at, locked.cleared_reason = timezone.now(), reason
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["cleared_at", "cleared_reason"])
        _record(
            review,
            "review.parallel_process_cleared",
            by,
            subject=str(locked),
            subject_id=locked.public_id,
            reason=reason,
        )
    return locked


# --- Family ------------------------------------------------------------------------------------------


def copy_family_from_referral(*, review: Review) -> int:
    """Start the review's family list from the referral's (Document 1 §1.2); returns how many were copied."""
    from referrals.models import FamilyMember, Referral

    referral = Referral.unscoped.filter(case_id=review.case_id).first()
    if referral is None:
        return 0
    copied = 0
    for person in FamilyMember.unscoped.filter(referral=referral):
        if ReviewFamilyMember.unscoped.filter(review=review, from_referral=person).exists():
            continue
        ReviewFamilyMember.unscoped.create(
            partnership=review.partnership,
            review=review,
            from_referral=person,
            name=person.name,
            relationship=person.relationship,
            address=person.address,
        )
        copied += 1
    return copied


def _check_involvement(fields: dict[str, Any]) -> None:
    involvement = fields.get("involvement")
    not_involved = {ReviewFamilyMember.Involvement.DECLINED, ReviewFamilyMember.Involvement.NOT_INVOLVED}
    if involvement in not_involved and not str(fields.get("non_involvement_reason", "")).strip():
        raise TransitionRefused(NO_NON_INVOLVEMENT_REASON)


def add_family_member(*, review: Review, by: AbstractBaseUser, **fields: Any) -> ReviewFamilyMember:
    _check_involvement(fields)
    with transaction.atomic():
        locked = _open(review)
        person = ReviewFamilyMember(partnership=locked.partnership, review=locked, **fields)
        person._history_user = by  # type: ignore[attr-defined]
        person.save()
        _record(
            locked, "review.family_member_added", by, subject=person.relationship, subject_id=person.public_id
        )
    return person


def change_family_member(
    *, person: ReviewFamilyMember, by: AbstractBaseUser, **fields: Any
) -> ReviewFamilyMember:
    merged = {
        "involvement": person.involvement,
        "non_involvement_reason": person.non_involvement_reason,
        **fields,
    }
    _check_involvement(merged)
    with transaction.atomic():
        locked = _open(person.review)
        for name, value in fields.items():
            setattr(person, name, value)
        person._history_user = by  # type: ignore[attr-defined]
        person.save()
        _record(
            locked,
            "review.family_member_changed",
            by,
            subject=person.relationship,
            subject_id=person.public_id,
            data={"involvement": person.involvement},
        )
    return person


def log_family_contact(*, person: ReviewFamilyMember, by: AbstractBaseUser, **fields: Any) -> FamilyContact:
    with transaction.atomic():
        locked = _open(person.review)
        contact = FamilyContact.unscoped.create(
            partnership=locked.partnership, family_member=person, created_by=by, **fields
        )
        if person.involvement == ReviewFamilyMember.Involvement.NOT_CONTACTED:
            person.involvement = ReviewFamilyMember.Involvement.INVITED
            person._history_user = by  # type: ignore[attr-defined]
            person.save(update_fields=["involvement"])
        _record(
            locked,
            "review.family_contact_logged",
            by,
            subject=f"{person.relationship}: {contact}",
            subject_id=person.public_id,
            reason=contact.outcome,
        )
    return contact


def record_family_letter(
    *, person: ReviewFamilyMember, by: AbstractBaseUser, name: str, path: str
) -> ReviewDispatch:
    """A letter (Document 7) generated for a family member: kept with the case, with when and for whom."""
    review = person.review
    dispatch = ReviewDispatch.unscoped.create(
        partnership=review.partnership,
        review=review,
        kind=ReviewDispatch.Kind.FAMILY_LETTER,
        to=[person.relationship],
        subject=f"Letter to the child's {person.relationship.lower()}",
        body="",
        documents=[{"name": name, "path": path}],
        created_by=by,
        sent_at=timezone.now(),
    )
    _record(
        review, "review.family_letter_generated", by, subject=person.relationship, subject_id=person.public_id
    )
    return dispatch


# --- Delay --------------------------------------------------------------------------------------------


def send_delay_notice(
    *, review: Review, by: AbstractBaseUser, reason: str, expected_on: date
) -> ReviewDispatch:
    """West Midlands §3.1.3: "If the delay will prevent the publication of the final report within six
    months, the National Panel and Secretary of State should be informed and provided with the reason for
    the delay." Recipients come from the procedure (option `delay_notice_recipients`)."""
    from reviews.workflow import completion_deadline

    if not reason.strip():
        raise TransitionRefused(NO_DELAY_REASON)
    if expected_on <= timezone.localdate():
        raise TransitionRefused(EXPECTED_IN_PAST)
    with transaction.atomic():
        locked = _open(review)
        to = recipients(locked, "delay_notice_recipients")
        case = locked.case
        deadline = completion_deadline(locked)
        due = (
            f" is due to be completed by {explain_date(timezone.localtime(deadline.due_at).date())} but"
            if deadline and deadline.due_at
            else ""
        )
        names = ", ".join(
            RECIPIENT_NAMES.get(k, k) for k in locked.partnership.option("delay_notice_recipients")
        )
        body = (
            f"To {names},\n\n"
            f"The {locked.get_kind_display().lower()} of case {case.reference} ({case.child_pseudonym}), "
            f"decided on {explain_date(locked.decided_on)},{due} will not be completed on time.\n\n"
            f"Reason for the delay:\n{reason.strip()}\n\n"
            f"We now expect to complete the review by {explain_date(expected_on)}.\n\n"
            f"{locked.partnership.name}\n{locked.partnership.mailbox}"
        )
        locked.delay_reason = reason
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["delay_reason"])
        dispatch = ReviewDispatch.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            kind=ReviewDispatch.Kind.DELAY_NOTICE,
            to=to,
            subject=f"Review {case.reference}: notice of delay",
            body=body,
            created_by=by,
        )
        _record(
            locked,
            "review.delay_notice_sent",
            by,
            reason=reason,
            subject="review",
            subject_id=locked.public_id,
            data={"dispatch": str(dispatch.public_id), "to": to, "expected_on": expected_on.isoformat()},
            needs_processing=True,
        )
    return dispatch
