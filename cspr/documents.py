"""PDF rendering for the statutory templates and letters (WeasyPrint), and reading PDFs back as text.

Every document extends `documents/base.html`: the protective marking in the header and footer of every
page, "Page X of Y", the partnership's name and logo, the procedure's number and title. WeasyPrint never
touches the network: the logo is embedded as a data: URI and the URL fetcher refuses every other scheme,
so a stray `<img src="http://…">` in a template or in user text is skipped, not fetched.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import mimetypes
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from cspr.deadlines.projection import explain_date, explain_time
from cspr.frameworks import Timescale

if TYPE_CHECKING:
    from cspr.models import Case, Deadline, Partnership, ProcedureFramework

logger = logging.getLogger(__name__)

OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
BASE_STYLESHEET = settings.BASE_DIR / "templates" / "documents" / "_styles.css"
DEFAULT_BRAND_COLOUR = "#0b0c0c"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


class OfflineURLFetcher(weasyprint.URLFetcher):
    """Lets WeasyPrint read data: URIs only; http(s), file and ftp URLs are refused (the resource is skipped)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> weasyprint.urls.URLFetcherResponse:
        if not url.lower().startswith("data:"):
            # Belt and braces: never hand a non-data URL to urllib, whatever allowed_protocols does.
            raise ValueError(f"Documents are rendered offline; refused to fetch {url[:80]}")
        return super().fetch(url, headers)


@functools.cache
def font_config() -> weasyprint.text.fonts.FontConfiguration:
    """One font configuration per process, so fontconfig's matches are looked up once, not per document."""
    return weasyprint.text.fonts.FontConfiguration()


@functools.cache
def base_stylesheet() -> weasyprint.CSS:
    """The print stylesheet, parsed once per process."""
    return weasyprint.CSS(filename=str(BASE_STYLESHEET), url_fetcher=OfflineURLFetcher())


def document_template_for(framework: ProcedureFramework, key: str) -> str:
    """The Django template that renders a framework's document: its override, else documents/<key>.html."""
    document = framework.document(key)
    if document is not None and document.template:
        return document.template
    return f"documents/{key}.html"


def render_pdf(
    *,
    template: str,
    context: dict[str, Any],
    partnership: Partnership,
    title: str,
    document_number: str = "",
    reference: str = "",
    protective_marking: str = OFFICIAL_SENSITIVE,
) -> bytes:
    """Render a template extending documents/base.html to PDF bytes for one partnership.

    `title` becomes the PDF's title metadata: callers pass the document's title, never a child's name.
    `reference` (a case reference) is printed in the header of every page and added to the metadata title.
    """
    heading = f"{document_number} — {title}" if document_number else title
    html = render_to_string(
        template,
        {
            **context,
            "partnership": partnership,
            "document_title": title,
            "document_number": document_number,
            "document_heading": heading,
            "document_reference": reference,
            "metadata_title": f"{heading} ({reference})" if reference else heading,
            "protective_marking": protective_marking,
            "brand_colour": _brand_colour(partnership),
            "logo_uri": _logo_data_uri(partnership),
            "generated_at": timezone.localtime(),
        },
    )
    if "data-marking=" not in html:
        # Without the base layout a page would go out with no protective marking.
        raise ValueError(f"{template} must extend documents/base.html")
    document = weasyprint.HTML(string=html, url_fetcher=OfflineURLFetcher(), base_url=None)
    # Tagged PDF (headings, tables, reading order) for screen readers; it costs a few milliseconds.
    return document.write_pdf(
        stylesheets=[base_stylesheet()], font_config=font_config(), optimize_images=True, pdf_tags=True
    )


def render_statutory_document(
    *,
    partnership: Partnership,
    key: str,
    context: dict[str, Any],
    reference: str = "",
    protective_marking: str = OFFICIAL_SENSITIVE,
) -> bytes:
    """Render one document of the partnership's procedure set, titled and numbered as the procedure does."""
    framework = partnership.framework
    document = framework.document(key)
    if document is None:
        raise LookupError(f"The {framework.name} procedure has no document {key!r}")
    return render_pdf(
        template=document_template_for(framework, key),
        context=context,
        partnership=partnership,
        title=document.title,
        document_number=document.number,
        reference=reference,
        protective_marking=protective_marking,
    )


def render_case_deadlines(case: Case) -> bytes:
    """A one-page record of every deadline on a case and how its date was counted (caller is in scope)."""
    deadlines = case.deadlines.order_by("due_at", "pk")
    return render_pdf(
        template="documents/deadline_explanation.html",
        context={"case": case, "deadlines": [_deadline_row(d) for d in deadlines]},
        partnership=case.partnership,
        title="Deadline calculation",
        reference=case.reference,
    )


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, in order."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, pages separated by a form feed."""
    return "\n\f".join(pdf_page_texts(pdf))


def _brand_colour(partnership: Partnership) -> str:
    colour = partnership.brand_colour or ""
    return colour if HEX_COLOUR.match(colour) else DEFAULT_BRAND_COLOUR


def _logo_data_uri(partnership: Partnership) -> str:
    """The partnership's logo as a data: URI, or "" when it has none or the file cannot be read."""
    if not partnership.logo:
        return ""
    mime, _ = mimetypes.guess_type(partnership.logo.name)
    if mime not in LOGO_TYPES:
        logger.warning("Logo of partnership %s is not an image type we embed: %s", partnership.pk, mime)
        return ""
    try:
        with partnership.logo.storage.open(partnership.logo.name, "rb") as logo:
            encoded = base64.b64encode(logo.read()).decode("ascii")
    except OSError:
        logger.warning("Logo of partnership %s could not be read", partnership.pk, exc_info=True)
        return ""
    return f"data:{mime};base64,{encoded}"


def _deadline_row(deadline: Deadline) -> dict[str, Any]:
    instruction: Timescale = deadline.instruction()
    return {
        "label": deadline.label,
        "rule": instruction.describe(),
        "due": _due_text(deadline.due_at, instruction),
        "status": _status(deadline, instruction),
        "steps": [step for step in deadline.explanation.split("; ") if step],
    }


def _due_text(due_at: datetime | None, instruction: Timescale) -> str:
    if due_at is None:
        return "Clock stopped" if instruction.is_set else "Not set"
    due = timezone.localtime(due_at)
    by = f"by {explain_time(instruction.time_of_day)} " if instruction.time_of_day else ""
    return f"{by}{explain_date(due.date())}"


def _status(deadline: Deadline, instruction: Timescale) -> str:
    if not instruction.is_set:
        return "Not set by the procedure"
    if deadline.cancelled_at:
        return "Cancelled"
    if deadline.met_at:
        return f"Met {explain_date(timezone.localtime(deadline.met_at).date())}"
    if deadline.missed_at:
        return "Missed"
    if deadline.due_at is None:
        return "Paused"
    return "Open"
