"""Demo data for the browser suite: one seed partnership with its people and cases at every stage.

Built by the same code as `manage.py seed_demo` (the partnership's seed, one login per role and each stage's
demo builder), so each stage's pages are checked with data in every state the stage has.
"""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Page

from cspr.framework_seeds import PARTNERSHIPS
from cspr.loaders import load_frameworks, load_partnership
from cspr.management.commands.seed_demo import Command as SeedDemo
from cspr.models import CaseEvent, Partnership
from cspr.tenancy import scope, scopes_disabled
from tests.factories import TEST_PASSWORD

# One partnership per seed procedure (the West Midlands and LLR frameworks serve several areas).
PROCEDURE_PARTNERSHIPS = {
    "west-midlands": "birmingham",
    "llr": "leicester",
    "cambridgeshire-peterborough": "cambridgeshire-peterborough",
    "northamptonshire": "northamptonshire",
    "lewisham": "lewisham",
}


@dataclass(frozen=True)
class DemoPartnership:
    partnership: Partnership

    def login(self, role: str) -> str:
        """The demo username for a role suffix of seed_demo, e.g. `bo`, `agency`, `reviewer`."""
        return f"{self.partnership.slug}.{role}"


def build_demo_partnership(slug: str, *, builders: list[str] | None = None) -> DemoPartnership:
    """Load one seed partnership, its demo logins (password TEST_PASSWORD) and its demo cases.

    `builders` picks some of settings.CSPR_DEMO_BUILDERS (a journey needs only its own stage's cases).
    """
    seed = next(p for p in PARTNERSHIPS if p.slug == slug)
    command = SeedDemo()
    # Demo history, not news (as in seed_demo): no emails are sent for it, so the outbox is not kicked.
    with scopes_disabled(), mock.patch("cspr.audit._kick_outbox"):
        load_frameworks()
        partnership = load_partnership(seed)
        command._people(partnership, make_password(TEST_PASSWORD))
        with (
            scope(partnership),
            override_settings(CSPR_DEMO_BUILDERS=builders or settings.CSPR_DEMO_BUILDERS),
        ):
            command._cases(partnership)
        CaseEvent.objects.filter(processed_at=None).update(processed_at=timezone.now())
    return DemoPartnership(partnership)


def fill(page: Page, answers: dict[str, object]) -> None:
    """Answer a form's questions by field name (the answers the view tests post): type into text boxes,
    choose from selects, tick the radios and checkboxes with those values."""
    for name, value in answers.items():
        for one in map(str, value if isinstance(value, list) else [value]):
            field = page.locator(f'[name="{name}"]').first
            kind = field.evaluate("el => el.type || el.tagName.toLowerCase()")
            if kind in {"radio", "checkbox"}:
                choice = page.locator(f'[name="{name}"][value="{one}"]')
                (choice if choice.count() or one != "on" else field).check()  # "on": a lone yes/no box
            elif kind.startswith("select"):
                field.select_option(one)
            elif kind != "hidden":
                field.fill(one)
