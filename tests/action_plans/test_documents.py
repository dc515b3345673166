"""The action plan as Document 19, learning briefings in each procedure's shape, read back from the PDF."""

from __future__ import annotations

import pytest

from action_plans import briefings, documents, workflow
from cspr.documents import pdf_text
from tests.action_plans.factories import ActionPlanFactory, LearningBriefingFactory, action_of, office
from tests.factories import AgencyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_the_west_midlands_plan_is_document_19(partnership_a, agency_a, other_agency_a, unscoped):
    plan = ActionPlanFactory(
        partnership=partnership_a, agency=agency_a, other_agency=other_agency_a, monitoring=True
    )
    by = office(partnership_a)
    first = action_of(plan, agency_a)
    first = workflow.record_progress(
        action=first, by=by, version=first.version, rag="red", text="Training postponed"
    )
    second = action_of(plan, other_agency_a)
    workflow.complete_action(
        action=second, by=by, version=second.version, impact_evidence="Audit: 19 of 20 cases"
    )
    name, pdf = documents.action_plan_pdf(plan)
    text = flat(pdf)
    assert name == f"{plan.case.reference}-sample-action-plan-template.pdf"
    assert "Document 19 Sample Action Plan Template" in text
    for column in [
        "Recommendation",
        "Agreed Actions",
        "Responsible Person",
        "Timescale",
        "Actions Taken",
        "Evidence of impact / outcome",
    ]:
        assert column in text
    assert "Share missed health appointments with the social worker" in text
    assert "Pat Lead" in text and "Training postponed" in text and "Red" in text
    assert "Audit: 19 of 20 cases" in text and "Completed" in text
    assert "OFFICIAL-SENSITIVE" in text


def test_a_procedure_without_its_own_template_gets_a_plain_action_plan(unscoped):
    llr = PartnershipFactory(slug="leics", procedure="llr")
    plan = ActionPlanFactory(partnership=llr, agency=AgencyFactory(partnership=llr))
    _, pdf = documents.action_plan_pdf(plan)
    assert "Action plan" in flat(pdf) and "Document 19" not in flat(pdf)


@pytest.mark.parametrize(
    ("procedure", "title", "steps"),
    [
        ("northamptonshire", "6 step learning briefing", ["1. The case in brief", "6. What happens next"]),
        (
            "lewisham",
            "Lewisham Learning Loop",
            ["Immediate learning already acted on", "How MESI will monitor progress"],
        ),
        (
            "west-midlands",
            "Learning briefing",
            ["Lessons learned", "Questions for team meetings and supervision"],
        ),
    ],
)
def test_briefings_follow_the_procedures_template(procedure, title, steps, unscoped):
    partnership = PartnershipFactory(slug=f"b-{procedure}", procedure=procedure)
    briefing = LearningBriefingFactory(partnership=partnership, final=True)
    assert briefing.title == f"{title}: Child A"
    assert [s["heading"] for s in briefing.steps] == partnership.option("learning_briefing_steps")
    _, pdf = documents.briefing_pdf(briefing)
    text = flat(pdf)
    assert title in text
    for step in steps:
        assert step in text
    # The report's own words: its summary opens the briefing.
    assert "information about missed appointments did not reach the social worker" in text


def test_the_public_copy_is_marked_official_without_the_case_reference(partnership_a, unscoped):
    briefing = LearningBriefingFactory(partnership=partnership_a, final=True)
    _, pdf = documents.briefing_pdf(briefing, marking=briefings.PUBLIC_MARKING)
    text = flat(pdf)
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    assert briefing.case.reference not in text
