"""Tenant isolation over every URL pattern: nobody reaches another partnership's data.

Each named URL under /p/<partnership_slug>/ is requested (GET and POST) by every role of partnership A
with partnership B's slug and with A's slug but B's objects. New URL parameters must be added to
`OBJECT_IDS`, so a new URL cannot silently escape this test.

Partnership B and one object of each kind in it are built once for the module, inside a transaction rolled
back after its last test; each test runs in a savepoint within it (as Django's `setUpTestData`), so a
request that wrongly changed B's data fails its own test and is undone before the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cspr.models import ClosureDay, ExportJob, Partnership, RetentionRun
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.action_plans.factories import (
    ActionEvidenceFactory,
    ActionFactory,
    ActionPlanFactory,
    LearningBriefingFactory,
)
from tests.chronologies.factories import AgencyRequestFactory, entry_in, submission_in
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, member
from tests.publication.factories import pseudonym_in, publication_in
from tests.rapid_review.factories import ScopingAttachmentFactory, ScopingRequestFactory
from tests.rapid_review.office_factories import RapidReviewFactory
from tests.referrals.factories import FamilyMemberFactory, ReferralFactory
from tests.reviews.factories import (  # PART A reviews
    FamilyPersonFactory,
    ParallelProcessFactory,
    ReviewFactory,
    TeamMemberFactory,
    appointment_in,
    terms_in,
)
from tests.reviews.report_factories import check_in, comment_in, recommendation_in, version_in, workshop_in

# URL parameter -> how to find an object of that kind in a given partnership.
OBJECT_IDS: dict[str, Callable[[Partnership], Any]] = {
    "case_id": lambda p: CaseFactory(partnership=p).public_id,
    "closure_date": lambda p: ClosureDay.unscoped.get_or_create(
        partnership=p, date=date(2026, 12, 24), defaults={"reason": "Closed"}
    )[0].date.isoformat(),
    "referral_id": lambda p: ReferralFactory(partnership=p, submitted=True).public_id,
    "row_id": lambda p: FamilyMemberFactory(referral__partnership=p).public_id,  # any repeating row
    "request_id": lambda p: ScopingRequestFactory(partnership=p).public_id,
    "attachment_id": lambda p: ScopingAttachmentFactory(request__partnership=p, store=False).public_id,
    "rapid_review_id": lambda p: RapidReviewFactory(partnership=p).public_id,
    "export_id": lambda p: (
        ExportJob.unscoped.create(
            partnership=p, requested_by=member(p, Role.BUSINESS_OFFICE), kind="cases", format="csv"
        ).public_id
    ),
    "retention_run_id": lambda p: RetentionRun.unscoped.create(partnership=p).public_id,
    "review_id": lambda p: ReviewFactory(partnership=p).public_id,
    "process_id": lambda p: ParallelProcessFactory(partnership=p).public_id,
    "tor_id": lambda p: terms_in(p).public_id,
    "appointment_id": lambda p: appointment_in(p).public_id,
    "member_id": lambda p: TeamMemberFactory(review__partnership=p).public_id,
    "person_id": lambda p: FamilyPersonFactory(review__partnership=p).public_id,
    "publication_id": lambda p: publication_in(p).public_id,
    "pseudonym_id": lambda p: pseudonym_in(p).public_id,
    # The draft report and the workshops (PART B reviews)
    "version_id": lambda p: version_in(p).public_id,
    "comment_id": lambda p: comment_in(p).public_id,
    "check_id": lambda p: check_in(p).public_id,
    "recommendation_id": lambda p: recommendation_in(p).public_id,
    "workshop_id": lambda p: workshop_in(p).public_id,
    # Agency information: chronologies and information reports
    "agency_request_id": lambda p: AgencyRequestFactory(partnership=p, in_progress=True).public_id,
    "chronology_entry_id": lambda p: entry_in(p).public_id,
    "agency_submission_id": lambda p: submission_in(p).public_id,
    # Action plans and learning briefings
    "plan_id": lambda p: ActionPlanFactory(partnership=p).public_id,
    "action_id": lambda p: ActionFactory(partnership=p).public_id,
    "evidence_id": lambda p: ActionEvidenceFactory(action__partnership=p, store=False).public_id,
    "briefing_id": lambda p: LearningBriefingFactory(partnership=p).public_id,
}


def named_patterns(
    resolvers=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(route, reversible name, pattern) for every URL pattern, namespaces included."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else "", entry


def partnership_urls() -> list[tuple[str, list[str]]]:
    found = []
    for route, name, pattern in named_patterns():
        if "<slug:partnership_slug>" not in route:
            continue
        assert pattern.name, f"URL {route} has no name; name it so the isolation test can reach it"
        params = [p.split(">")[0].split(":")[-1] for p in route.split("<")[1:]]
        found.append((name, [p for p in params if p != "partnership_slug"]))
    return found


def objects_in(partnership: Partnership) -> dict[str, Any]:
    """One object of each URL parameter's kind in `partnership`: parameter -> the value for the URL."""
    with scopes_disabled():
        return {param: make(partnership) for param, make in OBJECT_IDS.items()}


