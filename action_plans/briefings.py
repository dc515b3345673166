"""Learning briefings: written from the final report in the shape the framework names (Northamptonshire's
"6 step learning briefing", the Lewisham Learning Loop, West Midlands §11.3.2 "briefing notes on the lessons
learned"), finalised, sent (to whom, when, how: each dispatch is kept) and published on the public site.

The steps are framework data (`learning_briefing_steps` in cspr/frameworks.py); the title is the
framework's `learning_briefing` document where it names one. State changes go through workflow.move().
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from action_plans.models import BriefingDispatch, LearningBriefing
from action_plans.workflow import APPROVED_REVIEW_STATES, BriefingState, StaleEdit, move
from cspr import audit, notifications
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from reviews.models import ParallelProcess, Recommendation, ReportSection, Review

DEFAULT_TITLE = "Learning briefing"
REPORT_NOT_APPROVED = "A learning briefing is written from the approved final report."
STEPS_INCOMPLETE = "Complete every step before the briefing is final. Still empty: {steps}."
NO_TITLE = "Enter a title for the briefing."
NOT_EDITABLE = "The briefing is {state}: only a draft can be changed."
NOT_FINAL = "Finalise the briefing before sending or publishing it."
NO_AUDIENCE = "Say who the briefing went to."
NO_EMAILS = "Enter at least one email address to email the briefing to."
SHARED_IN_FUTURE = "The date it was shared cannot be in the future."
HELD_FOR_PARALLEL_PROCESS = (
    "The briefing cannot go on the public site while a parallel process holds publication back: {processes}."
)
NO_WITHDRAW_REASON = "Give the reason the briefing is being withdrawn from the public site."
PUBLIC_MARKING = "OFFICIAL"
BRIEFING_TEMPLATE = "action_plans/documents/learning_briefing.html"


def title_for(review: Review) -> str:
    document = review.partnership.framework.document("learning_briefing")
    return document.title if document else DEFAULT_TITLE


def _prefill(heading: str, index: int, *, summary: str, recommendations: list[Recommendation]) -> str:
    """The report's own words where a step asks for them: its opening section, its recommendations."""
    lowered = heading.lower()
    if index == 0:
        return summary
    if any(word in lowered for word in ("recommend", "improvement", "what happens next")):
        return "\n".join(f"{r.number}. {r.text}" for r in recommendations)
    return ""


def draft_briefing(*, review: Review, by: AbstractBaseUser) -> LearningBriefing:
    """Start a briefing from the approved report, one step per heading of the framework's template."""
    if review.state not in APPROVED_REVIEW_STATES:
        raise TransitionRefused(REPORT_NOT_APPROVED)
    partnership = review.partnership
    headings: list[str] = partnership.option("learning_briefing_steps")
    first = (
        ReportSection.unscoped.filter(version_id=review.approved_version_id).order_by("order").first()
        if review.approved_version_id
        else None
    )
    recommendations = list(Recommendation.unscoped.filter(review=review).order_by("number"))
    steps = [
        {
            "heading": heading,
            "body": _prefill(
                heading, i, summary=first.body if first else "", recommendations=recommendations
            ),
        }
        for i, heading in enumerate(headings)
    ]
    with transaction.atomic():
        briefing = LearningBriefing(
            partnership=partnership,
            case=review.case,
            review=review,
            title=f"{title_for(review)}: {review.case.child_pseudonym}",
            steps=steps,
            created_by=by,
        )
        briefing._history_user = by  # type: ignore[attr-defined]
        briefing.save()
        audit.record(
            case=review.case,
            code="learning_briefing.drafted",
            by=by,
            stage=Stage.ACTION_PLAN,
            to_state=BriefingState.DRAFT,
            subject="learning briefing",
            subject_id=briefing.public_id,
        )
    return briefing


def save_briefing(
    *, briefing: LearningBriefing, by: AbstractBaseUser, version: int, title: str, bodies: Sequence[str]
) -> LearningBriefing:
    """Save the draft's title and the text of each step (the headings stay the framework's)."""
    if not title.strip():
        raise TransitionRefused(NO_TITLE)
    with transaction.atomic():
        locked = LearningBriefing.unscoped.select_for_update().get(pk=briefing.pk)
        if locked.version != version:
            raise StaleEdit(locked)  # type: ignore[arg-type]
        if locked.state != BriefingState.DRAFT:
            raise TransitionRefused(NOT_EDITABLE.format(state=locked.get_state_display().lower()))
        locked.title = title.strip()
        locked.steps = [
            {"heading": step["heading"], "body": (body or "").strip()}
            for step, body in zip(locked.steps, bodies, strict=True)
        ]
        locked.version += 1
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["title", "steps", "version"])
    return locked


