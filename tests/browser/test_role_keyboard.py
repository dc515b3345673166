"""Keyboard-only journeys for the roles test_core_journeys does not cover: an agency contact completing a
scoping return, a reviewer, a panel member, the chair and a safeguarding partner each sign in and do their
work with Tab, typing, Space and Enter only, under the app's real Content-Security-Policy (no console errors
allowed)."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from cspr.tenancy import scope, scopes_disabled
from rapid_review.models import ScopingRequest
from rapid_review.views.portal import RETURN_SUBMITTED
from reviews import services
from reviews.models import ReportApproval, ReportComment, Review
from tests.browser.conftest import check_a11y
from tests.browser.demo_data import build_demo_partnership
from tests.browser.test_core_journeys import sign_in_by_keyboard, tab_to


def sign_out_by_keyboard(page: Page) -> None:
    tab_to(page, page.get_by_role("button", name="Sign out"), limit=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_agency_contact_completes_a_scoping_return_by_keyboard(strict_page: Page, live_server):
    page = strict_page
    demo = build_demo_partnership("birmingham", builders=["rapid_review.demo.build"])
    with scopes_disabled():
        agency = demo.partnership.memberships.get(user__username=demo.login("agency")).agency
        request = (
            ScopingRequest.unscoped.filter(agency=agency, state__in=[ScopingRequest.State.SENT])
            .select_related("rapid_review__case")
            .order_by("pk")
            .first()
        )
    assert request is not None, "seed_demo sends the demo agency contact's agency a scoping request"
    reference = request.rapid_review.case.reference

    # From the home page to the agency's requests, and on to the one waiting for a return.
    sign_in_by_keyboard(page, live_server, demo.login("agency"))
    tab_to(page, page.get_by_role("link", name="Your agency's requests"), limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your agency's scoping requests")
    check_a11y(page, "keyboard-agency-requests")
    tab_to(page, page.get_by_role("link", name=reference).first, limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initial scoping and information sharing")
    check_a11y(page, "keyboard-agency-scoping-return")

    # The return, typed field by field; the checkbox ticked with Space; submitted with Enter.
    answers = {
        "completed_by_name": "Dana Nurse",
        "completed_by_title": "Named nurse for safeguarding",
        "completed_by_contact": "0121 496 0000, dana.nurse@example.org",
        "involvement_summary": "Seen in the emergency department on the day of the incident.",
    }
    for name, answer in answers.items():
        tab_to(page, page.locator(f"[name='{name}']"), limit=120)
        page.keyboard.type(answer)
    tab_to(page, page.locator("[name='records_secured']"))
    page.keyboard.press("Space")
    expect(page.locator("[name='records_secured']")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Submit return"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(RETURN_SUBMITTED)
    check_a11y(page, "keyboard-agency-return-submitted")
    with scopes_disabled():
        request.refresh_from_db()
    assert request.state == ScopingRequest.State.SUBMITTED
    assert (request.completed_by_name, request.records_secured) == ("Dana Nurse", True)
    assert request.involvement_summary == answers["involvement_summary"]


def test_review_roles_work_by_keyboard(strict_page: Page, live_server):
    page = strict_page
    demo = build_demo_partnership("birmingham", builders=["reviews.demo.build", "reviews.report_demo.build"])
    partnership = demo.partnership
    with scopes_disabled():
        drafting = Review.unscoped.get(partnership=partnership, state=Review.State.DRAFT_REPORT)
        checking = Review.unscoped.get(partnership=partnership, state=Review.State.FACTUAL_ACCURACY)
        comments_before = ReportComment.unscoped.filter(review=drafting).count()
        office, panel = (
            partnership.memberships.get(user__username=demo.login(r)).user for r in ["bo", "panel"]
        )
    with scope(partnership):  # the panel member sits on the drafting review's team
        services.add_team_member(
            review=drafting, by=office, user=panel, name="Pat Panel", organisation="Panel", represents="other"
        )

    # The reviewer reaches a review they lead through the menu and the list of reviews.
    sign_in_by_keyboard(page, live_server, demo.login("reviewer"))
    tab_to(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "keyboard-reviewer-reviews")
    tab_to(page, page.locator("main a[href*='/reviews/']").first, limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "keyboard-reviewer-review")
    sign_out_by_keyboard(page)

    # A panel member comments on a paragraph of the draft report.
    sign_in_by_keyboard(page, live_server, demo.login("panel"))
    page.goto(f"{live_server.url}{reverse('reviews:report', args=[partnership.slug, drafting.public_id])}")
    tab_to(page, page.get_by_role("link", name=re.compile(r"^Comment on .*paragraph 1$")).first, limit=120)
    page.keyboard.press("Enter")
    tab_to(page, page.locator("textarea[name='body']"))
    page.keyboard.type("Please add the dates of the visits.")
    tab_to(page, page.get_by_role("button", name="Add comment"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Please add the dates of the visits.").first).to_be_visible()
    check_a11y(page, "keyboard-panel-member-comment")
    with scopes_disabled():
        assert ReportComment.unscoped.filter(review=drafting).count() > comments_before
    sign_out_by_keyboard(page)

    # The chair reaches their first piece of work from the home page.
    sign_in_by_keyboard(page, live_server, demo.login("chair"))
    tab_to(page, page.locator(f"main a[href^='/p/{partnership.slug}/']").first, limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "keyboard-chair-work")
    sign_out_by_keyboard(page)

    # The police partner signs the final report off.
    sign_in_by_keyboard(page, live_server, demo.login("police"))
    page.goto(
        f"{live_server.url}{reverse('reviews:report_approve', args=[partnership.slug, checking.public_id])}"
    )
    tab_to(page, page.locator("[name='person']"))
    page.keyboard.type("Detective Superintendent")
    tab_to(page, page.get_by_role("button", name="Approve this version"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    check_a11y(page, "keyboard-partner-approved")
    with scopes_disabled():
        assert ReportApproval.unscoped.filter(review=checking, person="Detective Superintendent").exists()