def url_for(name: str, params: list[str], slug: str, objects: dict[str, Any]) -> str:
    """The URL with `objects`' values: the page's own (a `pages_of` entry), else one per parameter."""
    missing = [p for p in params if p not in OBJECT_IDS]
    assert not missing, f"{name}: add {missing} to OBJECT_IDS in tests/cspr/test_isolation.py"
    values = objects[name].kwargs if name in objects else {p: objects[p] for p in params}
    return reverse(name, kwargs={"partnership_slug": slug, **values})


@dataclass
class PageObjects:
    kwargs: dict[str, Any]
    objects: list[Any]  # innermost first


def pages_of(partnership: Partnership) -> dict[str, PageObjects]:
    """For each page with parameters, objects of `partnership` that belong together (a review and *its*
    workshop) in a state where the page exists (the bad-input suite's recipes), so that the walk asks for
    real pages of B and a 404 comes from tenancy, not from a mismatch."""
    from tests.bad_input.pages import url_kwargs  # both read OBJECT_IDS from this module
    from tests.bad_input.states import prepare

    found = {}
    with scopes_disabled():
        for name, params in partnership_urls():
            if params:
                kwargs, objects = url_kwargs(params, partnership)
                found[name] = PageObjects(*prepare(name, params, kwargs, objects, partnership))
    return found


@pytest.fixture(scope="module")
def partnership_b_with_objects(django_db_setup, django_db_blocker) -> Iterator[tuple[Partnership, dict]]:
    """Partnership B and its objects, built once for the module's tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        partnership = PartnershipFactory(slug="bravo", procedure="lewisham")
        yield partnership, pages_of(partnership)
        transaction.set_rollback(True)


ROLES_OF_A = [r for r in Role if r != Role.AGENCY_CONTACT] + [Role.AGENCY_CONTACT]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_OF_A, ids=str)
def test_no_role_of_a_reaches_partnership_b(client, partnership_a, partnership_b_with_objects, role):
    partnership_b, objects_of_b = partnership_b_with_objects
    agency = AgencyFactory(partnership=partnership_a) if role == Role.AGENCY_CONTACT else None
    client.force_login(member(partnership_a, role, agency=agency))
    for name, params in partnership_urls():
        for slug in (partnership_b.slug, partnership_a.slug):
            if slug == partnership_a.slug and not params:
                continue  # A's own pages without objects of B: that is A's data
            url = url_for(name, params, slug, objects_of_b)
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code in (403, 404, 405), (
                    f"{role} of A got {response.status_code} from {method.__name__.upper()} {url}"
                )


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, partnership_a):
    objects_of_a = objects_in(partnership_a)
    for name, params in partnership_urls():
        url = url_for(name, params, partnership_a.slug, objects_of_a)
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_a_member_of_b_only_is_not_told_a_exists(client, partnership_a, partnership_b, bo_b):
    client.force_login(bo_b)
    assert (
        client.get(reverse("partnership_home", kwargs={"partnership_slug": partnership_a.slug})).status_code
        == 404
    )
    assert (
        client.get(reverse("partnership_home", kwargs={"partnership_slug": "no-such-place"})).status_code
        == 404
    )


REACHED = {200, 302, 303, 405}  # 405: a page that only takes a POST; a 403 could come before the lookup
# Pages nobody of their own partnership reaches with the walk's objects, each with why.
NOT_REACHED: dict[str, str] = {
    **dict.fromkeys(
        ["export_status", "export_progress", "export_download"],
        "an export is its requester's alone, and the walk's was asked for by another member",
    ),
    "rapid_review:attachment": "a download: the walk's attachment has no stored file",
    "action_plans:evidence": "a download: the walk's evidence has no stored file",
    "reviews:report_comment": "opened from a paragraph's link (?section=…&paragraph=…), which the walk leaves off",
}


@pytest.mark.django_db
def test_the_walk_asks_for_real_pages_of_b(partnership_b_with_objects):
    """The control for the walk above: someone of B (the business office, a chair, the review's reviewer,
    the agency's contact) reaches each page, so the 404s A gets come from tenancy, not from a wrong object."""
    from tests.bad_input.pages import ROLES, person_for
    from tests.conftest import VerifiedClient

    partnership_b, objects_of_b = partnership_b_with_objects
    missing = []
    for name, params in partnership_urls():
        if name in NOT_REACHED:
            continue
        url = url_for(name, params, partnership_b.slug, objects_of_b)
        objects = objects_of_b[name].objects if name in objects_of_b else []
        for role in ROLES[:-1]:  # the last one is nobody
            client = VerifiedClient()
            client.force_login(person_for(role, partnership_b, objects))
            if client.get(url).status_code in REACHED:
                break
        else:
            missing.append(f"{name} {url}")
    assert not missing, f"Nobody of B reached {len(missing)} pages: " + "\n".join(missing)
