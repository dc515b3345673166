"""Malformed, oversize, unicode-heavy, script-bearing and out-of-range values in every form of the product.

Each page is opened as the first role shown a form there (`pages.ROLES`); every form on it then gets a
few hypothesis examples (`strategies.BAD_INPUT`). The answer is never a server error, a refusal says what
to fix in a GOV.UK error summary, and a refused submission leaves every stored row as it was.
"""

from __future__ import annotations

import pytest

from tests.bad_input.attack import attack
from tests.bad_input.pages import open_page, other_pages, other_url, partnership_pages, url_kwargs
from tests.bad_input.states import OTHER_CLIENTS, OTHER_READ_ONLY, QUERIES, READ_ONLY, prepare

pytestmark = pytest.mark.django_db

# Forms shared by many pages (e.g. the header's search box) are attacked on the first page only.
EXERCISED: set[tuple] = set()


def check_form_shown(name: str, page, read_only: dict[str, str]) -> None:
    """Skip a page named read-only; fail one that shows no form without being named, and one named
    read-only that shows a form after all."""
    if name in read_only:
        assert page is None, f"{name} shows a form: take it out of the read-only set in states.py"
        pytest.skip(f"read-only: {read_only[name]}")
    assert page is not None, (
        f"{name} shows no form to any role: add a recipe to RECIPES in tests/bad_input/states.py that puts "
        "its objects in a state where the form shows, or name it in READ_ONLY with the reason"
    )


def exercise(page, tmp_path) -> None:
    for form in page.forms:
        if form.key in EXERCISED:
            continue
        EXERCISED.add(form.key)
        attack(page.client, form, page=f"{page.url} as {page.role}", test_root=tmp_path)


@pytest.mark.parametrize(
    ("name", "params"), partnership_pages(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_partnership_page_forms(client_class, partnership_a, name, params, tmp_path):
    from django.urls import reverse

    kwargs, objects = url_kwargs(params, partnership_a)
    kwargs, objects = prepare(name, params, kwargs, objects, partnership_a)
    url = reverse(name, kwargs={"partnership_slug": partnership_a.slug, **kwargs}) + QUERIES.get(name, "")
    page = open_page(url, partnership_a, objects, client_class)
    check_form_shown(name, page, READ_ONLY)
    exercise(page, tmp_path)


@pytest.mark.parametrize("name", other_pages())
def test_account_and_portal_forms(client_class, partnership_a, name, tmp_path):
    url = other_url(name)
    page = open_page(url, partnership_a, [], OTHER_CLIENTS.get(name, client_class))
    check_form_shown(name, page, OTHER_READ_ONLY)
    exercise(page, tmp_path)


@pytest.mark.django_db(False)
def test_every_state_entry_names_a_page_of_the_walk():
    from tests.bad_input.states import RECIPES

    partnership = {name for name, _ in partnership_pages()}
    other = set(other_pages())
    stale = (set(READ_ONLY) | set(RECIPES) | set(QUERIES)) - partnership
    stale |= (set(OTHER_READ_ONLY) | set(OTHER_CLIENTS)) - other
    assert not stale, f"states.py names pages the walk no longer has: {sorted(stale)}"
    both = set(READ_ONLY) & set(RECIPES)
    assert not both, f"a page is either read-only or has a recipe, not both: {sorted(both)}"
