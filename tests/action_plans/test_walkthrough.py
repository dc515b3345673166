"""For each seed procedure: an approved report's action plan to closure and a learning briefing to the
public page, through the real views as the real roles (business office, chair, two agency contacts)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from action_plans.models import Action, ActionPlan, LearningBriefing
from cspr.documents import pdf_text
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.action_plans.factories import PDF_BYTES, approved_review
from tests.factories import AgencyFactory, PartnershipFactory, member

pytestmark = pytest.mark.django_db

PROCEDURES = {
    # procedure: (action plan title, learning briefing title, a step heading, re-audit after completion)
    "west-midlands": (
        "Document 19 Sample Action Plan Template",
        "Learning briefing",
        "Lessons learned",
        date(2027, 6, 1),
    ),
    "llr": ("Action plan", "Learning briefing", "Lessons learned", date(2027, 6, 1)),
    "cambridgeshire-peterborough": ("Action plan", "Learning briefing", "Lessons learned", date(2027, 6, 1)),
    "northamptonshire": (
        "Action plan",
        "6 step learning briefing",
        "3. What the review found",
        date(2027, 3, 1),
    ),
    "lewisham": (
        "Multi-Agency Action Plan",
        "Lewisham Learning Loop",
        "How MESI will monitor progress",
        date(2027, 6, 1),
    ),
}


def ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:2000]
    return response


@pytest.mark.parametrize("procedure", list(PROCEDURES))
def test_action_plan_and_briefing_walkthrough(client, procedure, django_capture_on_commit_callbacks):
    plan_title, briefing_title, step, reaudit = PROCEDURES[procedure]
    partnership = PartnershipFactory(slug=f"walk-{procedure}", procedure=procedure)
    hospital = AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    school = AgencyFactory(partnership=partnership, name="City Academy Trust")
    bo = member(partnership, Role.BUSINESS_OFFICE)
    chair = member(partnership, Role.CHAIR)
    nurse = member(partnership, Role.AGENCY_CONTACT, agency=hospital)
    teacher = member(partnership, Role.AGENCY_CONTACT, agency=school)
    review = approved_review(partnership)
    slug = partnership.slug

    # The business office starts the plan and adds one action per recommendation.
    client.force_login(bo)
    ok(
        client.post(
            reverse("action_plans:start", args=[slug, review.public_id]),
            {"monitored_by": "Case review group"},
        )
    )
    with scopes_disabled():
        plan = ActionPlan.unscoped.get(review=review)
        recommendations = list(review.recommendations.order_by("number"))
    add = reverse("action_plans:add_action", args=[slug, plan.public_id])
    for recommendation, agency, lead in [
        (recommendations[0], hospital, "Nina Nurse"),
        (recommendations[1], school, "Tom Teacher"),
    ]:
        ok(
            client.post(
                add,
                {
                    "recommendation": str(recommendation.public_id),
                    "description": f"{agency.name}: brief every team on recommendation {recommendation.number}",
                    "owner_agency": str(agency.public_id),
                    "lead_name": lead,
                    "lead_email": f"{lead.split()[0].lower()}@example.org",
                    "measure": "An audit of 20 cases shows it in at least 18",
                    "target_date_0": "31",
                    "target_date_1": "3",
                    "target_date_2": "2027",
                    "theme": "information_sharing",
                },
            )
        )

    # The chair records the plan as agreed; the office sends it to the agencies.
    client.force_login(chair)
    ok(
        client.post(
            reverse("action_plans:agree", args=[slug, plan.public_id]),
            {
                "agreed_by": "The three safeguarding partners",
                "agreed_on_0": "1",
                "agreed_on_1": "12",
                "agreed_on_2": "2026",
            },
        )
    )
    client.force_login(bo)
    with django_capture_on_commit_callbacks(execute=True):
        ok(client.post(reverse("action_plans:monitor", args=[slug, plan.public_id])))
    told = {address for message in mail.outbox for address in message.to}
    assert {nurse.email, teacher.email} <= told

    with scopes_disabled():
        nurse_action = Action.unscoped.get(plan=plan, owner_agency=hospital)
        teacher_action = Action.unscoped.get(plan=plan, owner_agency=school)
    nurse_url = reverse("action_plans:action", args=[slug, nurse_action.public_id])
    teacher_url = reverse("action_plans:action", args=[slug, teacher_action.public_id])

    # Each agency sees its own action in the portal, and only its own.
    client.force_login(nurse)
    portal = client.get(reverse("portal:home")).content.decode()
    assert str(nurse_action.public_id) in portal and str(teacher_action.public_id) not in portal
    assert client.get(teacher_url).status_code == 404
    ok(
        client.post(
            nurse_url,
            {"version": 1, "rag": "amber", "text": "Two of three wards briefed", "action": "update"},
        )
    )
    evidence = SimpleUploadedFile("ward-audit.pdf", PDF_BYTES, content_type="application/pdf")
    ok(
        client.post(
            nurse_url,
            {
                "version": 2,
                "text": "All wards briefed",
                "impact_evidence": "Audit of 20 cases: 19 share missed appointments within a day",
                "evidence_file": evidence,
                "action": "complete",
            },
        )
    )

    # The plan cannot close while the school's action is open; the page names it.
    client.force_login(bo)
    blocked = ok(
        client.post(reverse("action_plans:close", args=[slug, plan.public_id])), status=200
    ).content.decode()
    assert "The plan cannot close yet. 1 action is still open" in blocked and "City Academy Trust" in blocked

    client.force_login(teacher)
    assert client.get(nurse_url).status_code == 404
    ok(
        client.post(
            teacher_url,
            {
                "version": 1,
                "text": "Assemblies held",
                "impact_evidence": "Every tutor asked; logs show it",
                "action": "complete",
            },
        )
    )

    client.force_login(bo)
    ok(client.post(reverse("action_plans:close", args=[slug, plan.public_id])))
    with scopes_disabled():
        plan.refresh_from_db()
        nurse_action.refresh_from_db()
    assert plan.state == ActionPlan.State.CLOSED
    assert nurse_action.reaudit_due == reaudit  # the procedure's re-audit period after completion
    pdf = client.get(reverse("action_plans:pdf", args=[slug, plan.public_id]))
    text = " ".join(pdf_text(pdf.content).split())
    assert plan_title in text and "Nina Nurse" in text and "ward-audit.pdf" in text and "Completed" in text

    # A learning briefing in the procedure's shape, sent and published.
    ok(client.post(reverse("action_plans:start_briefing", args=[slug, review.public_id])))
    with scopes_disabled():
        briefing = LearningBriefing.unscoped.get(review=review)
    assert briefing.title == f"{briefing_title}: Child A"
    assert step in [s["heading"] for s in briefing.steps]
    page = reverse("action_plans:briefing", args=[slug, briefing.public_id])
    form = {"title": briefing.title, "version": briefing.version}
    form.update(
        {f"step_{i}": f"What {s['heading']} means for practice" for i, s in enumerate(briefing.steps)}
    )
    ok(client.post(page, form))
    ok(client.post(reverse("action_plans:finalise_briefing", args=[slug, briefing.public_id])))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                reverse("action_plans:send_briefing", args=[slug, briefing.public_id]),
                {
                    "audience": "Team managers",
                    "method": "email",
                    "emails": "managers@example.org",
                    "shared_on_0": "1",
                    "shared_on_1": "12",
                    "shared_on_2": "2026",
                },
            )
        )
    assert mail.outbox[0].to == ["managers@example.org"]
    ok(client.post(reverse("action_plans:publish_briefing", args=[slug, briefing.public_id])))
    client.logout()
    with scopes_disabled():
        briefing.refresh_from_db()
    public = client.get(briefing.get_public_url())
    assert public.status_code == 200 and step in pdf_text(b"".join(public.streaming_content))
