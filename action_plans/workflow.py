"""The action plan procedure: a plan is drafted from the review's recommendations, agreed, monitored while
agencies work through their actions, and closed once every action is finished (West Midlands §11.4.1,
Document 19; Cambridgeshire & Peterborough "Sign off the action plan when complete"; Lewisham's MESI
subgroup, which will "quality assure evidence of completion").

`move()` is the only writer of `state` on a plan, an action or a learning briefing: it checks the tables
below and writes the audit row in the same transaction. Timescales come from the partnership's framework.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from action_plans import permissions
from action_plans.models import Action, ActionPlan, LearningBriefing, ProgressUpdate
from cspr import audit
from cspr.deadlines.projection import project
from cspr.models import Agency
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from reviews.models import Recommendation, Review

State = ActionPlan.State
ActionState = Action.State
BriefingState = LearningBriefing.State

TRANSITIONS: dict[str, set[str]] = {  # the plan at a glance
    State.DRAFTED: {State.AGREED},
    State.AGREED: {State.MONITORING},
    State.MONITORING: {State.CLOSED},
}

ACTION_TRANSITIONS: dict[str, set[str]] = {  # one action
    ActionState.OPEN: {ActionState.IN_PROGRESS, ActionState.COMPLETED, ActionState.CLOSED},
    ActionState.IN_PROGRESS: {ActionState.COMPLETED, ActionState.CLOSED},
    # The monitoring group may find the evidence wanting, or a re-audit may find the change not sustained.
    ActionState.COMPLETED: {ActionState.IN_PROGRESS},
    ActionState.CLOSED: {ActionState.IN_PROGRESS},
}

BRIEFING_TRANSITIONS: dict[str, set[str]] = {  # one learning briefing (action_plans/briefings.py)
    BriefingState.DRAFT: {BriefingState.FINAL},
    BriefingState.FINAL: {BriefingState.PUBLISHED},
    BriefingState.PUBLISHED: {BriefingState.WITHDRAWN},
    BriefingState.WITHDRAWN: {BriefingState.PUBLISHED},
}

# Drafting may start with the draft report (Lewisham: the Panel "will devise the initial Multi-Agency Action
# Plan" as the report is finalised); agreeing waits for the approved report and its endorsed recommendations.
DRAFTABLE_REVIEW_STATES = {
    Review.State.DRAFT_REPORT,
    Review.State.FACTUAL_ACCURACY,
    Review.State.APPROVED,
    Review.State.HANDED_TO_PUBLICATION,
}
APPROVED_REVIEW_STATES = {Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION}

NOT_ALLOWED = "This cannot be done while the {what} is {state}."
REVIEW_NOT_READY = "An action plan can be drafted once the review has a draft report with recommendations."
NO_RECOMMENDATIONS = "The review has no recommendations yet, so there is nothing to plan."
ALREADY_PLANNED = "This review already has an action plan."
REPORT_NOT_APPROVED = (
    "The plan can be agreed only after the final report (and its recommendations) is approved."
)
UNPLANNED_RECOMMENDATIONS = "Every recommendation needs at least one action. No actions yet for: {numbers}."
NO_AGREED_BY = "Say who agreed the plan, for example the safeguarding partners or the case review group."
AGREED_IN_FUTURE = "The date the plan was agreed cannot be in the future."
PLAN_NOT_OPEN = "Actions can be added or changed only until the plan is closed."
PLAN_NOT_MONITORED = "Progress can be recorded once the plan has been sent to agencies for monitoring."
WRONG_REVIEW = "That recommendation belongs to another review."
WRONG_PARTNERSHIP = "Choose one of this partnership's agencies."
NO_OWNER = "Choose the agency that owns the action."
NO_LEAD = "Enter the name of the person leading the action."
NO_TARGET = "Enter the target date."
TARGET_IN_PAST = "The target date must be today or in the future."
NO_DESCRIPTION = "Describe the agreed action."
NO_MEASURE = "Say how you will know the action is done: what will have changed, and how it will be measured."
ACTION_FINISHED = "This action is {state}: reopen it before changing it."
NO_PROGRESS_TEXT = "Say what has been done since the last update."
NO_RAG = "Choose a RAG rating: red, amber or green."
NO_EVIDENCE = (
    "Describe the evidence of impact before marking the action completed: what has changed, and how you know."
)
NO_CLOSE_REASON = "Give the reason the action is being closed without being completed."
NO_REOPEN_REASON = "Give the reason the action is being reopened."
NOT_COMPLETED = "Only a completed action can be re-audited."
NO_REAUDIT_FINDING = "Say what the re-audit found."
NO_SUSTAINED = "Say whether the improvement has been sustained."
PLAN_BLOCKED = "The plan cannot close yet. {count} still open: {blockers}."
STALE = "Someone else saved changes since you opened this page. Your changes are below: check them against theirs and save again."


class StaleEdit(TransitionRefused):
    """Someone saved the action since it was opened; theirs is kept and ours is shown again, not lost."""

    def __init__(self, current: Action) -> None:
        super().__init__(STALE)
        self.current = current


def _table(obj: models.Model) -> tuple[dict[str, set[str]], str]:
    if isinstance(obj, ActionPlan):
        return TRANSITIONS, "action plan"
    if isinstance(obj, Action):
        return ACTION_TRANSITIONS, "action"
    return BRIEFING_TRANSITIONS, "learning briefing"


def move(
    obj: ActionPlan | Action | LearningBriefing,
    *,
    to: str,
    by: AbstractBaseUser | None,
    code: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    needs_processing: bool = False,
    also_update: tuple[str, ...] = (),
) -> None:
    """Change the state (checked against the transitions table) and write the audit row."""
    table, what = _table(obj)
    from_state = obj.state
    if to not in table.get(from_state, set()):
        raise TransitionRefused(NOT_ALLOWED.format(what=what, state=obj.get_state_display().lower()))
    obj.state = to
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save(update_fields=["state", *also_update])
    audit.record(
        case=obj.plan.case if isinstance(obj, Action) else obj.case,
        code=code,
        by=by,
        stage=Stage.ACTION_PLAN,
        from_state=from_state,
        to_state=to,
        reason=reason,
        subject=_subject(obj),
        subject_id=obj.public_id,
        data=data,
        needs_processing=needs_processing,
    )


def _subject(obj: models.Model) -> str:
    if isinstance(obj, Action):
        return f"action for recommendation {obj.recommendation.number} ({obj.owner_agency.name})"
    return "action plan" if isinstance(obj, ActionPlan) else "learning briefing"


def _locked(model: type[models.Model], obj: models.Model) -> Any:
    return model.unscoped.select_for_update().get(pk=obj.pk)


# --- The plan ------------------------------------------------------------------------------------------


def draft_plan(*, review: Review, by: AbstractBaseUser, monitored_by: str = "") -> ActionPlan:
    """Start the action plan of a review with recommendations (each becomes one or more actions)."""
    if review.state not in DRAFTABLE_REVIEW_STATES:
        raise TransitionRefused(REVIEW_NOT_READY)
    if not Recommendation.unscoped.filter(review=review).exists():
        raise TransitionRefused(NO_RECOMMENDATIONS)
    with transaction.atomic():
        if ActionPlan.unscoped.filter(review=review).exists():
            raise TransitionRefused(ALREADY_PLANNED)
        plan = ActionPlan(
            partnership=review.partnership, case=review.case, review=review, monitored_by=monitored_by
        )
        plan._history_user = by  # type: ignore[attr-defined]
        plan.save()
        audit.record(
            case=review.case,
            code="action_plan.drafted",
            by=by,
            stage=Stage.ACTION_PLAN,
            to_state=State.DRAFTED,
            subject="action plan",
            subject_id=plan.public_id,
        )
    return plan


def agree_plan(*, plan: ActionPlan, by: AbstractBaseUser, agreed_by: str, agreed_on: date) -> ActionPlan:
    """Record that the plan was agreed (C&P: "endorsed at senior level by each organisation")."""
    if not agreed_by.strip():
        raise TransitionRefused(NO_AGREED_BY)
    if agreed_on > timezone.localdate():
        raise TransitionRefused(AGREED_IN_FUTURE)
    with transaction.atomic():
        locked = _locked(ActionPlan, plan)
        if locked.state == State.DRAFTED:
            if locked.review.state not in APPROVED_REVIEW_STATES:
                raise TransitionRefused(REPORT_NOT_APPROVED)
            unplanned = unplanned_recommendations(locked)
            if unplanned:
                raise TransitionRefused(
                    UNPLANNED_RECOMMENDATIONS.format(numbers=", ".join(str(r.number) for r in unplanned))
                )
        locked.agreed_by, locked.agreed_on = agreed_by.strip(), agreed_on
        move(
            locked,
            to=State.AGREED,
            by=by,
            code="action_plan.agreed",
            reason=agreed_by,
            data={"agreed_on": agreed_on.isoformat()},
            also_update=("agreed_by", "agreed_on"),
        )
    return locked


def unplanned_recommendations(plan: ActionPlan) -> list[Recommendation]:
    """The review's recommendations that have no action yet."""
    return list(
        Recommendation.unscoped.filter(review_id=plan.review_id)
        .exclude(actions__plan=plan)
        .order_by("number")
    )


