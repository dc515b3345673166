"""Rich text: the one way free text typed by people is turned into HTML (nh3 allow-list sanitiser).

Django templates escape every value by default; text that is meant to keep some formatting (a pasted
chronology entry, a report section) goes through `render()` (template filter `|rich_text`), never `|safe`.
Plain text keeps its paragraphs and line breaks; HTML keeps only the tags below, links only to http(s)
and mailto, and loses every attribute that could run a script or load a resource.
"""

from __future__ import annotations

import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their contents, not just unwrapped: their text is code or styling, never prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "noscript", "svg", "math"}
)


def sanitise(html: str) -> str:
    """`html` reduced to the allowed tags and attributes (still a string: callers decide when it is safe)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def looks_like_html(text: str) -> bool:
    return "<" in text and ">" in text


def render(text: str | None) -> SafeString:
    """Free text as HTML that is safe to put in a page or a PDF."""
    if not text:
        return mark_safe("")  # noqa: S308 -- empty
    if looks_like_html(text):
        return mark_safe(sanitise(text))  # noqa: S308 -- sanitised by nh3 with the allow-list above
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 -- escaped first
