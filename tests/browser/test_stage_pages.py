"""Every stage's pages, for each of the five seed procedures, as the roles that use them: axe-clean and whole.

Each test builds one seed partnership with seed_demo's builders (cases at every state of every stage), signs
each role in through the login page and opens the pages that role works on. Violations are collected over
all the pages before failing, so one run lists everything there is to fix.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from action_plans.models import Action, ActionPlan
from cspr.models import Case
from cspr.tenancy import scopes_disabled
from publication.models import Publication
from rapid_review.models import RapidReview, ScopingRequest
from referrals.models import Referral
from reviews.models import Review
from tests.browser.conftest import assert_no_horizontal_scroll, check_a11y, login
from tests.browser.demo_data import PROCEDURE_PARTNERSHIPS, DemoPartnership, build_demo_partnership

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}


class PageChecker:
    """Opens pages and gathers what is wrong with them, so the test reports every problem at once."""

    def __init__(self, page: Page, live_server, demo: DemoPartnership, *, narrow: bool) -> None:
        self.page, self.live_server, self.demo, self.narrow = page, live_server, demo, narrow
        self.problems: list[str] = []
        self.visited = 0

    def sign_in(self, role: str) -> None:
        self.page.context.clear_cookies()
        login(self.page, self.live_server, self.demo.login(role))

    def check(self, path: str, name: str, *, key: bool = False) -> None:
        """Open `path`; it must answer 200 and pass axe. Key pages are photographed, and with `narrow` also
        checked at 320 CSS px: no sideways scrolling (WCAG 1.4.10), axe-clean, photographed."""
        name = f"{self.demo.partnership.slug}-{name}"
        response = self.page.goto(f"{self.live_server.url}{path}")
        self.visited += 1
        if response is None or response.status != 200:
            self.problems.append(f"{name}: {path} answered {response and response.status}")
            return
        self._axe(name, screenshot=key)
        if key and self.narrow:
            self.page.set_viewport_size(NARROW)
            try:
                assert_no_horizontal_scroll(self.page, NARROW["width"])
            except AssertionError as e:
                self.problems.append(f"{name}-320: {e}; too wide: {self._too_wide()}")
            self._axe(f"{name}-320", screenshot=True)
            self.page.set_viewport_size(WIDE)

    def check_links(self, path: str, pattern: str, name: str, *, limit: int = 1) -> list[str]:
        """Check the first `limit` links under <main> on `path` whose address contains `pattern`."""
        self.page.goto(f"{self.live_server.url}{path}")
        hrefs = self.page.eval_on_selector_all(
            "main a[href]",
            "(links, p) => links.map(a => a.getAttribute('href')).filter(h => h.includes(p))",
            pattern,
        )
        found = list(dict.fromkeys(h for h in hrefs if not h.endswith((".pdf", ".csv", ".xlsx", ".ics"))))[
            :limit
        ]
        if not found:
            self.problems.append(f"{name}: no link to {pattern!r} on {path}")
        for n, href in enumerate(found):
            self.check(href, f"{name}-{n}" if limit > 1 else name)
        return found

    def _too_wide(self) -> list[str]:
        """The innermost elements that reach past the right edge outside a scrolling box, to say what to fix."""
        return self.page.evaluate(
            """width => {
                const wide = el => el.getBoundingClientRect().right > width + 1;
                const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                return [...document.querySelectorAll('body *')]
                    .filter(el => wide(el) && !clipped(el) && ![...el.children].some(wide))
                    .slice(0, 5)
                    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
            }""",
            NARROW["width"],
        )

    def _axe(self, name: str, *, screenshot: bool) -> None:
        try:
            check_a11y(self.page, name, screenshot=screenshot)
        except pytest.fail.Exception as failure:
            self.problems.append(str(failure))


def one_per_state(objects: Iterable) -> list:
    """The first object in each state, so every state's page is looked at once."""
    seen: dict[str, object] = {}
    for obj in objects:
        seen.setdefault(obj.state, obj)
    return list(seen.values())


def url(name: str, demo: DemoPartnership, **kwargs) -> str:
    return reverse(name, kwargs={"partnership_slug": demo.partnership.slug, **kwargs})


# The procedure whose every state is opened, with a 320 px pass; the others get each stage's key pages.
FULL_SWEEP = "west-midlands"


