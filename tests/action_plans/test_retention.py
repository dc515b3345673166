"""Retention of the action plan (action_plans/retention.py): named leads, evidence and its files, and an
unpublished briefing's text go; the agreed actions and a published briefing stay."""

from __future__ import annotations

import pytest

from action_plans import briefings
from action_plans.models import Action, ActionEvidence, ActionPlan, LearningBriefing, ProgressUpdate
from cspr.tenancy import scopes_disabled
from tests.action_plans.factories import (
    ActionEvidenceFactory,
    ActionPlanFactory,
    LearningBriefingFactory,
    action_of,
    office,
)
from tests.factories import AgencyFactory, closed
from tests.retention import ANONYMISED, counts_of, is_stored, run_retention

pytestmark = pytest.mark.django_db


def closed_plan(partnership) -> ActionPlan:
    """A closed plan (two completed actions with evidence of impact, a file of evidence), a draft learning
    briefing and a published one, for a closed case."""
    agency = AgencyFactory(partnership=partnership)
    plan = ActionPlanFactory(partnership=partnership, agency=agency, closed=True)
    ActionEvidenceFactory(action=action_of(plan, agency))
    LearningBriefingFactory(partnership=partnership, review=plan.review)
    LearningBriefingFactory(partnership=partnership, review=plan.review, published=True)
    closed(plan.case)
    return plan


def held(plan: ActionPlan) -> dict:
    with scopes_disabled():
        evidence = ActionEvidence.unscoped.filter(action__plan=plan)
        briefings = LearningBriefing.unscoped.filter(case=plan.case).order_by("pk")
        return {
            "actions": sorted(
                Action.unscoped.filter(plan=plan).values_list(
                    "description", "lead_name", "lead_email", "impact_evidence"
                )
            ),
            "action history": set(Action.history.filter(plan_id=plan.pk).values_list("lead_name", flat=True)),
            "updates": sorted(
                ProgressUpdate.unscoped.filter(action__plan=plan).values_list("text", flat=True)
            ),
            "evidence": [e.file.name for e in evidence],
            "evidence stored": [is_stored(e.file.name) for e in evidence],
            "briefings": [(b.state, [s["body"] for s in b.steps], b.published_pdf.name) for b in briefings],
        }


def test_an_action_plan_past_retention_is_anonymised(
    partnership_a, partnership_b, django_capture_on_commit_callbacks
):
    plan, plan_b = closed_plan(partnership_a), closed_plan(partnership_b)
    before, before_b = held(plan), held(plan_b)
    assert before["evidence stored"] == [True]
    (draft, published) = before["briefings"]

    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a)

    after = held(plan)
    assert {(lead, email, evidence) for _, lead, email, evidence in after["actions"]} == {
        (ANONYMISED, "", ANONYMISED)
    }
    assert [a[0] for a in after["actions"]] == [a[0] for a in before["actions"]]  # the agreed actions stay
    assert after["action history"] <= {ANONYMISED}
    assert set(after["updates"]) == {ANONYMISED}
    assert after["evidence"] == [] and not is_stored(before["evidence"][0])
    (draft_after, published_after) = after["briefings"]
    assert set(draft_after[1]) <= {ANONYMISED, ""}
    assert published_after == published and is_stored(published[2])  # a published briefing is public
    with scopes_disabled():
        counts = counts_of(run)
    assert counts["actions"] == 2 and counts["progress updates"] == len(before["updates"])
    assert counts["action evidence files"] == 1 and counts["learning briefings"] == 1
    assert held(plan_b) == before_b


def test_a_dry_run_changes_nothing(partnership_a, django_capture_on_commit_callbacks):
    plan = closed_plan(partnership_a)
    before = held(plan)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a, dry_run=True)
    assert held(plan) == before
    with scopes_disabled():
        assert counts_of(run)["action evidence files"] == 1


def test_deleting_removes_the_progress_notes(partnership_a, django_capture_on_commit_callbacks):
    partnership_a.option_overrides = {"retention_action": "delete"}
    partnership_a.save()
    plan = closed_plan(partnership_a)
    before = held(plan)
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a)
    after = held(plan)
    assert after["updates"] == [] and after["evidence"] == [] and not is_stored(before["evidence"][0])
    assert len(after["actions"]) == 2


def test_a_briefing_published_again_keeps_only_its_public_pdf(
    partnership_a, django_capture_on_commit_callbacks
):
    """Withdrawn, then published again: the PDF taken down (named only by the history) goes at retention;
    the one on the public page stays."""
    plan = closed_plan(partnership_a)
    with scopes_disabled():
        briefing = LearningBriefing.unscoped.get(case=plan.case, state=LearningBriefing.State.PUBLISHED)
        by = office(partnership_a)
        taken_down = briefing.published_pdf.name
        briefing = briefings.withdraw(briefing=briefing, by=by, reason="It named the child's school")
        briefing = briefings.publish(briefing=briefing, by=by)
    public = briefing.published_pdf.name
    assert public != taken_down and is_stored(taken_down) and is_stored(public)

    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a)

    assert not is_stored(taken_down) and is_stored(public)
    with scopes_disabled():
        assert counts_of(run)["superseded briefing PDFs"] == 1
        names = set(LearningBriefing.history.filter(id=briefing.pk).values_list("published_pdf", flat=True))
    assert taken_down not in names and public in names
