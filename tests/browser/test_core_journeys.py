"""Core journeys in a real browser: each page passes axe-core's WCAG A/AA rules, works by keyboard and reflows."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import (
    assert_no_horizontal_scroll,
    authenticator_code,
    check_a11y,
    login,
    new_context,
)
from tests.factories import TEST_PASSWORD


def next_weekday(days_ahead: int) -> date:
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_business_office_journey(page: Page, live_server, partnership_a, bo_a, opened_case):
    page.goto(f"{live_server.url}/login/")
    check_a11y(page, "login")
    login(page, live_server, "bo_a")

    expect(page).to_have_url(f"{live_server.url}{partnership_a.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)
    check_a11y(page, "partnership-home")

    page.get_by_role("link", name=opened_case.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child A")
    page.get_by_text("How this date was worked out").first.click()
    expect(page.locator("details.cspr-explanation").first).to_have_attribute("open", "")
    check_a11y(page, "case")

    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    check_a11y(page, "case-history")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procedure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.framework.name)
    check_a11y(page, "procedure")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(timezone.localdate().strftime("%B %Y"))
    check_a11y(page, "calendar-month")

    page.get_by_role("link", name="Bank holidays and closure days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working-day calendar")
    check_a11y(page, "calendar")

    page.get_by_role("button", name="Declare closure day").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link").first).to_have_text("Enter the closure date")
    check_a11y(page, "calendar-errors")
    summary.get_by_role("link").first.click()  # the GOV.UK error summary takes you to the field
    expect(page.get_by_label("Day")).to_be_focused()

    closure = next_weekday(30)
    page.get_by_label("Day").fill(str(closure.day))
    page.get_by_label("Month").fill(str(closure.month))
    page.get_by_label("Year").fill(str(closure.year))
    page.get_by_label("Reason").fill("Office move")
    page.get_by_role("button", name="Declare closure day").click()
    expect(page.get_by_role("alert")).to_contain_text("Closure day declared")
    expect(page.get_by_role("cell", name="Office move")).to_be_visible()
    check_a11y(page, "calendar-declared")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until `target` has focus, as a keyboard user would, and check the focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate("el => el.matches(':focus-visible')"), f"{target} has focus but shows none"
            return
    raise AssertionError(f"{target} was not reached within {limit} presses of Tab")


def sign_in_by_keyboard(page: Page, live_server, username: str) -> None:
    """Sign in with Tab, typing and Enter only, starting from the skip link."""
    code = authenticator_code(username)  # before signing in: it adds the app for them if they have none
    page.goto(f"{live_server.url}/login/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    assert skip_link.evaluate("el => el.matches(':focus-visible')")
    assert skip_link.bounding_box()["height"] > 10, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))
    tab_to(page, page.get_by_label("Code from your authenticator app"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/login/|/two-factor/"))


def open_explanation_by_keyboard(page: Page) -> None:
    tab_to(page, page.locator("details.cspr-explanation summary").first)
    page.keyboard.press("Enter")
    expect(page.locator("details.cspr-explanation").first).to_have_attribute("open", "")


def test_business_office_reaches_a_case_by_keyboard(strict_page: Page, live_server, bo_a, opened_case):
    page = strict_page
    sign_in_by_keyboard(page, live_server, "bo_a")
    expect(page.get_by_role("heading", level=1)).to_have_text(opened_case.partnership.name)
    tab_to(page, page.get_by_role("link", name=opened_case.reference).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child A")
    open_explanation_by_keyboard(page)
    check_a11y(page, "keyboard-business-office-case")


def test_auditor_reads_a_case_history_by_keyboard(strict_page: Page, live_server, reader_a, opened_case):
    page = strict_page
    sign_in_by_keyboard(page, live_server, "reader_a")
    tab_to(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    tab_to(page, page.get_by_role("link", name=opened_case.reference))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child A")
    expect(page.get_by_role("link", name="Pause the clocks")).to_have_count(0)
    tab_to(page, page.get_by_role("navigation", name="Case sections").get_by_role("link", name="History"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    check_a11y(page, "keyboard-auditor-case-history")


def test_agency_contact_signs_in_and_out_by_keyboard(
    strict_page: Page, live_server, partnership_a, agency_contact_a
):
    page = strict_page
    sign_in_by_keyboard(page, live_server, "agency_a")
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)
    check_a11y(page, "keyboard-agency-contact-home")
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_pages_reflow_at_320_css_pixels(browser: Browser, live_server):
    context = new_context(browser, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path, name in [("/accessibility/", "accessibility-320"), ("/login/", "login-320")]:
        page.goto(f"{live_server.url}{path}")
        assert_no_horizontal_scroll(page, 320)
        check_a11y(page, name)
    context.close()


def test_case_page_reflows_at_200_percent_zoom(browser: Browser, live_server, bo_a, opened_case):
    # 1280 CSS px at 200% zoom is a 640 CSS px layout drawn with two device pixels per CSS pixel.
    context = new_context(browser, viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    login(page, live_server, "bo_a")
    page.goto(f"{live_server.url}{opened_case.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child A")
    assert_no_horizontal_scroll(page, 640)
    check_a11y(page, "case-zoom-200")
    context.close()


def test_other_partnership_gets_not_found(page: Page, live_server, bo_b, opened_case):
    login(page, live_server, "bo_b")
    response = page.goto(f"{live_server.url}{opened_case.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Child A")).to_have_count(0)
    check_a11y(page, "not-found")


def test_read_only_auditor_home(page: Page, live_server, partnership_a, reader_a, opened_case):
    login(page, live_server, "reader_a")
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)
    expect(page.get_by_role("link", name=opened_case.reference).first).to_be_visible()
    check_a11y(page, "auditor-home")


def test_agency_contact_home(page: Page, live_server, partnership_a, agency_contact_a):
    login(page, live_server, "agency_a")
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)
    check_a11y(page, "agency-contact-home")
