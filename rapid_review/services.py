"""Rapid review services beyond the transitions: conflicts on concurrent edits, file attachments, the
meeting record draft and the late notice."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.deadlines.projection import explain_date
from cspr.models import Deadline, Partnership
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review.models import Dispatch, RapidReview, ScopingRequest


class StaleEdit(Exception):
    """Someone else saved this return since it was opened; their version is kept, ours is shown beside it."""

    def __init__(self, current: ScopingRequest) -> None:
        super().__init__("This return was changed by someone else while you were editing it.")
        self.current = current


# --- The business office and the chair -----------------------------------------------------------------

MEETING_RECORD_CLOSED = "The meeting record can be changed only until the decision is recorded."
NO_LATE_REASONS = "Give the reasons the rapid review will be late."
EXPECTED_IN_PAST = "The expected completion date must be today or in the future."
NO_NATIONAL_PANEL = "The National Panel's mailbox is not set in this partnership's procedure."
NO_COMPOSITE = "This procedure does not send a composite of the returns to a subgroup."
COMPOSITE_TOO_EARLY = "Send the composite once at least one agency has returned its scoping information."
COMPOSITE_TOO_LATE = "The composite goes to the subgroup before the meeting is held."
NO_SUBGROUP_VIEWS = "Enter the subgroup's views."
# The composite asks the subgroup's views before the meeting (C&P Appendix 1, days 11–12).
COMPOSITE_STATES = frozenset({RapidReview.State.AWAITING_RETURNS, RapidReview.State.MEETING_SCHEDULED})

# West Midlands Document 4 §2.2 (Working Together 2018): the case "has the potential to meet the
# following criteria"; the first four must be taken into account, the next four had regard to.
CRITERIA: list[tuple[str, str]] = [
    (
        "improvements_needed",
        "Highlights or may highlight improvements needed to safeguard and promote the welfare of children, "
        "including where those improvements have been previously identified",
    ),
    (
        "recurrent_themes",
        "Highlights or may highlight recurrent themes in the safeguarding and promotion of the welfare of children",
    ),
    (
        "working_together",
        "Highlights or may highlight concerns regarding two or more organisations or agencies working together "
        "effectively to safeguard and promote the welfare of children",
    ),
    (
        "panel_suggests_local",
        "Is one which the Child Safeguarding Practice Review Panel have considered and concluded a local review "
        "may be more appropriate",
    ),
    (
        "single_agency_concern",
        "Safeguarding partners have cause for concern about the actions of a single agency",
    ),
    (
        "no_agency_involvement",
        "There has been no agency involvement and this gives the safeguarding partners cause for concern",
    ),
    (
        "more_than_one_area",
        "More than one local authority, police area or clinical commissioning group is involved, including in "
        "cases where families have moved around",
    ),
    (
        "institutional_setting",
        "The case may raise issues relating to safeguarding or promoting the welfare of children in "
        "institutional settings",
    ),
]
NONE_OF_THE_ABOVE = "none"
MUST_TAKE_INTO_ACCOUNT = [code for code, _ in CRITERIA[:4]]
HAVE_REGARD_TO = [code for code, _ in CRITERIA[4:]]


def save_meeting_record(
    *,
    rapid_review: RapidReview,
    by: AbstractBaseUser,
    immediate_action_taken: str,
    immediate_action_details: str,
    criteria: list[str],
    nature_of_harm: str,
    analysis_against_criteria: str,
    immediate_learning: str,
    legal_advice: str,
) -> RapidReview:
    """Save Document 4 Section 2 as a draft on the rapid review (history keeps every version)."""
    with transaction.atomic():
        rr = RapidReview.unscoped.select_for_update().get(pk=rapid_review.pk)
        if rr.state not in {RapidReview.State.MEETING_SCHEDULED, RapidReview.State.MEETING_HELD}:
            raise TransitionRefused(MEETING_RECORD_CLOSED)
        rr.immediate_action_taken = immediate_action_taken
        rr.immediate_action_details = immediate_action_details
        rr.criteria = list(criteria)
        rr.nature_of_harm = nature_of_harm
        rr.analysis_against_criteria = analysis_against_criteria
        rr.immediate_learning = immediate_learning
        rr.legal_advice = legal_advice
        rr._history_user = by  # type: ignore[attr-defined]
        rr.save(
            update_fields=[
                "immediate_action_taken",
                "immediate_action_details",
                "criteria",
                "nature_of_harm",
                "analysis_against_criteria",
                "immediate_learning",
                "legal_advice",
            ]
        )
    return rr


def draft_late_notice(
    *, rapid_review: RapidReview, by: AbstractBaseUser, reasons: str, expected_on: date
) -> Dispatch:
    """Cambridgeshire & Peterborough: the chair tells the National Panel the rapid review will miss the
    15-working-day target, with the reasons and the expected date. The email leaves through the outbox."""
    if not reasons.strip():
        raise TransitionRefused(NO_LATE_REASONS)
    if expected_on < timezone.localdate():
        raise TransitionRefused(EXPECTED_IN_PAST)
    to = rapid_review.partnership.framework.recipient("national_panel")
    if not to:
        raise TransitionRefused(NO_NATIONAL_PANEL)
    case = rapid_review.case
    target = Deadline.unscoped.filter(case=case, key="complete_rapid_review", cancelled_at=None).first()
    due = (
        f" was due on {explain_date(timezone.localtime(target.due_at).date())}"
        if target and target.due_at
        else ""
    )
    body = (
        f"Dear National Panel,\n\n"
        f"The rapid review for {case.reference} ({case.child_pseudonym}){due} and will not be completed within "
        f"15 working days of the partnership becoming aware of the incident.\n\n"
        f"Reasons:\n{reasons.strip()}\n\n"
        f"We expect to send the completed rapid review by {explain_date(expected_on)}.\n\n"
        f"{rapid_review.partnership.name}"
    )
    with transaction.atomic():
        dispatch = Dispatch.unscoped.create(
            partnership=rapid_review.partnership,
            rapid_review=rapid_review,
            kind=Dispatch.Kind.LATE_NOTICE,
            to=[to],
            subject=f"Rapid review {case.reference}: late notice",
            body=body,
            created_by=by,
        )
        audit.record(
            case=case,
            code="rapid_review.late_notice_sent",
            by=by,
            stage=Stage.RAPID_REVIEW,
            reason=reasons,
            subject="rapid review",
            subject_id=rapid_review.public_id,
            data={"expected_on": expected_on.isoformat(), "dispatch": str(dispatch.public_id), "to": [to]},
            needs_processing=True,  # the outbox sends the dispatch
        )
    return dispatch


def send_composite_to_subgroup(
    *, rapid_review: RapidReview, by: AbstractBaseUser, to: list[str], message: str
) -> Dispatch:
    """Cambridgeshire & Peterborough: the returns so far go to the case review subgroup as one document,
    asking for their views within the procedure's time (72 hours). The email leaves through the outbox."""
    from rapid_review import documents  # documents reads this module's criteria

    if not rapid_review.partnership.option("subgroup_composite"):
        raise TransitionRefused(NO_COMPOSITE)
    if rapid_review.state not in COMPOSITE_STATES:
        raise TransitionRefused(COMPOSITE_TOO_LATE)
    if not rapid_review.requests.filter(state=ScopingRequest.State.SUBMITTED).exists():
        raise TransitionRefused(COMPOSITE_TOO_EARLY)
    case = rapid_review.case
    name, pdf = documents.composite_of_returns_pdf(rapid_review)
    with transaction.atomic():
        dispatch = Dispatch.unscoped.create(
            partnership=rapid_review.partnership,
            rapid_review=rapid_review,
            kind=Dispatch.Kind.SUBGROUP_COMPOSITE,
            to=to,
            subject=f"Rapid review {case.reference}: your views on the composite of the returns",
            body=message,
            documents=[{"name": name, "path": store_private(rapid_review.partnership, name, pdf)}],
            created_by=by,
        )
        now = timezone.now()
        deadlines.start(case=case, key="subgroup_views", origin=now, origin_label="composite sent")
        audit.record(
            case=case,
            code="rapid_review.composite_sent",
            by=by,
            stage=Stage.RAPID_REVIEW,
            subject="case review subgroup",
            subject_id=rapid_review.public_id,
            data={"dispatch": str(dispatch.public_id), "to": to},
            needs_processing=True,  # the outbox sends the dispatch
        )
    return dispatch


def record_subgroup_views(*, rapid_review: RapidReview, by: AbstractBaseUser, views: str) -> RapidReview:
    """The subgroup's views on the composite, for the meeting; meets the 72-hour clock."""
    if not views.strip():
        raise TransitionRefused(NO_SUBGROUP_VIEWS)
    with transaction.atomic():
        rr = RapidReview.unscoped.select_for_update().get(pk=rapid_review.pk)
        rr.subgroup_views, rr.subgroup_views_at = views.strip(), timezone.now()
        rr.save(update_fields=["subgroup_views", "subgroup_views_at"])
        deadlines.meet_key(case=rr.case, key="subgroup_views", at=rr.subgroup_views_at)
        audit.record(
            case=rr.case,
            code="rapid_review.subgroup_views_recorded",
            by=by,
            stage=Stage.RAPID_REVIEW,
            subject="case review subgroup",
            subject_id=rr.public_id,
        )
    return rr


def store_private(partnership: Partnership, name: str, content: bytes) -> str:
    """Keep a sent document in private storage under an unguessable name (served after a permission check)."""
    return default_storage.save(
        f"private/dispatches/{partnership.pk}/{uuid.uuid4().hex}-{name}", ContentFile(content)
    )
