"""Rich text: free text reaches HTML only through the nh3 sanitiser, never through `|safe`."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template

from cspr.richtext import render, sanitise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(https://evil.example/t.png)">x</p>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<form action="https://evil.example"><input name=password></form>',
        "<!--<script>alert(1)</script>-->",
        '<p onclick="alert(1)">x</p>',
    ],
)
def test_scripts_and_dangerous_attributes_are_removed(attack):
    clean = sanitise(attack).lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "style=",
        "data:",
        "<form",
        "<img",
    ):
        assert bad not in clean, (attack, clean)


def test_the_allowed_formatting_survives():
    html = '<p>A <strong>bold</strong> and <em>quiet</em> point</p><ul><li>one</li></ul><a href="https://www.gov.uk/">GOV.UK</a>'
    assert sanitise(html) == (
        "<p>A <strong>bold</strong> and <em>quiet</em> point</p><ul><li>one</li></ul>"
        '<a href="https://www.gov.uk/" rel="noopener noreferrer nofollow">GOV.UK</a>'
    )


def test_plain_text_is_escaped_and_keeps_its_paragraphs():
    assert render("Line 1\nLine 2\n\nA & B < C") == "<p>Line 1<br>Line 2</p>\n\n<p>A &amp; B &lt; C</p>"


def test_the_template_filter():
    template = Template("{% load cspr_security %}{{ text|rich_text }}")
    out = template.render(Context({"text": "<p>ok</p><script>alert(1)</script>"}))
    assert out == "<p>ok</p>"


def test_no_template_marks_text_safe_by_hand():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("templates", *[p for p in ROOT.glob("*/templates")])
        for path in (ROOT / folder).rglob("*.html")
        if "|safe" in path.read_text() or "autoescape off" in path.read_text()
    ]
    assert offenders == [], "use |rich_text (cspr.richtext) for free text, never |safe: " + ", ".join(
        offenders
    )
