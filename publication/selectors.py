"""Reads for the publication pages, the public reports site and the national returns log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cspr.models import Case, Partnership
from cspr.prepared import PreparedQuery
from publication.models import Publication, PublicationDispatch
from rapid_review.models import Dispatch
from reviews.models import Review, ReviewDispatch

State = Publication.State
ONLINE = [State.PUBLISHED, State.AVAILABLE_ONLINE]
# Rapid review messages that go to the national bodies (the rest go to agencies and the referrer).
NATIONAL_RAPID_REVIEW_KINDS = [Dispatch.Kind.NATIONAL_PANEL_SUBMISSION, Dispatch.Kind.LATE_NOTICE]
# Review messages to the national bodies (the reviewer's name, delay notices); family letters are not.
NATIONAL_REVIEW_KINDS = [ReviewDispatch.Kind.REVIEWER_NOTICE, ReviewDispatch.Kind.DELAY_NOTICE]


def publications(partnership: Partnership) -> QuerySet[Publication]:
    return Publication.objects.filter(partnership=partnership).select_related("case", "review", "partnership")


def reviews_ready(partnership: Partnership) -> QuerySet[Review]:
    """Approved reports that have no publication yet."""
    return (
        Review.objects.filter(
            partnership=partnership, state__in=[Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION]
        )
        .filter(publication__isnull=True)
        .select_related("case", "approved_version")
    )


def _partnership_by_slug(*, slug: str) -> QuerySet[Partnership]:
    return Partnership.objects.filter(slug=slug).select_related("data_version")


# Every public page reads it: compiled once per process (cspr.prepared); with its data version, under
# which the page is kept (cspr.page_cache).
_PARTNERSHIP_BY_SLUG = PreparedQuery(_partnership_by_slug, slug=str)


def public_partnership(slug: str) -> Partnership | None:
    found = _PARTNERSHIP_BY_SLUG(slug=slug)  # the slug is unique
    return found[0] if found else None


def public_reports(partnership: Partnership, *, now: datetime | None = None) -> list[Publication]:
    """The partnership's reports on its public page: published, gone live, not withdrawn, not archived."""
    return public_reports_and_next(partnership, now=now or timezone.now())[0]


def public_reports_and_next(
    partnership: Partnership, *, now: datetime
) -> tuple[list[Publication], datetime | None]:
    """public_reports, and when the next report set to go online later appears (cspr.page_cache keeps
    the page until then).

    One query whatever the number of reports: everything the page shows is on the publication row, so the
    page's cost does not grow with the list (tests/publication/test_public_site.py counts them).
    """
    # The public site has no membership or scope: this filter on the partnership is the tenant boundary.
    online = list(
        Publication.unscoped.filter(partnership=partnership, state__in=ONLINE)
        .only(
            "public_id",
            "partnership_id",
            "title",
            "summary",
            "reviewer_names",
            "learning_briefing",
            "published_at",
            "online_until",
            "state",
        )
        .order_by("-published_at", "-pk")
    )
    shown = [p for p in online if p.published_at is not None and p.published_at <= now]
    later = min(
        (p.published_at for p in online if p.published_at is not None and p.published_at > now), default=None
    )
    return shown, later


def public_improvements(partnership: Partnership) -> list[Publication]:
    """Information about improvements from reviews the partners decided not to publish in full."""
    return list(
        Publication.unscoped.filter(partnership=partnership, state=State.IMPROVEMENTS_PUBLISHED)
        .only("public_id", "partnership_id", "improvements_information", "improvements_published_at", "state")
        .order_by("-improvements_published_at", "-pk")
    )


def public_report(
    partnership: Partnership, report_id: object, *, now: datetime | None = None
) -> Publication | None:
    """One report on the public page, or None (never a withdrawn, archived or unpublished one)."""
    now = now or timezone.now()
    return (
        Publication.unscoped.filter(
            partnership=partnership, public_id=report_id, state__in=ONLINE, published_at__lte=now
        )
        .select_related("partnership__framework", "review__approved_version", "case")
        .first()
    )


@dataclass(frozen=True)
class NationalReturn:
    """One message to a national body about a case, from whichever stage sent it."""

    sent_at: datetime | None
    created_at: datetime
    stage: str
    what: str
    to: list[str]
    subject: str
    body: str
    documents: list[str]


def _row(stage: str, dispatch: Any) -> NationalReturn:
    return NationalReturn(
        sent_at=dispatch.sent_at,
        created_at=dispatch.created_at,
        stage=stage,
        what=dispatch.get_kind_display(),
        to=list(dispatch.to),
        subject=dispatch.subject,
        body=dispatch.body,
        documents=[d["name"] for d in dispatch.documents],
    )


def national_returns(case: Case) -> list[NationalReturn]:
    """Everything the National Panel, Ofsted, the DfE (and the NSPCC) were sent about `case`, oldest first.

    A selector across the stages' own dispatch rows: each stage keeps what it sent, this page reads them all.
    """
    rows = [
        _row("Rapid review", d)
        for d in Dispatch.objects.filter(rapid_review__case=case, kind__in=NATIONAL_RAPID_REVIEW_KINDS)
    ]
    rows += [
        _row("Review", d)
        for d in ReviewDispatch.objects.filter(review__case=case, kind__in=NATIONAL_REVIEW_KINDS)
    ]
    rows += [_row("Publication", d) for d in PublicationDispatch.objects.filter(publication__case=case)]
    return sorted(rows, key=lambda r: r.sent_at or r.created_at)
