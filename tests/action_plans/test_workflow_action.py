"""An action's transitions: open → in progress → completed (evidence required) or closed (reason required)."""

from __future__ import annotations

from datetime import date

import pytest

from action_plans import workflow
from action_plans.models import Action, ProgressUpdate
from cspr.models import CaseEvent
from cspr.workflow import TransitionRefused
from tests.action_plans.factories import ActionPlanFactory, action_fields, action_of

pytestmark = pytest.mark.django_db
S = Action.State


@pytest.fixture
def plan(partnership_a, agency_a, other_agency_a, unscoped):
    return ActionPlanFactory(
        partnership=partnership_a, agency=agency_a, other_agency=other_agency_a, monitoring=True
    )


@pytest.fixture
def action(plan, agency_a):
    return action_of(plan, agency_a)


def test_every_action_transition_has_its_function():
    functions = {
        (S.OPEN, S.IN_PROGRESS): workflow.record_progress,
        (S.OPEN, S.COMPLETED): workflow.complete_action,
        (S.OPEN, S.CLOSED): workflow.close_action,
        (S.IN_PROGRESS, S.COMPLETED): workflow.complete_action,
        (S.IN_PROGRESS, S.CLOSED): workflow.close_action,
        (S.COMPLETED, S.IN_PROGRESS): workflow.reopen_action,
        (S.CLOSED, S.IN_PROGRESS): workflow.reopen_action,
    }
    assert {(a, b) for a, targets in workflow.ACTION_TRANSITIONS.items() for b in targets} == set(functions)


def test_the_first_update_moves_the_action_into_progress(action, agency_contact_a):
    updated = workflow.record_progress(
        action=action, by=agency_contact_a, version=action.version, rag="amber", text="Two teams briefed"
    )
    assert (updated.state, updated.rag, updated.version) == (S.IN_PROGRESS, "amber", action.version + 1)
    again = workflow.record_progress(
        action=updated, by=agency_contact_a, version=updated.version, rag="green", text="All teams briefed"
    )
    assert again.state == S.IN_PROGRESS and again.rag == "green"
    assert [u.rag for u in ProgressUpdate.unscoped.filter(action=action)] == ["amber", "green"]
    codes = list(CaseEvent.unscoped.filter(subject_id=action.public_id).values_list("code", flat=True))
    assert codes == ["action.added", "action.started", "action.progress_updated", "action.progress_updated"]


def test_an_update_needs_a_rating_and_words(action, bo_a):
    with pytest.raises(TransitionRefused, match=workflow.NO_RAG):
        workflow.record_progress(action=action, by=bo_a, version=action.version, rag="", text="Done a bit")
    with pytest.raises(TransitionRefused, match=workflow.NO_PROGRESS_TEXT):
        workflow.record_progress(action=action, by=bo_a, version=action.version, rag="red", text=" ")


def test_completing_needs_evidence_of_impact(action, bo_a):
    with pytest.raises(TransitionRefused, match="Describe the evidence of impact"):
        workflow.complete_action(action=action, by=bo_a, version=action.version, impact_evidence="  ")
    action.refresh_from_db()
    assert action.state == S.OPEN
    done = workflow.complete_action(
        action=action, by=bo_a, version=action.version, impact_evidence="Audit: 19 of 20"
    )
    assert done.state == S.COMPLETED and done.completed_at is not None
    # West Midlands: the re-audit falls 6 months after completion (registry default, action_reaudit).
    assert done.reaudit_due == date(2027, 6, 1)


def test_closing_needs_a_reason_and_reopening_too(action, bo_a):
    with pytest.raises(TransitionRefused, match=workflow.NO_CLOSE_REASON):
        workflow.close_action(action=action, by=bo_a, reason="")
    closed = workflow.close_action(action=action, by=bo_a, reason="Superseded")
    assert closed.state == S.CLOSED and closed.closed_reason == "Superseded"
    with pytest.raises(TransitionRefused, match=workflow.NO_REOPEN_REASON):
        workflow.reopen_action(action=closed, by=bo_a, reason="")
    reopened = workflow.reopen_action(action=closed, by=bo_a, reason="Still needed")
    assert reopened.state == S.IN_PROGRESS and reopened.closed_reason == ""


def test_a_finished_action_takes_no_updates(action, bo_a):
    done = workflow.complete_action(action=action, by=bo_a, version=action.version, impact_evidence="Audit")
    with pytest.raises(TransitionRefused, match="This action is completed"):
        workflow.record_progress(action=done, by=bo_a, version=done.version, rag="green", text="More")
    with pytest.raises(TransitionRefused, match="while the action is completed"):
        workflow.close_action(action=done, by=bo_a, reason="Why not")


def test_progress_waits_for_monitoring(partnership_a, agency_a, bo_a, unscoped):
    agreed = ActionPlanFactory(partnership=partnership_a, agency=agency_a, agreed=True)
    action = action_of(agreed, agency_a)
    with pytest.raises(TransitionRefused, match=workflow.PLAN_NOT_MONITORED):
        workflow.record_progress(action=action, by=bo_a, version=action.version, rag="green", text="Early")


def test_a_stale_save_is_refused_and_theirs_kept(action, bo_a, agency_contact_a):
    opened = action.version
    workflow.record_progress(action=action, by=agency_contact_a, version=opened, rag="red", text="Stuck")
    with pytest.raises(workflow.StaleEdit) as stale:
        workflow.change_action(
            action=action, by=bo_a, version=opened, **action_fields(action.owner_agency, lead_name="Sam New")
        )
    assert stale.value.current.rag == "red"
    action.refresh_from_db()
    assert action.lead_name == "Pat Lead"


def test_adding_an_action_without_owner_or_date_is_refused(plan, bo_a):
    recommendation = plan.review.recommendations.first()
    with pytest.raises(TransitionRefused, match=workflow.NO_OWNER):
        workflow.add_action(plan=plan, recommendation=recommendation, by=bo_a, **action_fields(None))
    with pytest.raises(TransitionRefused, match=workflow.NO_TARGET):
        workflow.add_action(
            plan=plan,
            recommendation=recommendation,
            by=bo_a,
            **action_fields(plan.actions.first().owner_agency, target_date=None),
        )
    assert plan.actions.count() == 2


def test_changing_the_owner_moves_the_grant(action, other_agency_a, agency_contact_a, other_contact_a, bo_a):
    from action_plans.permissions import UPDATE

    workflow.change_action(action=action, by=bo_a, version=action.version, **action_fields(other_agency_a))
    action.refresh_from_db()
    assert other_contact_a.has_perm(UPDATE, action)
    assert not type(agency_contact_a).objects.get(pk=agency_contact_a.pk).has_perm(UPDATE, action)


def test_reaudit_of_a_completed_action(action, bo_a):
    done = workflow.complete_action(action=action, by=bo_a, version=action.version, impact_evidence="Audit")
    with pytest.raises(TransitionRefused, match=workflow.NO_SUSTAINED):
        workflow.record_reaudit(action=done, by=bo_a, sustained=None, finding="Looked again", next_due=None)
    audited = workflow.record_reaudit(
        action=done, by=bo_a, sustained=True, finding="Still 19 of 20", next_due=date(2027, 12, 1)
    )
    assert audited.reaudit_due == date(2027, 12, 1)
    assert ProgressUpdate.unscoped.filter(action=action, kind="reaudit", sustained=True).exists()
