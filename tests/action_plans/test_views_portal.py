"""Who sees which action: the owner agency's contacts update their own; another agency, another
partnership and anyone without a grant get 404; the office and the review group see the whole plan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import ProgressUpdate
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.action_plans.factories import ActionEvidenceFactory, ActionPlanFactory, action_of
from tests.conftest import streamed
from tests.factories import MembershipFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(partnership_a, agency_a, other_agency_a, agency_contact_a, other_contact_a):
    return ActionPlanFactory(
        partnership=partnership_a, agency=agency_a, other_agency=other_agency_a, monitoring=True
    )


def action_url(action):
    return reverse("action_plans:action", args=[action.partnership.slug, action.public_id])


def test_the_owner_agency_updates_its_action(client, plan, agency_a, agency_contact_a):
    action = action_of(plan, agency_a)
    client.force_login(agency_contact_a)
    assert client.get(action_url(action)).status_code == 200
    response = client.post(
        action_url(action),
        {"version": action.version, "rag": "amber", "text": "Two of three teams briefed", "action": "update"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert ProgressUpdate.unscoped.get(action=action).text == "Two of three teams briefed"


def test_another_agency_gets_404(client, plan, agency_a, other_contact_a):
    action = action_of(plan, agency_a)
    client.force_login(other_contact_a)
    assert client.get(action_url(action)).status_code == 404
    response = client.post(
        action_url(action), {"version": action.version, "rag": "red", "text": "Not ours", "action": "update"}
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert not ProgressUpdate.unscoped.filter(action=action).exists()


def test_another_partnership_gets_404(client, plan, agency_a, partnership_b, contact_b, bo_b):
    action = action_of(plan, agency_a)
    for user in (contact_b, bo_b):
        client.force_login(user)
        assert client.get(action_url(action)).status_code == 404
        other_slug = reverse("action_plans:action", args=[partnership_b.slug, action.public_id])
        assert client.get(other_slug).status_code == 404


def test_agencies_do_not_see_a_plan_before_it_is_sent(client, partnership_a, agency_a, agency_contact_a):
    agreed = ActionPlanFactory(partnership=partnership_a, agency=agency_a, agreed=True)
    client.force_login(agency_contact_a)
    assert client.get(action_url(action_of(agreed, agency_a))).status_code == 404


def test_the_office_and_the_review_group_see_the_whole_plan(client, plan, agency_a, bo_a, chair_a, reader_a):
    plan_url = reverse("action_plans:detail", args=[plan.partnership.slug, plan.public_id])
    for user in (bo_a, chair_a, reader_a):
        client.force_login(user)
        page = client.get(plan_url)
        assert page.status_code == 200
        assert (
            "Alpha Hospital NHS Trust" in page.content.decode()
            and "Alpha Academy Trust" in page.content.decode()
        )
        assert client.get(action_url(action_of(plan, agency_a))).status_code == 200
    client.force_login(reader_a)
    assert (
        client.get(
            reverse("action_plans:add_action", args=[plan.partnership.slug, plan.public_id])
        ).status_code
        == 403
    )
    assert client.post(action_url(action_of(plan, agency_a)), {"rag": "red"}).status_code == 404  # read-only


def test_evidence_downloads_only_for_its_agency_and_the_office(
    client, plan, agency_a, agency_contact_a, other_contact_a, bo_a
):
    evidence = ActionEvidenceFactory(action=action_of(plan, agency_a))
    url = reverse("action_plans:evidence", args=[plan.partnership.slug, evidence.public_id])
    client.force_login(agency_contact_a)
    response = client.get(url)
    assert response.status_code == 200 and streamed(response).startswith(b"%PDF")
    client.force_login(bo_a)
    response = client.get(url)
    assert response.status_code == 200 and streamed(response)
    client.force_login(other_contact_a)
    assert client.get(url).status_code == 404


def test_the_portal_lists_only_the_agencys_actions_across_partnerships(
    client, plan, agency_a, partnership_b, agency_b, agency_contact_a, django_capture_on_commit_callbacks
):
    MembershipFactory(
        user=agency_contact_a, partnership=partnership_b, role=Role.AGENCY_CONTACT, agency=agency_b
    )
    plan_b = ActionPlanFactory(partnership=partnership_b, agency=agency_b, monitoring=True)
    ours_a, ours_b = action_of(plan, agency_a), action_of(plan_b, agency_b)
    client.force_login(agency_contact_a)
    home = client.get(reverse("portal:home")).content.decode()
    listing = client.get(reverse("portal:actions")).content.decode()
    for page in (home, listing):
        assert str(ours_a.public_id) in page and str(ours_b.public_id) in page
        assert "Alpha Academy Trust to brief" not in page  # the other agency's action
    assert "Your agency&#x27;s actions" in home or "Your agency's actions" in home


def test_the_portal_home_costs_the_same_queries_for_more_actions(
    client, partnership_a, agency_a, agency_contact_a
):
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    client.force_login(agency_contact_a)
    client.get(reverse("portal:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:home"))
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("portal:home"))
    assert len(three) == len(one)


def test_a_lapsed_membership_opens_nothing(client, plan, agency_a, agency_contact_a, partnership_a):
    with scopes_disabled():
        agency_contact_a.memberships.update(is_active=False)
    member(partnership_a, Role.REVIEWER, username="now_a_reviewer")
    client.force_login(agency_contact_a)
    assert client.get(action_url(action_of(plan, agency_a))).status_code == 404
