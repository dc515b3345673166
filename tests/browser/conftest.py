"""End-to-end harness: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every page a browser test looks at goes through `check_a11y`, which runs axe-core's WCAG 2.0/2.1/2.2 A and
AA rules and saves a full-page screenshot to test-artefacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from cspr import services
from cspr.models import Case
from cspr.tenancy import scope
from tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in this thread, which Django's async-safety check
# mistakes for async code calling the ORM; the fixtures and the live server are plain sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artefacts" / "screenshots"
# scripts/test.sh sets CSPR_CHROMIUM_PATH from `command -v chromium`; Debian installs it here.
CHROMIUM = os.environ.get("CSPR_CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # containers and CI runners have no user namespaces for Chromium's sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",  # /dev/shm is tiny in containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {ROOT}")
    if not (ROOT / "static" / "build" / "cspr.css").exists():
        pytest.fail(f"static/build/cspr.css is missing: run `npm run build:css` in {ROOT}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser: Browser, *, enforce_csp: bool = False, **options) -> BrowserContext:
    """A fresh browser profile, at desktop size unless told otherwise, with axe-core in every page it opens.

    axe-core is registered once for the profile and goes in through the DevTools protocol as each document
    starts, which is cheaper than sending it with every check, and no Content-Security-Policy applies to
    it. By default the app's policy is bypassed; with `enforce_csp=True` it applies as it does for people
    (see `strict_page`).
    """
    context = browser.new_context(bypass_csp=not enforce_csp, **({"viewport": DESKTOP} | options))
    context.add_init_script(script=axe_source())
    context.set_default_timeout(5_000)
    # A page load may wait behind the live server's first request (imports, template compilation) or a
    # PDF being built, on a CI box shared with other work.
    context.set_default_navigation_timeout(15_000)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def strict_page(browser: Browser) -> Iterator[Page]:
    """A page under the app's real CSP that fails the test on any console error or uncaught exception,
    so a blocked inline script or style, or a broken GOV.UK Frontend script, cannot pass unnoticed."""
    context = new_context(browser, enforce_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda exc: problems.append(f"uncaught exception: {exc}"))
    yield page
    context.close()
    assert not problems, "browser errors:\n" + "\n".join(problems)


def login(page: Page, live_server, username: str) -> None:
    """Sign in through the login page and the two-factor step, as a person would."""
    code = authenticator_code(username)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/login/|/two-factor/"))


def authenticator_code(username: str) -> str:
    """The code the person's authenticator app shows now (the app is added for them if they have none).

    The device's replay guard is cleared first, so a test may sign the same person in twice in 30 seconds.
    """
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def sign_in_directly(context: BrowserContext, live_server, username: str) -> None:
    """Give the browser a session signed in past the two-factor step, as the login page would leave it.

    For sweeps that look at pages rather than at signing in: it saves four page loads per person. The
    journeys sign in through the login page (`login`, `sign_in_by_keyboard`).
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from tests.conftest import VerifiedClient

    client = VerifiedClient()
    client.force_login(get_user_model().objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.clear_cookies()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text()


def save_screenshot(page: Page, name: str) -> None:
    """The whole page as test-artefacts/screenshots/<name>.png, for a person to look at."""
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def check_a11y(page: Page, name: str, *, screenshot: bool = True) -> None:
    """Save a screenshot of the page, then fail on any WCAG 2.0/2.1/2.2 A or AA violation axe-core finds."""
    if screenshot:
        save_screenshot(page, name)
    if not page.evaluate("typeof axe !== 'undefined'"):  # e.g. content set without a navigation
        page.evaluate(axe_source())  # DevTools evaluation is not subject to the page's CSP
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {name} ({page.url}):"]
        for v in violations:
            lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:10]:
                # failureSummary: "Fix any of the following:\n  <first way to fix>\n  ..."
                fixes = node["failureSummary"].splitlines()
                lines.append(
                    f"    at {' '.join(node['target'])}: {fixes[1].strip() if len(fixes) > 1 else ''}"
                )
        pytest.fail("\n".join(lines), pytrace=False)


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} CSS px: scrollWidth {scroll_width}"


def reflow_problems(page: Page, width: int) -> list[str]:
    """What stops the page reflowing at `width` CSS px (WCAG 1.4.10): sideways scrolling of the whole page,
    or content reaching past the right edge outside a box that scrolls (so it is cut off). A wide table
    may scroll inside its own box; nothing else may. Each problem names the innermost elements to fix."""
    scroll_width, cut_off = page.evaluate(
        """width => {
            const past = el => el.getBoundingClientRect().right > width + 1;
            // A box that scrolls clips only what it contains as a containing block: an absolutely
            // positioned descendant escapes it unless something in between is positioned.
            const inScrollingBox = el => {
                let position = getComputedStyle(el).position;
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (position === 'fixed') return false;
                    const style = getComputedStyle(p);
                    if (position === 'absolute' && style.position === 'static' && style.transform === 'none') {
                        continue;
                    }
                    if (['auto', 'scroll'].includes(style.overflowX)) return true;
                    position = style.position;
                }
                return false;
            };
            const cutOff = [...document.querySelectorAll('body *')]
                .filter(el => past(el) && !inScrollingBox(el) && ![...el.children].some(past))
                .slice(0, 5)
                .map(el => `${el.tagName.toLowerCase()}${[...el.classList].map(c => '.' + c).join('')}`);
            return [document.documentElement.scrollWidth, cutOff];
        }""",
        width,
    )
    problems = []
    if scroll_width > width:
        problems.append(f"scrolls sideways at {width} CSS px (scrollWidth {scroll_width})")
    if cut_off:
        problems.append(f"content past the right edge at {width} CSS px: {', '.join(cut_off)}")
    return problems


def pdf_problems(page: Page, href: str, *, expect_text: str) -> list[str]:
    """Follow a PDF link with the browser's own cookies: it must answer 200 with a PDF containing `expect_text`."""
    from cspr.documents import pdf_text

    response = page.request.get(urljoin(page.url, href), timeout=60_000)  # WeasyPrint on a busy CI box
    content_type = response.headers.get("content-type", "")
    if response.status != 200 or not content_type.startswith("application/pdf"):
        return [f"{href} answered {response.status} {content_type}"]
    text = " ".join(pdf_text(response.body()).split())  # a narrow column may wrap a phrase
    if expect_text not in text:
        return [f"{href}: the PDF does not mention {expect_text!r}"]
    return []


@pytest.fixture
def opened_case(partnership_a, bo_a) -> Case:
    """A case opened through the service, so its rapid review deadline exists."""
    today = timezone.localdate()
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child A",
            aware_of_incident=today - timedelta(days=6),
            referral_received=today - timedelta(days=4),
            by=bo_a,
        )
