"""One full journey per stage in a real browser (Birmingham, West Midlands procedure), as the roles that do
the work, signed in through the login page. Every page on the way must pass axe-core's WCAG A/AA rules.

Each journey starts from seed_demo's builders for its own stage (cases in every state, built through the
real workflow) and then does its stage's work through the pages, as a person would.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from action_plans.models import Action, ActionPlan
from chronologies.models import AgencyRequest
from cspr.tenancy import scopes_disabled
from publication import rules
from publication.models import Publication
from rapid_review.models import RapidReview, ScopingRequest
from referrals.models import Referral
from reviews.models import AccuracyCheck, Review
from tests.action_plans import factories as action_factories
from tests.browser.conftest import check_a11y, login
from tests.browser.demo_data import build_demo_partnership, fill
from tests.publication import factories as publication_factories
from tests.referrals import pages as referral_answers
from tests.reviews import helpers as review_answers

SLUG = "birmingham"


def sign_in_as(page: Page, live_server, username: str) -> None:
    """Sign in through the login page the first time the test needs the person; when it comes back to them,
    return to the session they already have (their cookies), as switching back to their tab would."""
    page.set_default_timeout(15_000)  # sending requests and building PDFs takes a while on a busy CI box
    context = page.context
    if not hasattr(context, "cspr_sessions"):
        context.cspr_sessions = {}
    context.clear_cookies()
    if username in context.cspr_sessions:
        context.add_cookies(context.cspr_sessions[username])
        page.goto(f"{live_server.url}/")
        return
    login(page, live_server, username)
    context.cspr_sessions[username] = context.cookies()


def url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"partnership_slug": review.partnership.slug, "review_id": review.public_id})


def save(page: Page, button: str = "Save and continue") -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_referral_to_the_national_panel(page: Page, live_server):
    demo = build_demo_partnership(SLUG, builders=["rapid_review.demo.build"])
    partnership = demo.partnership
    today = timezone.localdate()
    calendar = partnership.working_calendar()
    aware, received = calendar.add_working_days(today, -2), calendar.add_working_days(today, -1)

    # The business office keys in the local authority's notification, one page at a time.
    sign_in_as(page, live_server, demo.login("bo"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    check_a11y(page, "journey-referral-list")
    page.get_by_role("link", name="Start a referral").click()
    check_a11y(page, "journey-referral-start")
    page.get_by_role("button", name="Start referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("eferral")
    check_a11y(page, "journey-referral-task-list")

    page.get_by_role("link", name="About the referral").click()
    check_a11y(page, "journey-referral-about")
    fill(page, referral_answers.about_answers(aware=aware, received=received))
    save(page)
    page.get_by_role("link", name="Referrer and safeguarding lead").click()
    fill(page, referral_answers.REFERRER)
    save(page)
    page.get_by_role("link", name="The child").click()
    check_a11y(page, "journey-referral-child")
    fill(page, referral_answers.CHILD)
    save(page)
    task_list = page.url
    page.get_by_role("link", name="Family and significant others").click()
    family = page.url
    page.goto(family.rstrip("/").rsplit("/", 1)[0] + "/family/add/")
    check_a11y(page, "journey-referral-family-member")
    fill(page, referral_answers.FAMILY_MEMBER)
    save(page, "Save family member")
    page.goto(family)
    fill(page, {"siblings_safeguarding": "No siblings."})
    save(page)
    page.goto(task_list)
    page.get_by_role("link", name="Other agencies involved").click()
    save(page)
    page.get_by_role("link", name="Case background and key events").click()
    fill(page, referral_answers.BACKGROUND)
    save(page)

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_text("Jamie Example").first).to_be_visible()
    check_a11y(page, "journey-referral-check-answers", screenshot=True)
    page.get_by_role("button", name="Submit referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    check_a11y(page, "journey-referral-check-answers-error")
    page.locator('[name="discussed_with_safeguarding_lead"]').check()
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("link", name="Accept for a rapid review")).to_be_visible()
    check_a11y(page, "journey-referral-submitted")
    page.get_by_role("link", name="Accept for a rapid review").click()
    check_a11y(page, "journey-referral-accept")
    page.get_by_role("button", name="Accept for a rapid review").click()
    with scopes_disabled():
        referral = Referral.unscoped.get(partnership=partnership, child__name="Jamie Example")
        assert referral.state == Referral.State.ACCEPTED_FOR_RAPID_REVIEW
        rr = RapidReview.unscoped.filter(
            case__partnership=partnership, state=RapidReview.State.SCOPING
        ).first()
        contact_agency = partnership.memberships.get(user__username=demo.login("agency")).agency

    # The business office sends scoping requests, including to the agency contact's own agency.
    page.goto(f"{live_server.url}{rr.get_absolute_url()}")
    check_a11y(page, "journey-rapid-review-scoping")
    page.get_by_role("link", name="Send scoping requests").first.click()
    check_a11y(page, "journey-send-scoping-requests")
    page.get_by_label(contact_agency.name).check()
    fill(page, {"case_summary": "Admitted to hospital with unexplained injuries."})
    save(page, "Send scoping requests")
    expect(page.get_by_role("alert").first).to_be_visible()

    # The agency contact answers it in the portal.
    sign_in_as(page, live_server, demo.login("agency"))
    page.goto(f"{live_server.url}/portal/")
    check_a11y(page, "journey-portal-home")
    page.get_by_role("link", name=rr.case.reference).first.click()
    check_a11y(page, "journey-scoping-return")
    fill(
        page,
        {
            "completed_by_name": "Dana Nurse",
            "completed_by_title": "Named nurse",
            "completed_by_contact": "dana@example.org",
            "involvement_summary": "Seen in the emergency department.",
        },
    )
    page.get_by_role("button", name="Submit return").click()
    expect(page.get_by_role("alert")).to_contain_text("Return submitted")
    check_a11y(page, "journey-scoping-return-submitted")
    with scopes_disabled():
        assert ScopingRequest.unscoped.get(rapid_review=rr, agency=contact_agency).state == "submitted"

    # After the meeting, the chair records each partner's position and the decision; the business office
    # submits it to the National Panel.
    with scopes_disabled():
        held = RapidReview.unscoped.get(case__partnership=partnership, state=RapidReview.State.MEETING_HELD)
    sign_in_as(page, live_server, demo.login("chair"))
    page.goto(f"{live_server.url}{held.get_absolute_url()}positions/")
    check_a11y(page, "journey-positions")
    for n in range(page.locator('[name="role"]').count()):  # each partner whose position is needed
        page.locator('[name="role"]').nth(n).check()
        fill(
            page,
            {"person": "A Partner", "stance": "agrees", **referral_answers.date_input("recorded_on", today)},
        )
        save(page, "Record the position")
        page.goto(f"{live_server.url}{held.get_absolute_url()}positions/")
    page.goto(f"{live_server.url}{held.get_absolute_url()}decision/")
    check_a11y(page, "journey-decision")
    page.locator('[name="outcome"]').first.check()
    fill(page, {"rationale": "There is learning about how agencies shared information."})
    save(page, "Record the decision")
    expect(page.get_by_role("alert").first).to_be_visible()
    check_a11y(page, "journey-decision-recorded")
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(f"{live_server.url}{held.get_absolute_url()}")
    page.get_by_role("link", name="Submit to the National Panel").first.click()
    check_a11y(page, "journey-submit-to-national-panel")
    page.get_by_role("button", name="Submit to the National Panel").click()
    expect(page).to_have_url(re.compile(re.escape(held.get_absolute_url()) + "$"))
    check_a11y(page, "journey-submitted-to-national-panel")
    with scopes_disabled():
        held.refresh_from_db()
    assert held.state == RapidReview.State.SUBMITTED


def test_review_from_terms_of_reference_to_sign_off(page: Page, live_server):
    demo = build_demo_partnership(SLUG, builders=["reviews.demo.build", "reviews.report_demo.build"])
    partnership = demo.partnership
    with scopes_disabled():
        commissioned = Review.unscoped.get(partnership=partnership, state=Review.State.COMMISSIONED)
        drafting = Review.unscoped.get(partnership=partnership, state=Review.State.DRAFT_REPORT)
        checking = Review.unscoped.get(partnership=partnership, state=Review.State.FACTUAL_ACCURACY)
        agencies = list(partnership.agencies.order_by("name")[:2])
        reviewer = partnership.memberships.get(user__username=demo.login("reviewer")).user
        panel = partnership.memberships.get(user__username=demo.login("panel")).user

    # The business office drafts the terms of reference; the chair approves them.
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(f"{live_server.url}{commissioned.get_absolute_url()}")
    check_a11y(page, "journey-review-commissioned")
    page.goto(f"{live_server.url}{url('reviews:terms_edit', commissioned)}")
    check_a11y(page, "journey-terms-of-reference-edit")
    fill(
        page,
        review_answers.terms_data(
            agencies=agencies, planned_completion=timezone.localdate() + timedelta(days=120)
        ),
    )
    save(page, "Save the terms of reference")
    check_a11y(page, "journey-terms-of-reference-saved")
    sign_in_as(page, live_server, demo.login("chair"))
    page.goto(f"{live_server.url}{url('reviews:terms_approve', commissioned)}")
    check_a11y(page, "journey-terms-of-reference-approve")
    fill(page, {"approval_note": "Review group meeting"})
    save(page, "Approve these terms of reference")
    with scopes_disabled():
        commissioned.refresh_from_db()
    assert commissioned.state == Review.State.TOR_AGREED

    # The business office appoints the lead reviewer.
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(f"{live_server.url}{url('reviews:appoint_reviewer', commissioned)}")
    check_a11y(page, "journey-appoint-reviewer")
    fill(
        page,
        {
            "user": str(reviewer.pk),
            "role": "lead",
            "organisation": "Independent",
            "no_conflict_declared": "on",
        },
    )
    save(page, "Appoint and tell the National Panel, Ofsted and DfE")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "journey-reviewer-appointed")

    # The business office adds a panel member to a drafting review's team; they comment on a paragraph of
    # the draft report online.
    page.goto(f"{live_server.url}{url('reviews:team', drafting)}")
    check_a11y(page, "journey-review-team")
    fill(
        page,
        {
            "name": "Pat Panel",
            "organisation": partnership.name,
            "represents": "other",
            "account": str(panel.pk),
        },
    )
    save(page, "Add to the review team")
    sign_in_as(page, live_server, demo.login("panel"))
    page.goto(f"{live_server.url}{url('reviews:report', drafting)}")
    check_a11y(page, "journey-draft-report", screenshot=True)
    page.get_by_role("link", name=re.compile(r"^Comment on .*paragraph 1$")).first.click()
    check_a11y(page, "journey-report-comment")
    fill(page, {"body": "Which service saw the child first?"})
    save(page, "Add comment")
    expect(page.get_by_text("Which service saw the child first?").first).to_be_visible()
    check_a11y(page, "journey-report-commented")

    # An agency checks the report's factual accuracy, paragraph by paragraph.
    sign_in_as(page, live_server, demo.login("agency2"))
    page.goto(f"{live_server.url}{reverse('reviews:accuracy_checks', args=[partnership.slug])}")
    check_a11y(page, "journey-accuracy-checks")
    page.get_by_role("link", name=re.compile(checking.case.reference)).first.click()
    check_a11y(page, "journey-accuracy-check")
    page.locator("textarea").first.fill("Our records show a visit a week earlier.")
    page.get_by_role("button", name="Return the check to the review team").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    with scopes_disabled():
        assert not AccuracyCheck.unscoped.filter(
            review=checking, state=AccuracyCheck.State.REQUESTED
        ).exists()

    # The partners sign the report off (the local authority already has, in the demo).
    for role in ["police", "health"]:
        sign_in_as(page, live_server, demo.login(role))
        page.goto(f"{live_server.url}{url('reviews:report_approve', checking)}")
        check_a11y(page, f"journey-report-approve-{role}")
        fill(page, {"person": f"Head of safeguarding ({role})"})
        save(page, "Approve this version")
    with scopes_disabled():
        checking.refresh_from_db()
    if checking.state == Review.State.FACTUAL_ACCURACY:  # the procedure asks for the scrutineer's endorsement
        sign_in_as(page, live_server, demo.login("bo"))
        page.goto(f"{live_server.url}{url('reviews:report_endorse', checking)}")
        check_a11y(page, "journey-report-endorse")
        fill(page, {"person": "Sam Scrutineer"})
        save(page, "Record the endorsement")
        with scopes_disabled():
            checking.refresh_from_db()
    assert checking.state == Review.State.APPROVED
    page.goto(f"{live_server.url}{checking.get_absolute_url()}")
    check_a11y(page, "journey-review-approved")


def test_agency_chronology_to_the_integrated_chronology(page: Page, live_server):
    demo = build_demo_partnership(SLUG, builders=["chronologies.demo.build"])
    partnership = demo.partnership
    with scopes_disabled():
        request = AgencyRequest.unscoped.get(
            partnership=partnership, kind=AgencyRequest.Kind.CHRONOLOGY, state=AgencyRequest.State.IN_PROGRESS
        )
        contact = partnership.memberships.filter(agency=request.agency).first().user
        entries_before = request.entries.count()

    # The agency contact adds an entry to their chronology in the portal.
    sign_in_as(page, live_server, contact.username)
    page.goto(f"{live_server.url}/portal/")
    check_a11y(page, "journey-chronology-portal")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    check_a11y(page, "journey-chronology-request", screenshot=True)
    page.get_by_role("link", name="Add an entry").click()
    check_a11y(page, "journey-chronology-entry")
    fill(
        page,
        {
            **referral_answers.date_input("occurred_on", timezone.localdate() - timedelta(days=200)),
            "event": "Seen by the school nurse about a bruise on the arm.",
            "practitioner_role": "School nurse",
        },
    )
    save(page, "Save entry")
    expect(page.get_by_role("alert").first).to_be_visible()
    with scopes_disabled():
        assert request.entries.count() == entries_before + 1

    # The business office reads the integrated chronology, all agencies' entries in date order.
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(
        f"{live_server.url}{reverse('chronologies:review', args=[partnership.slug, request.review.public_id])}"
    )
    check_a11y(page, "journey-chronologies-review")
    page.goto(
        f"{live_server.url}{reverse('chronologies:integrated', args=[partnership.slug, request.review.public_id])}"
    )
    expect(page.get_by_role("table").first).to_be_visible()
    check_a11y(page, "journey-integrated-chronology", screenshot=True)


def test_an_approved_report_is_published_on_the_public_page(page: Page, live_server, time_machine):
    # The seven working days' notice to the National Panel must pass, so the journey runs on fixed dates.
    time_machine.move_to(publication_factories.TODAY, tick=True)
    demo = build_demo_partnership(SLUG, builders=[])
    partnership = demo.partnership
    review = publication_factories.approved_review(partnership, title="Learning from Child A")
    earliest = rules.earliest_publication_date(partnership, publication_factories.TODAY.date())

    # The business office plans the publication from the list of approved reports.
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(f"{live_server.url}{reverse('publication:list', args=[partnership.slug])}")
    check_a11y(page, "journey-publication-list")
    page.goto(f"{live_server.url}{reverse('publication:start', args=[partnership.slug, review.public_id])}")
    save(page, "Start publication planning")
    with scopes_disabled():
        publication = Publication.unscoped.get(review=review)
    check_a11y(page, "journey-publication", screenshot=True)

    def go(name: str) -> None:
        page.goto(
            f"{live_server.url}{reverse(f'publication:{name}', args=[partnership.slug, publication.public_id])}"
        )
        check_a11y(page, f"journey-publication-{name}")

    go("plan_date")
    fill(page, review_answers.date_fields("planned_on", earliest))
    save(page, "Save the publication date")
    go("public_details")
    fill(
        page,
        {
            "title": "Learning from Child A",
            "summary": "What agencies learnt.",
            "reviewer_names": "Alex Reviewer",
        },
    )
    save(page, "Save")
    go("register")
    page.get_by_role("button", name="Add the names from the referral").click()
    page.get_by_role("button", name="Run the pseudonym check").click()
    expect(page.get_by_text("Passed").first).to_be_visible()
    check_a11y(page, "journey-publication-pseudonym-check")
    go("communications")
    plan = {
        **review_answers.date_fields("family_informed_on", timezone.localdate()),
        "family_informed_by": "The lead reviewer",
    }
    if partnership.option("inform_elected_members"):
        plan.update(review_answers.date_fields("elected_members_informed_on", timezone.localdate()))
    if partnership.option("hold_publication_for_prosecution"):
        plan.update(prosecution_complete="on", prosecution_note="Confirmed with the officer in the case")
    fill(page, plan)
    save(page, "Save the plan")
    go("send_copies")
    save(page, "Send the final report")

    # On the day, a safeguarding partner passes the publish gate.
    time_machine.move_to(publication_factories.at(earliest, 11), tick=True)
    sign_in_as(page, live_server, demo.login("la"))
    go("publish")
    save(page, "Publish the report")
    with scopes_disabled():
        publication.refresh_from_db()
    assert publication.state == Publication.State.AVAILABLE_ONLINE

    # Anyone can read it on the partnership's public reports page, without signing in.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/reports/{partnership.slug}/")
    expect(page.get_by_text("Learning from Child A").first).to_be_visible()
    check_a11y(page, "journey-public-reports", screenshot=True)


def test_agency_reports_progress_with_evidence_and_the_annual_report(page: Page, live_server, tmp_path):
    demo = build_demo_partnership(SLUG, builders=["action_plans.demo.build"])
    partnership = demo.partnership
    with scopes_disabled():
        contacts = {m.agency_id: m.user for m in partnership.memberships.filter(agency__isnull=False)}
        action = (
            Action.unscoped.filter(
                plan__partnership=partnership,
                plan__state=ActionPlan.State.MONITORING,
                state__in=[Action.State.OPEN, Action.State.IN_PROGRESS],
                owner_agency__in=list(contacts),
            )
            .order_by("pk")
            .first()
        )
    contact = contacts[action.owner_agency_id]
    evidence = tmp_path / "ward-audit.pdf"
    evidence.write_bytes(action_factories.PDF_BYTES)

    # The agency contact finds the action in the portal and reports progress with evidence.
    sign_in_as(page, live_server, contact.username)
    page.goto(f"{live_server.url}{reverse('portal:actions')}")
    check_a11y(page, "journey-portal-actions", screenshot=True)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    check_a11y(page, "journey-action")
    fill(page, {"rag": "amber", "text": "Two of three wards briefed"})
    page.get_by_label("Attach evidence (optional)").set_input_files(evidence)
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_text("ward-audit.pdf").first).to_be_visible()
    check_a11y(page, "journey-action-updated")
    with scopes_disabled():
        action.refresh_from_db()
        assert action.rag == Action.Rag.AMBER
        assert action.evidence.exists()

    # The business office reads the year's annual report.
    sign_in_as(page, live_server, demo.login("bo"))
    page.goto(f"{live_server.url}{reverse('action_plans:annual_report', args=[partnership.slug])}")
    page.get_by_role("button", name="Show the year").click()
    check_a11y(page, "journey-annual-report", screenshot=True)