def start_monitoring(*, plan: ActionPlan, by: AbstractBaseUser) -> ActionPlan:
    """Send the agreed plan to the agencies: their actions open in the portal and the clocks start."""
    with transaction.atomic():
        locked = _locked(ActionPlan, plan)
        now = timezone.now()
        move(locked, to=State.MONITORING, by=by, code="action_plan.monitoring_started", needs_processing=True)
        # "Not updated" is counted from today for actions nobody has touched yet.
        Action.unscoped.filter(plan=locked, last_updated_at=None).update(last_updated_at=now)
    return locked


def plan_blockers(plan: ActionPlan) -> list[str]:
    """Why the plan cannot close: each action not completed with evidence nor closed with a reason."""
    blockers = []
    actions = Action.unscoped.filter(plan=plan).select_related("recommendation", "owner_agency")
    for action in actions.prefetch_related("evidence"):
        if action.state == ActionState.COMPLETED and (
            action.impact_evidence.strip() or action.evidence.all()
        ):
            continue
        if action.state == ActionState.CLOSED and action.closed_reason.strip():
            continue
        problem = (
            "completed without evidence of impact"
            if action.state == ActionState.COMPLETED
            else action.get_state_display().lower()
        )
        blockers.append(
            f"recommendation {action.recommendation.number}, {action.owner_agency.name}: "
            f"“{_short(action.description)}” ({problem})"
        )
    return blockers


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def close_plan(*, plan: ActionPlan, by: AbstractBaseUser, note: str = "") -> ActionPlan:
    """Sign the plan off once every action is completed with evidence or closed with a reason."""
    with transaction.atomic():
        locked = _locked(ActionPlan, plan)
        if locked.state != State.MONITORING:
            raise TransitionRefused(
                NOT_ALLOWED.format(what="action plan", state=locked.get_state_display().lower())
            )
        blockers = plan_blockers(locked)
        if blockers:
            count = f"{len(blockers)} action{'s are' if len(blockers) > 1 else ' is'}"
            raise TransitionRefused(PLAN_BLOCKED.format(count=count, blockers="; ".join(blockers)))
        locked.closed_at, locked.closure_note = timezone.now(), note.strip()
        move(
            locked,
            to=State.CLOSED,
            by=by,
            code="action_plan.closed",
            reason=note,
            also_update=("closed_at", "closure_note"),
        )
    return locked


