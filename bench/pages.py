"""The pages the benchmark measures: one entry each, so a new page is one line in PAGES.

A page whose URL name does not resolve yet (the agency home, the integrated chronology, the public
reports) is reported as "not built yet" instead of failing the run. The candidate URL names below are
our guesses for pages still being built; adjust the entry when the page lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from cspr.models import Case, Partnership
from cspr.tenancy import scopes_disabled


@dataclass(frozen=True)
class Targets:
    """The objects the pages open: the busiest partnership and the case with the longest history."""

    partnership: Partnership
    case: Case
    case_partnership: Partnership
    rapid_review_id: Any = None


Kwargs = Callable[[Targets], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None  # login suffix of the user opening it ("bo", "agency"), None: anonymous
    candidates: tuple[tuple[str, Kwargs], ...]  # (URL name, kwargs) tried in order
    on: str = "partnership"  # "case": opened in the largest case's partnership
    in_issue: bool = True  # one of the pages the benchmark issue lists (the others are extra)

    def url(self, targets: Targets) -> str | None:
        for name, kwargs in self.candidates:
            try:
                return reverse(name, kwargs=kwargs(targets))
            except (NoReverseMatch, AttributeError, KeyError):
                continue
        return None

    def partnership(self, targets: Targets) -> Partnership:
        """The partnership whose user opens the page."""
        return targets.case_partnership if self.on == "case" else targets.partnership


def _home(t: Targets) -> dict[str, Any]:
    return {"partnership_slug": t.partnership.slug}


def _case(t: Targets) -> dict[str, Any]:
    return {"partnership_slug": t.case_partnership.slug, "case_id": t.case.public_id}


def _rapid_review(t: Targets) -> dict[str, Any]:
    if t.rapid_review_id is None:
        raise KeyError("no rapid review")
    return {"partnership_slug": t.case_partnership.slug, "rapid_review_id": t.rapid_review_id}


BASELINE = "bare Django view (baseline)"
PAGES: list[Page] = [
    Page(BASELINE, "bo", (("bench_baseline", lambda t: {}),)),
    Page("business office home", "bo", (("partnership_home", _home),)),
    Page("largest case page", "bo", (("case_detail", _case),), on="case"),
    Page("agency home", "agency", (("agency_home", _home), ("rapid_review:agency_home", _home))),
    Page("integrated chronology", "bo", (("reviews:chronology", _case), ("chronology", _case)), on="case"),
    Page("public reports", None, (("publication:reports", lambda t: {}), ("public_reports", lambda t: {}))),
    Page("empty page in the layout", "bo", (("bench_layout", _home),), in_issue=False),
    Page("case history (audit trail)", "bo", (("case_history", _case),), on="case", in_issue=False),
    Page("rapid review page", "bo", (("rapid_review:detail", _rapid_review),), on="case", in_issue=False),
]


def find_targets() -> Targets:
    """The partnership with the most open deadlines and the case with the most audit rows."""
    with scopes_disabled():
        generated = Partnership.objects.filter(slug__startswith="bench-")
        partnership = generated.annotate(
            open_deadlines=Count("cases__deadlines", filter=Q(cases__deadlines__met_at=None))
        ).order_by("-open_deadlines", "pk")[0]
        case = (
            Case.objects.filter(partnership__in=generated)
            .annotate(entries=Count("events"))
            .order_by("-entries", "pk")
            .select_related("partnership")[0]
        )
        rapid_review_id = None
        try:
            from rapid_review.models import RapidReview
        except ImportError:
            pass
        else:
            rapid_review_id = (
                RapidReview.unscoped.filter(case=case).values_list("public_id", flat=True).first()
            )
    return Targets(
        partnership=partnership, case=case, case_partnership=case.partnership, rapid_review_id=rapid_review_id
    )


def user_for(page: Page, targets: Targets) -> Any:
    """The generated user who opens `page` (e.g. bench-0042.bo), or None for anonymous pages."""
    from django.contrib.auth import get_user_model

    if page.who is None:
        return None
    partnership = page.partnership(targets)
    return get_user_model().objects.get(username=f"{partnership.slug}.{page.who}")
