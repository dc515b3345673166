"""The harness itself: axe-core really runs and a violation really fails the test."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import check_a11y


def test_check_a11y_fails_with_a_readable_list_of_violations(page: Page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><title>Harness</title>'
        '<main><h1>Harness</h1><input type="text" id="unlabelled"></main></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        check_a11y(page, "harness-self-check", screenshot=False)
    assert "label [critical]" in str(failure.value)
    assert "#unlabelled" in str(failure.value)
