"""Every stage's pages, for each of the five seed procedures, as the roles that use them: axe-clean and whole.

Each test builds one seed partnership with seed_demo's builders (cases at every state of every stage) and opens
the pages each role works on, in one browser page, switching people by session cookie (the journeys sign in
through the login page). Key pages are photographed at 1280 and 320 CSS px and must reflow at 320 px and at
200% zoom; the PDF links on the pages must give PDFs about the case. Problems are collected over all the pages
before failing, so one run lists everything there is to fix.

The demo partnership is built inside the test: pytest-django empties the database after every live-server test
(TransactionTestCase), so nothing built once per module would still be there for the second test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from action_plans.models import Action, ActionPlan, LearningBriefing
from chronologies.models import AgencyRequest
from cspr.models import Case
from cspr.tenancy import scopes_disabled
from publication.models import Publication
from rapid_review.models import RapidReview, ScopingRequest
from referrals.models import Referral
from reviews.models import ParallelProcess, Review, Workshop
from tests.browser.conftest import (
    DESKTOP,
    check_a11y,
    pdf_problems,
    reflow_problems,
    save_screenshot,
    sign_in_directly,
)
from tests.browser.demo_data import PROCEDURE_PARTNERSHIPS, DemoPartnership, build_demo_partnership

NARROW = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 450}  # a 1280 × 900 window at 200% zoom lays out in 640 × 450 CSS px
# Published documents name the partnership and no case reference (anyone may read them).
PUBLIC_DOCUMENTS = ("/reports/", "/learning-briefings/")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class PageChecker:
    """Opens pages and gathers what is wrong with them, so the test reports every problem at once."""

    def __init__(self, page: Page, live_server, demo: DemoPartnership, *, full: bool) -> None:
        self.page, self.live_server, self.demo, self.full = page, live_server, demo, full
        self.problems: list[str] = []
        self.visited = 0
        self.pdf_kinds: set[str] = set()

    def sign_in(self, role: str) -> None:
        sign_in_directly(self.page.context, self.live_server, self.demo.login(role))

    def check(self, path: str, name: str, *, key: bool = False, pdfs_mention: str | None = None) -> None:
        """Open `path`; it must answer 200 and pass axe.

        Key pages are photographed at 1280 and 320 CSS px and must reflow at 320 px and at 200% zoom (WCAG
        1.4.10); in the full sweep axe runs again at 320 px. With `pdfs_mention`, each kind of PDF link on the
        page not yet followed is followed and must be a PDF containing that text.
        """
        name = f"{self.demo.partnership.slug}-{name}"
        response = self.page.goto(f"{self.live_server.url}{path}")
        self.visited += 1
        if response is None or response.status != 200:
            self.problems.append(f"{name}: {path} answered {response and response.status}")
            return
        self._axe(name, screenshot=key)
        if key:
            self._reflow(name)
        if pdfs_mention is not None:
            self._pdfs(name, pdfs_mention)

    def links(self, pattern: str, name: str, *, limit: int = 1) -> list[str]:
        """The first `limit` page links under <main> of the page last opened whose address contains `pattern`."""
        hrefs = self.page.eval_on_selector_all(
            "main a[href]",
            "(links, p) => links.map(a => a.getAttribute('href')).filter(h => h.includes(p))",
            pattern,
        )
        found = [h for h in dict.fromkeys(hrefs) if not h.endswith((".pdf", ".csv", ".xlsx", ".ics"))][:limit]
        if not found:
            self.problems.append(f"{name}: no link to {pattern!r} on {self.page.url}")
        return found

    def check_links(self, pattern: str, name: str, *, limit: int = 1, **options) -> None:
        """Check the first `limit` links on the page last opened whose address contains `pattern`."""
        for n, href in enumerate(self.links(pattern, name, limit=limit)):
            self.check(href, f"{name}-{n}" if limit > 1 else name, **options)

    def _reflow(self, name: str) -> None:
        for size in (ZOOMED, NARROW):
            self.page.set_viewport_size(size)
            width = size["width"]
            self.problems += [f"{name}-{width}: {p}" for p in reflow_problems(self.page, width)]
        save_screenshot(self.page, f"{name}-320")
        if self.full:
            self._axe(f"{name}-320", screenshot=False)
        self.page.set_viewport_size(DESKTOP)

    def _pdfs(self, name: str, expected: str) -> None:
        """Follow each PDF link on the page whose kind (its address without ids) has not been followed yet."""
        hrefs = self.page.eval_on_selector_all(
            "main a[href]", "links => links.filter(a => a.textContent.includes('PDF')).map(a => a.href)"
        )
        for href in dict.fromkeys(hrefs):
            kind = UUID.sub("…", href.split("?")[0])
            if kind in self.pdf_kinds:
                continue
            self.pdf_kinds.add(kind)
            public = urlsplit(href).path.startswith(PUBLIC_DOCUMENTS)
            mention = self.demo.partnership.name if public else expected
            self.problems += [f"{name}: {p}" for p in pdf_problems(self.page, href, expect_text=mention)]

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


# The procedure whose every state is opened, with its forms and axe at 320 px; the others get each stage's
# key pages in the state where they have the most on them.
FULL_SWEEP = "west-midlands"


@pytest.mark.parametrize("procedure", list(PROCEDURE_PARTNERSHIPS))
def test_every_stage_renders_for_each_role(page: Page, live_server, procedure: str):
    demo = build_demo_partnership(PROCEDURE_PARTNERSHIPS[procedure])
    partnership = demo.partnership
    full = procedure == FULL_SWEEP
    with scopes_disabled():
        mine = {"partnership": partnership}
        referral = Referral.unscoped.filter(**mine).order_by("pk").first()
        rapid_reviews = one_per_state(RapidReview.unscoped.filter(**mine).order_by("pk"))
        reviews = one_per_state(Review.unscoped.filter(**mine).order_by("pk"))
        chronology_review = Review.unscoped.filter(**mine, agency_requests__isnull=False).distinct().first()
        # Requests with a submitted version: an information report, and in the full sweep a chronology too
        # (its PDF of a hundred entries takes seconds).
        answered = AgencyRequest.unscoped.filter(**mine, submissions__isnull=False).distinct().order_by("pk")
        kinds = list(AgencyRequest.Kind) if full else [AgencyRequest.Kind.INFORMATION_REPORT]
        agency_requests = [r for r in (answered.filter(kind=kind).first() for kind in kinds) if r]
        workshop = Workshop.unscoped.filter(**mine).select_related("review__case").order_by("pk").first()
        process = ParallelProcess.unscoped.filter(**mine).select_related("case").first()
        constrained = process and Review.unscoped.filter(case=process.case).first()
        publications = one_per_state(Publication.unscoped.filter(**mine).order_by("pk"))
        plans = one_per_state(ActionPlan.unscoped.filter(**mine).order_by("pk"))
        action = Action.unscoped.filter(**mine).order_by("pk").first()
        briefings = one_per_state(
            LearningBriefing.unscoped.filter(**mine).select_related("case").order_by("pk")
        )
        case = Case.unscoped.filter(**mine).order_by("pk").first()
        references = {r.pk: r.case.reference for r in Review.unscoped.filter(**mine).select_related("case")}
        plan_references = {p.pk: p.case.reference for p in plans}
        # The demo agency contact whose agency was sent a scoping request (seed_demo has two per area).
        asked = set(ScopingRequest.unscoped.filter(**mine).values_list("agency", flat=True))
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
    pages = PageChecker(page, live_server, demo, full=full)

    pages.sign_in("bo")
    home = partnership.get_absolute_url()
    pages.check(home, "home-business-office", key=True)
    pages.check(url("work_queue", demo), "work-queue", key=True)
    pages.check(url("case_search", demo) + f"?q={case.reference}", "search", key=True)
    pages.check(url("calendar", demo), "calendar", key=True)
    pages.check(case.get_absolute_url(), "case", key=True, pdfs_mention=case.reference)
    pages.check(
        url("case_history", demo, case_id=case.public_id), "case-history", pdfs_mention=case.reference
    )
    if full:
        pages.check(url("case_list", demo), "cases")
        pages.check(url("deadline_list", demo), "deadlines")
    # Referral intake and rapid review
    pages.check(url("referral_list", demo), "referrals")
    pages.check(referral.get_absolute_url(), "referral", key=True)
    pages.check(url("referral_check", demo, referral_id=referral.public_id), "referral-check-answers")
    for rr in rapid_reviews:
        pages.check(rr.get_absolute_url(), f"rapid-review-{rr.state}", key=rr.state == "decision_recorded")

    # Review: each state's page, the terms of reference and the draft report
    pages.check(url("reviews:list", demo), "reviews")
    for review in reviews:
        review_id, reference = review.public_id, references[review.pk]
        pages.check(review.get_absolute_url(), f"review-{review.state}", key=review.state == "draft_report")
        if review.state == Review.State.TOR_AGREED:
            pages.check(
                url("reviews:terms", demo, review_id=review_id),
                "terms-of-reference",
                key=True,
                pdfs_mention=reference,
            )
        if review.state in {Review.State.DRAFT_REPORT, Review.State.FACTUAL_ACCURACY, Review.State.APPROVED}:
            pages.check(url("reviews:report", demo, review_id=review_id), f"report-{review.state}")
        if review.state == Review.State.DRAFT_REPORT:
            # Family engagement: the family page, and in the full sweep its forms
            pages.check(
                url("reviews:family", demo, review_id=review_id), "family", key=True, pdfs_mention=reference
            )
            if full:
                pages.check_links("/contact/", "family-contact")
                pages.check(url("reviews:family_new", demo, review_id=review_id), "family-member-new")
    # Learning workshops
    if workshop:
        review_id, reference = workshop.review.public_id, workshop.review.case.reference
        pages.check(url("reviews:workshops", demo, review_id=review_id), "workshops")
        pages.check(
            url("reviews:workshop", demo, review_id=review_id, workshop_id=workshop.public_id),
            "workshop",
            key=True,
            pdfs_mention=reference,
        )
        if full:
            pages.check_links("/attendance/", "workshop-attendance")
            pages.check(url("reviews:workshop_new", demo, review_id=review_id), "workshop-new")
            pages.check(
                url("reviews:conversation_new", demo, review_id=review_id), "practitioner-conversation"
            )
    else:
        pages.problems.append("no review has a learning workshop")
    # Parallel processes
    if constrained:
        pages.check(
            url("reviews:parallel_processes", demo, review_id=constrained.public_id),
            "parallel-processes",
            key=True,
        )
        if full:
            pages.check_links("/clear/", "parallel-process-clear")
            pages.check(
                url("reviews:parallel_process_new", demo, review_id=constrained.public_id),
                "parallel-process-new",
            )
    else:
        pages.problems.append("no review has a parallel process")
    # Chronologies and information reports
    if chronology_review:
        review_id, reference = chronology_review.public_id, references[chronology_review.pk]
        pages.check(url("chronologies:review", demo, review_id=review_id), "chronologies", key=True)
        # Filtered, so its PDF link prints a part: the whole integrated chronology (a few hundred entries)
        # takes WeasyPrint ~10 s, and tests/chronologies prints it whole already.
        pages.check(
            url("chronologies:integrated", demo, review_id=review_id) + "?q=burn",
            "integrated-chronology",
            pdfs_mention=reference,
        )
    else:
        pages.problems.append("no review has chronology requests")
    for agency_request in agency_requests:
        reference, kind = references[agency_request.review_id], agency_request.kind.replace("_", "-")
        pages.check(agency_request.get_absolute_url(), f"{kind}-request", pdfs_mention=reference)
        pages.check_links("/submissions/", f"{kind}-submission", pdfs_mention=reference)
    if not agency_requests:
        pages.problems.append("no agency request has a submitted version")

    # Publication
    pages.check(url("publication:list", demo), "publications")
    for publication in publications:
        pages.check(
            publication.get_absolute_url(),
            f"publication-{publication.state}",
            pdfs_mention=partnership.name,  # its PDF is the report as it will be published
        )
    pages.check(
        reverse("public_reports:list", kwargs={"slug": partnership.slug}),
        "public-reports",
        key=True,
        pdfs_mention=partnership.name,
    )
    # Action plans and learning briefings
    pages.check(url("action_plans:list", demo), "action-plans")
    for plan in plans:
        pages.check(
            plan.get_absolute_url(), f"action-plan-{plan.state}", pdfs_mention=plan_references[plan.pk]
        )
    if action and full:
        pages.check(action.get_absolute_url(), "action")
    pages.check(
        url("action_plans:annual_report", demo), "annual-report", key=True, pdfs_mention=partnership.name
    )
    pages.check(url("action_plans:briefings", demo), "learning-briefings")
    for briefing in briefings:
        pages.check(
            briefing.get_absolute_url(),
            f"learning-briefing-{briefing.state}",
            key=briefing.state == LearningBriefing.State.PUBLISHED,
            pdfs_mention=briefing.case.reference,
        )
    if not briefings:
        pages.problems.append("no learning briefings")

    pages.sign_in(agency_login)
    pages.check(reverse("portal:home"), "home-agency", key=True)
    scoping_return = pages.links("/rapid-review/requests/", "scoping-return")
    chronology = pages.links("/chronologies/requests/", "agency-chronology")
    for href in scoping_return:
        pages.check(href, "scoping-return", key=True)
    for href in chronology:
        pages.check(href, "agency-chronology")
    pages.check(reverse("portal:actions"), "agency-actions")

    for role in ["reviewer", "panel", "chair", "la"] if full else ["reviewer", "chair"]:
        pages.sign_in(role)
        pages.check(home, f"home-{role}", key=role in {"reviewer", "chair"})

    assert not pages.problems, f"{len(pages.problems)} problem(s) on {pages.visited} pages:\n" + "\n".join(
        pages.problems
    )
