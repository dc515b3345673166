"""Security journeys in Chromium: setting up two-factor authentication and the idle-session warning."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y, login
from tests.factories import TEST_PASSWORD


def test_setting_up_two_factor_authentication(strict_page: Page, live_server, partnership_a, bo_a):
    page = strict_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("bo_a")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    check_a11y(page, "two-factor-set-up")
    key = page.locator("#authenticator-key").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", key)

    device = TOTPDevice.objects.get(user=get_user_model().objects.get(username="bo_a"))
    page.get_by_label("Code from your authenticator app").fill(
        f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    )
    page.get_by_role("button", name="Confirm and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    check_a11y(page, "two-factor-set-up-error")

    # django-otp makes a person wait a moment after a wrong code; a test types faster than that.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    check_a11y(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)


def test_the_two_factor_step_and_the_account_page(strict_page: Page, live_server, partnership_a, bo_a):
    page = strict_page
    login(page, live_server, "bo_a")
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_a.name)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_a11y(page, "account")
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    check_a11y(page, "password-change-errors")


def test_the_idle_warning_lets_a_person_stay_and_then_signs_them_out(
    strict_page: Page, live_server, partnership_a, bo_a, settings
):
    settings.CSPR_SESSION_IDLE_SECONDS = 8
    settings.CSPR_SESSION_WARNING_SECONDS = 6
    page = strict_page
    login(page, live_server, "bo_a")
    page.goto(f"{live_server.url}{partnership_a.get_absolute_url()}")

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    check_a11y(page, "idle-warning", screenshot=True)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=10_000)  # warned again, then signed out when nobody answers
    expect(page).to_have_url(re.compile(r"/login/\?next="), timeout=15_000)
    expect(page.get_by_text("You were signed out because you had not done anything")).to_be_visible()
    check_a11y(page, "signed-out-idle")