def finalise(*, briefing: LearningBriefing, by: AbstractBaseUser) -> LearningBriefing:
    """Fix the text: every step written."""
    with transaction.atomic():
        locked = LearningBriefing.unscoped.select_for_update().get(pk=briefing.pk)
        empty = [s["heading"] for s in locked.steps if not s["body"].strip()]
        if empty:
            raise TransitionRefused(STEPS_INCOMPLETE.format(steps="; ".join(empty)))
        move(locked, to=BriefingState.FINAL, by=by, code="learning_briefing.finalised")
    return locked


def record_dispatch(
    *,
    briefing: LearningBriefing,
    by: AbstractBaseUser,
    audience: str,
    method: str,
    shared_on: date,
    emails: Sequence[str] = (),
) -> BriefingDispatch:
    """Keep who the briefing went to, when and how; emailed briefings leave with the PDF after the commit."""
    if briefing.state not in {BriefingState.FINAL, BriefingState.PUBLISHED}:
        raise TransitionRefused(NOT_FINAL)
    if not audience.strip():
        raise TransitionRefused(NO_AUDIENCE)
    if method == BriefingDispatch.Method.EMAIL and not emails:
        raise TransitionRefused(NO_EMAILS)
    if shared_on > timezone.localdate():
        raise TransitionRefused(SHARED_IN_FUTURE)
    with transaction.atomic():
        dispatch = BriefingDispatch.unscoped.create(
            partnership_id=briefing.partnership_id,
            briefing=briefing,
            audience=audience.strip(),
            method=method,
            emails=list(emails),
            shared_on=shared_on,
            by=by,
        )
        audit.record(
            case=briefing.case,
            code="learning_briefing.sent",
            by=by,
            stage=Stage.ACTION_PLAN,
            reason=audience.strip(),
            subject="learning briefing",
            subject_id=briefing.public_id,
            data={"method": method, "to": list(emails), "shared_on": shared_on.isoformat()},
        )
        if method == BriefingDispatch.Method.EMAIL:
            from action_plans.documents import briefing_pdf

            name, pdf = briefing_pdf(briefing)
            transaction.on_commit(
                partial(
                    notifications.send_email,
                    to=list(emails),
                    subject=briefing.title,
                    template="action_plans/email/learning_briefing",
                    context={"briefing": briefing, "partnership": briefing.partnership},
                    attachments=[(name, pdf, "application/pdf")],
                    reply_to=[briefing.partnership.mailbox],
                )
            )
    return dispatch


def publication_holds(briefing: LearningBriefing) -> list[ParallelProcess]:
    """Open parallel processes that hold publication back (Northamptonshire: any prosecution)."""
    return list(
        ParallelProcess.unscoped.filter(case_id=briefing.case_id, blocks_publication=True, cleared_at=None)
    )


def publish(*, briefing: LearningBriefing, by: AbstractBaseUser) -> LearningBriefing:
    """Put the final briefing on the partnership's public page; its PDF is rendered once and stored."""
    from action_plans.documents import briefing_pdf

    holds = publication_holds(briefing)
    if holds:
        raise TransitionRefused(
            HELD_FOR_PARALLEL_PROCESS.format(processes=", ".join(p.get_kind_display().lower() for p in holds))
        )
    with transaction.atomic():
        locked = LearningBriefing.unscoped.select_for_update().get(pk=briefing.pk)
        if locked.state == BriefingState.DRAFT:
            raise TransitionRefused(NOT_FINAL)
        name, pdf = briefing_pdf(locked, marking=PUBLIC_MARKING)
        locked.published_pdf.save(name, ContentFile(pdf), save=False)
        locked.published_at, locked.withdrawn_reason = timezone.now(), ""
        move(
            locked,
            to=BriefingState.PUBLISHED,
            by=by,
            code="learning_briefing.published",
            also_update=("published_pdf", "published_at", "withdrawn_reason"),
        )
    return locked


def withdraw(*, briefing: LearningBriefing, by: AbstractBaseUser, reason: str) -> LearningBriefing:
    """Take the briefing off the public site, with the reason."""
    if not reason.strip():
        raise TransitionRefused(NO_WITHDRAW_REASON)
    with transaction.atomic():
        locked = LearningBriefing.unscoped.select_for_update().get(pk=briefing.pk)
        locked.withdrawn_reason = reason.strip()
        move(
            locked,
            to=BriefingState.WITHDRAWN,
            by=by,
            code="learning_briefing.withdrawn",
            reason=reason,
            also_update=("withdrawn_reason",),
        )
    return locked
