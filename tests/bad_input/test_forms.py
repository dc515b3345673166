"""Malformed, oversize, unicode-heavy, script-bearing and out-of-range values in every form of the product.

Each page is opened as the first role shown a form there (`pages.ROLES`); every form on it then gets a
few hypothesis examples (`strategies.BAD_INPUT`). The answer is never a server error, a refusal says what
to fix in a GOV.UK error summary, and a refused submission leaves every stored row as it was.
"""

from __future__ import annotations

import pytest

from tests.bad_input.attack import attack
from tests.bad_input.pages import open_page, other_pages, other_url, partnership_pages, url_kwargs

pytestmark = pytest.mark.django_db

# Forms shared by many pages (e.g. the header's search box) are attacked on the first page only.
EXERCISED: set[tuple] = set()


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
    url = reverse(name, kwargs={"partnership_slug": partnership_a.slug, **kwargs})
    page = open_page(url, partnership_a, objects, client_class)
    if page is None:
        pytest.skip("no form on this page for any role")
    exercise(page, tmp_path)


@pytest.mark.parametrize("name", other_pages())
def test_account_and_portal_forms(client_class, partnership_a, name, tmp_path):
    url = other_url(name)
    page = open_page(url, partnership_a, [], client_class)
    if page is None:
        pytest.skip("no form on this page for any role")
    exercise(page, tmp_path)
