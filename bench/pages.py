"""The pages the benchmark measures: one entry each, so a new page is one line in PAGES.

A page whose URL name does not resolve (its app is not installed, or has no such page) is reported as
"not built yet" instead of failing the run, and so is one whose data the dataset lacks (no review with a
chronology, no published report).
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
    # The review with the longest integrated chronology, and its partnership.
    review_id: Any = None
    review_partnership: Partnership | None = None
    # The partnership with the most reports on its public page.
    reports_partnership: Partnership | None = None


Kwargs = Callable[[Targets], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None  # login suffix of the user opening it ("bo", "agency"), None: anonymous
    candidates: tuple[tuple[str, Kwargs], ...]  # (URL name, kwargs) tried in order
    on: str = "partnership"  # "case": in the largest case's partnership; "review": the chronology's
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
        if self.on == "review" and targets.review_partnership is not None:
            return targets.review_partnership
        return targets.case_partnership if self.on == "case" else targets.partnership


def _home(t: Targets) -> dict[str, Any]:
    return {"partnership_slug": t.partnership.slug}


def _case(t: Targets) -> dict[str, Any]:
    return {"partnership_slug": t.case_partnership.slug, "case_id": t.case.public_id}


def _rapid_review(t: Targets) -> dict[str, Any]:
    if t.rapid_review_id is None:
        raise KeyError("no rapid review")
    return {"partnership_slug": t.case_partnership.slug, "rapid_review_id": t.rapid_review_id}


def _chronology(t: Targets) -> dict[str, Any]:
    if t.review_id is None or t.review_partnership is None:
        raise KeyError("no review with a chronology")
    return {"partnership_slug": t.review_partnership.slug, "review_id": t.review_id}


def _reports(t: Targets) -> dict[str, Any]:
    if t.reports_partnership is None:
        raise KeyError("no published report")
    return {"slug": t.reports_partnership.slug}


BASELINE = "bare Django view (baseline)"
PAGES: list[Page] = [
    Page(BASELINE, "bo", (("bench_baseline", lambda t: {}),)),
    Page("business office home", "bo", (("partnership_home", _home),)),
    Page("largest case page", "bo", (("case_detail", _case),), on="case"),
    # An agency contact of the busiest partnership's NHS trust: its requests across the years.
    Page("agency home", "agency", (("portal:home", lambda t: {}),)),
    Page("integrated chronology", "bo", (("chronologies:integrated", _chronology),), on="review"),
    Page("public reports", None, (("public_reports:list", _reports),)),
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
        review_id, review_partnership = _longest_chronology(generated)
        reports_partnership = _most_reports(generated)
    return Targets(
        partnership=partnership,
        case=case,
        case_partnership=case.partnership,
        rapid_review_id=rapid_review_id,
        review_id=review_id,
        review_partnership=review_partnership,
        reports_partnership=reports_partnership,
    )


def _longest_chronology(generated: Any) -> tuple[Any, Partnership | None]:
    """The review whose integrated chronology has the most entries, or (None, None)."""
    try:
        from chronologies.models import ChronologyEntry
        from reviews.models import Review
    except ImportError:
        return None, None
    top = (
        ChronologyEntry.unscoped.filter(current=True, partnership__in=generated)
        .values("review_id")
        .annotate(entries=Count("pk"))
        .order_by("-entries", "review_id")
        .first()
    )
    if top is None:
        return None, None
    review = Review.unscoped.select_related("partnership").get(pk=top["review_id"])
    return review.public_id, review.partnership


def _most_reports(generated: Any) -> Partnership | None:
    """The partnership with the most reports online, or None."""
    try:
        from publication.models import Publication
    except ImportError:
        return None
    top = (
        Publication.unscoped.filter(partnership__in=generated, state__in=["published", "available_online"])
        .values("partnership_id")
        .annotate(reports=Count("pk"))
        .order_by("-reports", "partnership_id")
        .first()
    )
    return None if top is None else Partnership.objects.get(pk=top["partnership_id"])


def user_for(page: Page, targets: Targets) -> Any:
    """The generated user who opens `page` (e.g. bench-0042.bo), or None for anonymous pages."""
    from django.contrib.auth import get_user_model

    if page.who is None:
        return None
    partnership = page.partnership(targets)
    return get_user_model().objects.get(username=f"{partnership.slug}.{page.who}")