# --- Actions: adding and changing (the office) ---------------------------------------------------------

ACTION_FIELDS = ("description", "owner_agency", "lead_name", "lead_email", "measure", "target_date", "theme")


def _check_action_fields(plan: ActionPlan, fields: dict[str, Any], *, new: bool) -> None:
    if not (fields.get("description") or "").strip():
        raise TransitionRefused(NO_DESCRIPTION)
    agency: Agency | None = fields.get("owner_agency")
    if agency is None:
        raise TransitionRefused(NO_OWNER)
    if agency.partnership_id != plan.partnership_id:
        raise TransitionRefused(WRONG_PARTNERSHIP)
    if not (fields.get("lead_name") or "").strip():
        raise TransitionRefused(NO_LEAD)
    if not (fields.get("measure") or "").strip():
        raise TransitionRefused(NO_MEASURE)
    target = fields.get("target_date")
    if target is None:
        raise TransitionRefused(NO_TARGET)
    if new and target < timezone.localdate():
        raise TransitionRefused(TARGET_IN_PAST)


def add_action(
    *, plan: ActionPlan, recommendation: Recommendation, by: AbstractBaseUser, **fields: Any
) -> Action:
    """Add a SMART action answering one of the review's recommendations."""
    if recommendation.review_id != plan.review_id:
        raise TransitionRefused(WRONG_REVIEW)
    _check_action_fields(plan, fields, new=True)
    with transaction.atomic():
        locked = _locked(ActionPlan, plan)
        if locked.state == State.CLOSED:
            raise TransitionRefused(PLAN_NOT_OPEN)
        action = Action(
            partnership_id=locked.partnership_id,
            plan=locked,
            recommendation=recommendation,
            **{k: fields.get(k) or ("" if k != "target_date" else None) for k in ACTION_FIELDS},
        )
        if locked.state == State.MONITORING:
            action.last_updated_at = timezone.now()
        action._history_user = by  # type: ignore[attr-defined]
        action.save()
        permissions.grant_owner_access(action)
        audit.record(
            case=locked.case,
            code="action.added",
            by=by,
            stage=Stage.ACTION_PLAN,
            to_state=action.state,
            subject=_subject(action),
            subject_id=action.public_id,
            data={"target_date": action.target_date.isoformat()},
        )
    return action


