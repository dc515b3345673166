"""Which pages never carry a form, and how to bring the others into a state that shows theirs.

`test_partnership_page_forms` finds each page's objects from `OBJECT_IDS` (tests/cspr/test_isolation.py),
which are in a default state: a review without a draft, a referral already submitted. A page whose form
shows only in some other state gets a recipe here (the project's factories, one trait per state, often
build a fresh row in that state rather than walk the URL's row there); a page that never shows one is named
in `READ_ONLY` with the reason. Any other page without a form fails the suite, so a new form cannot go
unattacked. A confirmation (a button that posts, nothing to type) counts as a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.test import Client

from cspr.models import Partnership
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.factories import member

# URL name -> why the page never shows a form to type into, in any state.
READ_ONLY: dict[str, str] = {
    # Lists, details and histories: their actions are forms on pages of their own
    "case_list": "a list",
    "case_detail": "a case's summary",
    "case_history": "a case's history",
    "deadline_list": "a list",
    "procedure": "the procedure framework, to read",
    "calendar": "a calendar; closure days are added on their own page",
    "retention_runs": "a list of the retention job's runs",
    "export_status": "an export's progress, to its requester only",
    "referral_list": "a list",
    "referral_detail": "a referral's summary",
    "rapid_review:detail": "a rapid review's summary",
    "rapid_review:reminders": "a list of reminders sent",
    "reviews:list": "a list",
    "reviews:detail": "a review's summary",
    "reviews:terms": "the terms of reference's versions",
    "reviews:terms_version": "one version of the terms of reference",
    "reviews:parallel_processes": "a list",
    "reviews:family": "a list of the family",
    "reviews:accuracy_checks": "an agency's list of checks asked of it",
    "reviews:report": "the latest draft with its comments; each action has its own page",
    "reviews:report_version": "one version of the draft, to read",
    "reviews:workshops": "a list",
    "reviews:workshop": "a workshop's summary",
    "chronologies:review": "a review's requests, to read",
    "chronologies:request": "a request's summary; entries are edited on their own pages",
    "chronologies:submission": "a submitted chronology, to read",
    "publication:list": "a list",
    "publication:detail": "a publication's summary",
    "publication:national_returns": "a case's returns to the National Panel, to read",
    "action_plans:list": "a list",
    "action_plans:detail": "a plan's summary",
    "action_plans:briefings": "a list",
    # POST-only actions: the button that posts here is on another page, attacked there
    "export_list": "POST-only: starts an export",
    "closure_withdraw": "POST-only: withdraws a closure day",
    "reviews:family_letter": "POST-only: sends a letter",
    "publication:prefill": "POST-only: fills the register from the referral",
    "publication:run_check": "POST-only: runs the pseudonym check",
    "publication:remove_pseudonym": "POST-only: removes a register entry",
    # Downloads
    "rapid_review:attachment": "a download",
    "action_plans:evidence": "a download",
    "reviews:family_leaflet": "a PDF",
}

# Pages outside a partnership (account, portal) that never show a form to a signed-in, verified person.
OTHER_READ_ONLY: dict[str, str] = {
    "home": "sends each person to their home page",
    "account": "the account's summary",
    "session_status": "JSON for the session timeout warning",
    "accessibility": "the accessibility statement",
    "chronology_help:help": "help text",
    "portal:home": "an agency contact's list of requests",
    "portal:actions": "an agency contact's list of actions",
}


class PastPasswordOnly(Client):
    """Signed in with a password and holding an authenticator, but not yet past the code step."""

    def force_login(self, user, backend=None) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


# Pages outside a partnership -> the client a person's session needs for the page to show its form.
OTHER_CLIENTS: dict[str, type[Client]] = {"two_factor_verify": PastPasswordOnly}

Objects = list[models.Model]
Recipe = Callable[[Partnership, Objects], Objects | None]


def _office(partnership: Partnership):
    return member(partnership, Role.BUSINESS_OFFICE)


# --- Recipes: each returns the objects to use instead (innermost first), or None when it moved them -------


def draft_referral(partnership: Partnership, objects: Objects) -> Objects:
    """A referral still in draft (the business office's complete draft): its sections can be edited."""
    from tests.referrals.factories import ReferralFactory

    return [ReferralFactory(partnership=partnership)]


def involved_agency(partnership: Partnership, objects: Objects) -> Objects:
    """A draft referral's involved agency (the URL's row is one of its repeating rows)."""
    from tests.referrals.factories import InvolvedAgencyFactory, ReferralFactory

    row = InvolvedAgencyFactory(referral=ReferralFactory(partnership=partnership))
    return [row, row.referral]


def key_event(partnership: Partnership, objects: Objects) -> Objects:
    """A draft referral's key event."""
    from tests.referrals.factories import KeyEventFactory, ReferralFactory

    row = KeyEventFactory(referral=ReferralFactory(partnership=partnership))
    return [row, row.referral]


def subgroup_procedure(partnership: Partnership, objects: Objects) -> None:
    """A procedure that sends a composite of the returns to a case review subgroup (Cambridgeshire)."""
    with scopes_disabled():
        partnership.option_overrides = {**partnership.option_overrides, "subgroup_composite": True}
        partnership.save(update_fields=["option_overrides"])


def terms_drafted(partnership: Partnership, objects: Objects) -> None:
    """A review with a first version of its terms of reference, waiting for approval."""
    from tests.factories import AgencyFactory
    from tests.reviews.factories import terms_for

    AgencyFactory(partnership=partnership)  # the terms name the agencies in scope
    terms_for(objects[0], _office(partnership))


def report_drafted(partnership: Partnership, objects: Objects) -> Objects:
    """A review in "draft report" with two versions saved by its lead reviewer."""
    from reviews.models import Review
    from tests.reviews.report_factories import cast, draft

    c = cast(partnership, state=Review.State.DRAFT_REPORT)
    draft(c)
    draft(c, title="Review of Child C, second draft")
    return [c.review]


def version_drafted(partnership: Partnership, objects: Objects) -> Objects:
    """A version of the draft report with paragraphs to comment on (see `QUERIES`)."""
    from reviews.models import Review
    from tests.reviews.report_factories import cast, draft

    c = cast(partnership, state=Review.State.DRAFT_REPORT)
    return [draft(c), c.review]


def information_report(partnership: Partnership, objects: Objects) -> Objects:
    """An information report (not a chronology) in progress."""
    from tests.chronologies.factories import AgencyRequestFactory

    return [AgencyRequestFactory(partnership=partnership, in_progress=True, information_report=True)]


def process_of_the_review(partnership: Partnership, objects: Objects) -> Objects:
    """A parallel process of the review's own case."""
    from tests.reviews.factories import ParallelProcessFactory, ReviewFactory

    review = ReviewFactory(partnership=partnership)
    return [ParallelProcessFactory(partnership=partnership, case=review.case), review]


def process_of_the_publication(partnership: Partnership, objects: Objects) -> Objects:
    """A parallel process that holds up the publication's case."""
    from tests.publication.factories import parallel_process

    publication = objects[-1]
    return [parallel_process(publication.review.case), publication]


RECIPES: dict[str, Recipe] = {
    **dict.fromkeys(
        [
            "referral_about",
            "referral_referrer",
            "referral_child",
            "referral_family",
            "referral_agencies",
            "referral_background",
            "referral_check",
            "referral_family_add",
            "referral_agencies_add",
            "referral_events_add",
        ],
        draft_referral,
    ),
    "referral_agencies_change": involved_agency,
    "referral_agencies_remove": involved_agency,
    "referral_events_change": key_event,
    "referral_events_remove": key_event,
    "rapid_review:composite": subgroup_procedure,
    "rapid_review:subgroup_views": subgroup_procedure,
    "reviews:terms_approve": terms_drafted,
    **dict.fromkeys(
        [
            "reviews:report_edit",
            "reviews:report_upload",
            "reviews:report_compare",
            "reviews:accuracy_request",
            "reviews:report_approve",
            "reviews:report_endorse",
        ],
        report_drafted,
    ),
    "reviews:report_comment": version_drafted,
    "reviews:parallel_process_edit": process_of_the_review,
    "reviews:parallel_process_clear": process_of_the_review,
    "chronologies:report": information_report,
    "publication:override": process_of_the_publication,
}

# URL name -> the query string a page is opened with (from the link that leads to it).
QUERIES: dict[str, str] = {
    "reviews:report_comment": "?section=what_happened&paragraph=1",  # the first paragraph of the first draft
}


def prepare(
    name: str, params: list[str], kwargs: dict[str, Any], objects: Objects, partnership: Partnership
) -> tuple[dict[str, Any], Objects]:
    """The URL's parameters and objects after the page's recipe (unchanged when it has none)."""
    recipe = RECIPES.get(name)
    if recipe is None:
        return kwargs, objects
    with scopes_disabled():
        replaced = recipe(partnership, objects)
    if replaced is None:
        return kwargs, objects
    # Objects come innermost first, parameters outermost first.
    return {p: o.public_id for p, o in zip(reversed(params), replaced, strict=True)}, replaced
