"""Bad input gets a clear message on the page, and nothing typed is lost."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from action_plans.models import Action, ActionEvidence, ProgressUpdate
from cspr.tenancy import scopes_disabled
from tests.action_plans.factories import ActionPlanFactory, action_of

pytestmark = pytest.mark.django_db


def test_an_action_without_owner_or_date(client, partnership_a, agency_a, bo_a):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a)
    with scopes_disabled():
        recommendation = plan.review.recommendations.first()
    client.force_login(bo_a)
    url = reverse("action_plans:add_action", args=[partnership_a.slug, plan.public_id])
    response = client.post(
        url,
        {
            "recommendation": str(recommendation.public_id),
            "description": "Audit 20 strategy discussions for the voice of the child",
            "owner_agency": "",
            "lead_name": "Kim Lead",
            "measure": "18 of 20 record the child's words",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the agency that owns the action" in page and "Enter the target date" in page
    assert "Audit 20 strategy discussions for the voice of the child" in page and "Kim Lead" in page
    with scopes_disabled():
        assert Action.unscoped.filter(plan=plan).count() == 2


def test_a_target_date_in_the_past(client, partnership_a, agency_a, bo_a):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a)
    with scopes_disabled():
        recommendation = plan.review.recommendations.first()
    client.force_login(bo_a)
    response = client.post(
        reverse("action_plans:add_action", args=[partnership_a.slug, plan.public_id]),
        {
            "recommendation": str(recommendation.public_id),
            "description": "Refresh safe sleep training",
            "owner_agency": str(agency_a.public_id),
            "lead_name": "Kim Lead",
            "measure": "All health visitors trained",
            "target_date_0": "2",
            "target_date_1": "11",
            "target_date_2": "2026",
        },
    )
    page = response.content.decode()
    assert "The target date must be today or in the future." in page and "Refresh safe sleep training" in page


def test_evidence_of_the_wrong_type(client, partnership_a, agency_a, agency_contact_a):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    action = action_of(plan, agency_a)
    client.force_login(agency_contact_a)
    fake = SimpleUploadedFile(
        "audit.pdf", b"MZ\x90\x00 this is a program, not a PDF" * 20, content_type="application/pdf"
    )
    response = client.post(
        reverse("action_plans:action", args=[partnership_a.slug, action.public_id]),
        {
            "version": action.version,
            "rag": "green",
            "text": "Audit done: 19 of 20",
            "evidence_file": fake,
            "action": "update",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The selected file must be a PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG" in page
    assert "Audit done: 19 of 20" in page
    with scopes_disabled():
        assert not ProgressUpdate.unscoped.filter(action=action).exists()
        assert not ActionEvidence.unscoped.filter(action=action).exists()


def test_completing_without_evidence(client, partnership_a, agency_a, agency_contact_a):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    action = action_of(plan, agency_a)
    client.force_login(agency_contact_a)
    response = client.post(
        reverse("action_plans:action", args=[partnership_a.slug, action.public_id]),
        {"version": action.version, "text": "All teams briefed", "impact_evidence": "", "action": "complete"},
    )
    page = response.content.decode()
    assert "Describe the evidence of impact before marking the action completed" in page
    assert "All teams briefed" in page
    action.refresh_from_db()
    assert action.state == Action.State.OPEN


def test_a_save_over_someone_elses_shows_both_and_keeps_mine(
    client, partnership_a, agency_a, agency_contact_a, bo_a
):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    action = action_of(plan, agency_a)
    opened = action.version
    client.force_login(bo_a)
    client.post(
        reverse("action_plans:action", args=[partnership_a.slug, action.public_id]),
        {"version": opened, "rag": "red", "text": "Office: stalled", "action": "update"},
    )
    client.force_login(agency_contact_a)
    response = client.post(
        reverse("action_plans:action", args=[partnership_a.slug, action.public_id]),
        {"version": opened, "rag": "green", "text": "Agency: on track", "action": "update"},
    )
    page = response.content.decode()
    assert "Someone else saved changes since you opened this page" in page
    assert "Agency: on track" in page and "Red: off track" in page
    with scopes_disabled():
        assert list(ProgressUpdate.unscoped.filter(action=action).values_list("text", flat=True)) == [
            "Office: stalled"
        ]