def change_action(*, action: Action, by: AbstractBaseUser, version: int, **fields: Any) -> Action:
    """Change an action's details (owner, lead, measure, target); refused over someone else's newer save."""
    with transaction.atomic():
        locked = _locked(Action, action)
        if locked.version != version:
            raise StaleEdit(locked)
        if locked.plan.state == State.CLOSED:
            raise TransitionRefused(PLAN_NOT_OPEN)
        if locked.is_finished:
            raise TransitionRefused(ACTION_FINISHED.format(state=locked.get_state_display().lower()))
        # A target already in the past may stay; a new one may not be.
        new_target = fields.get("target_date") != locked.target_date
        _check_action_fields(locked.plan, fields, new=new_target)
        changed = {k: str(fields.get(k)) for k in ACTION_FIELDS if fields.get(k) != getattr(locked, k)}
        owner_changed = fields["owner_agency"].pk != locked.owner_agency_id
        for name in ACTION_FIELDS:
            setattr(locked, name, fields.get(name) or ("" if name != "target_date" else None))
        locked.version += 1
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=[*ACTION_FIELDS, "version"])
        if owner_changed:
            permissions.revoke_all(locked)
            permissions.grant_owner_access(locked)
        audit.record(
            case=locked.plan.case,
            code="action.changed",
            by=by,
            stage=Stage.ACTION_PLAN,
            subject=_subject(locked),
            subject_id=locked.public_id,
            data={"changed": sorted(changed)},
        )
    return locked


# --- Actions: progress (the owner agency or the office) ------------------------------------------------


def _monitored(locked: Action) -> None:
    if locked.plan.state != State.MONITORING:
        raise TransitionRefused(PLAN_NOT_MONITORED)


def record_progress(
    *, action: Action, by: AbstractBaseUser, version: int, rag: str, text: str, impact_evidence: str = ""
) -> Action:
    """A progress update with its RAG rating; the first one moves the action into progress."""
    if not text.strip():
        raise TransitionRefused(NO_PROGRESS_TEXT)
    if rag not in Action.Rag.values:
        raise TransitionRefused(NO_RAG)
    with transaction.atomic():
        locked = _locked(Action, action)
        if locked.version != version:
            raise StaleEdit(locked)
        _monitored(locked)
        if locked.is_finished:
            raise TransitionRefused(ACTION_FINISHED.format(state=locked.get_state_display().lower()))
        locked.rag, locked.last_updated_at = rag, timezone.now()
        if impact_evidence.strip():
            locked.impact_evidence = impact_evidence.strip()
        locked.version += 1
        fields = ("rag", "last_updated_at", "impact_evidence", "version")
        if locked.state == ActionState.OPEN:
            move(locked, to=ActionState.IN_PROGRESS, by=by, code="action.started", also_update=fields)
        else:
            locked._history_user = by  # type: ignore[attr-defined]
            locked.save(update_fields=list(fields))
        ProgressUpdate.unscoped.create(
            partnership_id=locked.partnership_id, action=locked, rag=rag, text=text.strip(), by=by
        )
        audit.record(
            case=locked.plan.case,
            code="action.progress_updated",
            by=by,
            stage=Stage.ACTION_PLAN,
            reason=text.strip(),
            subject=_subject(locked),
            subject_id=locked.public_id,
            data={"rag": rag},
        )
    return locked