@pytest.mark.parametrize("procedure", list(PROCEDURE_PARTNERSHIPS))
def test_every_stage_renders_for_each_role(page: Page, live_server, procedure: str):
    demo = build_demo_partnership(PROCEDURE_PARTNERSHIPS[procedure])
    partnership = demo.partnership
    full = procedure == FULL_SWEEP
    with scopes_disabled():
        referral = Referral.unscoped.filter(partnership=partnership).order_by("pk").first()
        rapid_reviews = one_per_state(RapidReview.unscoped.filter(partnership=partnership).order_by("pk"))
        reviews = one_per_state(Review.unscoped.filter(partnership=partnership).order_by("pk"))
        chronology_review = (
            Review.unscoped.filter(partnership=partnership, agency_requests__isnull=False).distinct().first()
        )
        publications = one_per_state(Publication.unscoped.filter(partnership=partnership).order_by("pk"))
        plans = one_per_state(ActionPlan.unscoped.filter(partnership=partnership).order_by("pk"))
        action = Action.unscoped.filter(partnership=partnership).order_by("pk").first()
        case = Case.unscoped.filter(partnership=partnership).order_by("pk").first()
        # The demo agency contact whose agency was sent a scoping request (seed_demo has two per area).
        asked = set(ScopingRequest.unscoped.filter(partnership=partnership).values_list("agency", flat=True))
        agency_login = next(
            (
                r
                for r in ["agency", "agency2"]
                if partnership.memberships.get(user__username=demo.login(r)).agency_id in asked
            ),
            "agency",
        )
    if not full:  # one object per stage, in the state where its page has the most on it
        rapid_reviews = [rr for rr in rapid_reviews if rr.state == RapidReview.State.DECISION_RECORDED]
        reviews = [r for r in reviews if r.state in {Review.State.TOR_AGREED, Review.State.DRAFT_REPORT}]
        publications, plans = publications[:1], plans[:1]
    pages = PageChecker(page, live_server, demo, narrow=full)

    pages.sign_in("bo")
    home = partnership.get_absolute_url()
    pages.check(home, "home-business-office", key=True)
    pages.check(url("work_queue", demo), "work-queue", key=True)
    pages.check(url("case_search", demo) + f"?q={case.reference}", "search", key=True)
    pages.check(url("calendar", demo), "calendar", key=True)
    if full:
        pages.check(url("case_list", demo), "cases")
        pages.check(url("deadline_list", demo), "deadlines")
        pages.check(case.get_absolute_url(), "case")
    # Referral intake and rapid review
    pages.check(url("referral_list", demo), "referrals")
    pages.check(referral.get_absolute_url(), "referral", key=True)
    pages.check(url("referral_check", demo, referral_id=referral.public_id), "referral-check-answers")
    for rr in rapid_reviews:
        pages.check(rr.get_absolute_url(), f"rapid-review-{rr.state}", key=rr.state == "decision_recorded")
    # Review
    pages.check(url("reviews:list", demo), "reviews")
    for review in reviews:
        pages.check(review.get_absolute_url(), f"review-{review.state}", key=review.state == "draft_report")
        if review.state == Review.State.TOR_AGREED:
            pages.check(url("reviews:terms", demo, review_id=review.public_id), "terms-of-reference")
        if review.state in {Review.State.DRAFT_REPORT, Review.State.FACTUAL_ACCURACY, Review.State.APPROVED}:
            pages.check(url("reviews:report", demo, review_id=review.public_id), f"report-{review.state}")
    # Chronologies
    if chronology_review:
        review_id = chronology_review.public_id
        pages.check(url("chronologies:review", demo, review_id=review_id), "chronologies", key=True)
        pages.check(url("chronologies:integrated", demo, review_id=review_id), "integrated-chronology")
    else:
        pages.problems.append("no review has chronology requests")
    # Publication
    pages.check(url("publication:list", demo), "publications")
    for publication in publications:
        pages.check(publication.get_absolute_url(), f"publication-{publication.state}")
    pages.check(reverse("public_reports:list", kwargs={"slug": partnership.slug}), "public-reports", key=True)
    # Action plans
    pages.check(url("action_plans:list", demo), "action-plans")
    for plan in plans:
        pages.check(plan.get_absolute_url(), f"action-plan-{plan.state}")
    if action and full:
        pages.check(action.get_absolute_url(), "action")
    pages.check(url("action_plans:annual_report", demo), "annual-report", key=True)

    pages.sign_in(agency_login)
    pages.check(reverse("portal:home"), "home-agency", key=True)
    pages.check_links(reverse("portal:home"), "/rapid-review/requests/", "scoping-return")
    pages.check(reverse("portal:actions"), "agency-actions")

    for role in ["reviewer", "panel", "chair", "la"] if full else ["reviewer", "chair"]:
        pages.sign_in(role)
        pages.check(home, f"home-{role}", key=role in {"reviewer", "chair"})

    assert not pages.problems, f"{len(pages.problems)} problem(s) on {pages.visited} pages:\n" + "\n".join(
        pages.problems
    )