def complete_action(
    *, action: Action, by: AbstractBaseUser, version: int, impact_evidence: str, text: str = ""
) -> Action:
    """Mark the action completed; the evidence of its impact is required (Document 19's last column)."""
    evidence = impact_evidence.strip()
    with transaction.atomic():
        locked = _locked(Action, action)
        if locked.version != version:
            raise StaleEdit(locked)
        _monitored(locked)
        evidence = evidence or locked.impact_evidence.strip()
        if not evidence:
            raise TransitionRefused(NO_EVIDENCE)
        now = timezone.now()
        locked.impact_evidence, locked.completed_at, locked.last_updated_at = evidence, now, now
        locked.reaudit_due = reaudit_date(locked, completed_on=timezone.localdate(now))
        locked.version += 1
        move(
            locked,
            to=ActionState.COMPLETED,
            by=by,
            code="action.completed",
            reason=evidence,
            also_update=("impact_evidence", "completed_at", "last_updated_at", "reaudit_due", "version"),
        )
        ProgressUpdate.unscoped.create(
            partnership_id=locked.partnership_id,
            action=locked,
            kind=ProgressUpdate.Kind.COMPLETED,
            text=text.strip() or evidence,
            by=by,
        )
    return locked


def reaudit_date(action: Action, *, completed_on: date) -> date | None:
    """When the framework's `action_reaudit` falls after completion (None when it sets none)."""
    partnership = action.partnership
    projection = project(
        timescale=partnership.framework.timescale("action_reaudit"),
        origin=completed_on,
        calendar=partnership.working_calendar(),
        origin_label="action completed",
    )
    return timezone.localtime(projection.due).date() if projection.due else None


def close_action(*, action: Action, by: AbstractBaseUser, reason: str) -> Action:
    """Formally close an action that will not be completed (superseded, no longer relevant), with the reason."""
    if not reason.strip():
        raise TransitionRefused(NO_CLOSE_REASON)
    with transaction.atomic():
        locked = _locked(Action, action)
        _monitored(locked)
        now = timezone.now()
        locked.closed_reason, locked.closed_at, locked.last_updated_at = reason.strip(), now, now
        locked.version += 1
        move(
            locked,
            to=ActionState.CLOSED,
            by=by,
            code="action.closed",
            reason=reason,
            also_update=("closed_reason", "closed_at", "last_updated_at", "version"),
        )
        ProgressUpdate.unscoped.create(
            partnership_id=locked.partnership_id,
            action=locked,
            kind=ProgressUpdate.Kind.CLOSED,
            text=reason.strip(),
            by=by,
        )
    return locked


def reopen_action(*, action: Action, by: AbstractBaseUser, reason: str) -> Action:
    """The monitoring group sends a finished action back (evidence wanting, or not sustained)."""
    if not reason.strip():
        raise TransitionRefused(NO_REOPEN_REASON)
    with transaction.atomic():
        locked = _locked(Action, action)
        _monitored(locked)
        locked.completed_at = locked.closed_at = None
        locked.closed_reason = ""
        locked.last_updated_at = timezone.now()
        locked.version += 1
        move(
            locked,
            to=ActionState.IN_PROGRESS,
            by=by,
            code="action.reopened",
            reason=reason,
            also_update=("completed_at", "closed_at", "closed_reason", "last_updated_at", "version"),
        )
        ProgressUpdate.unscoped.create(
            partnership_id=locked.partnership_id,
            action=locked,
            kind=ProgressUpdate.Kind.REOPENED,
            text=reason.strip(),
            by=by,
        )
    return locked


def record_reaudit(
    *, action: Action, by: AbstractBaseUser, sustained: bool | None, finding: str, next_due: date | None
) -> Action:
    """A re-audit of a completed action: is the improvement sustained (West Midlands §11.4.1)?"""
    if not finding.strip():
        raise TransitionRefused(NO_REAUDIT_FINDING)
    if sustained is None:
        raise TransitionRefused(NO_SUSTAINED)
    with transaction.atomic():
        locked = _locked(Action, action)
        if locked.state != ActionState.COMPLETED:
            raise TransitionRefused(NOT_COMPLETED)
        locked.reaudit_due = next_due
        locked.version += 1
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["reaudit_due", "version"])
        ProgressUpdate.unscoped.create(
            partnership_id=locked.partnership_id,
            action=locked,
            kind=ProgressUpdate.Kind.REAUDIT,
            text=finding.strip(),
            sustained=sustained,
            by=by,
        )
        audit.record(
            case=locked.plan.case,
            code="action.reaudited",
            by=by,
            stage=Stage.ACTION_PLAN,
            reason=finding.strip(),
            subject=_subject(locked),
            subject_id=locked.public_id,
            data={"sustained": sustained, "next_due": next_due.isoformat() if next_due else None},
        )
    return locked
