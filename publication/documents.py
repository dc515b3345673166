"""The published report as a PDF: the approved report's sections under the partnership's brand, aliases
only, with no protective marking (it is a public document) and clean metadata (title and author).

Runs inside the partnership's scope, or on the public site after the selector has fetched the rows.
"""

from __future__ import annotations

import io

from django.utils.text import slugify
from pypdf import PdfReader

from cspr.documents import render_pdf
from publication.models import Publication

PUBLIC_MARKING = ""  # a published report carries no protective marking


def report_title(publication: Publication) -> str:
    """The title the public page and the PDF use: the publication's own, else the approved report's."""
    version = publication.review.approved_version
    return publication.title or (version.title if version else "") or "Child safeguarding practice review"


def public_report_pdf(publication: Publication, *, sections: list | None = None) -> tuple[str, bytes]:
    """(filename, PDF bytes) of the report as it is published."""
    version = publication.review.approved_version
    title = report_title(publication)
    if sections is None:
        sections = list(version.sections.all()) if version else []
    pdf = render_pdf(
        template="documents/publication_report.html",
        context={"publication": publication, "sections": sections},
        partnership=publication.partnership,
        title=title,
        protective_marking=PUBLIC_MARKING,
    )
    return f"{slugify(title)[:80] or 'report'}.pdf", pdf


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    """The document information of a PDF (title, author, subject, keywords…), for the pseudonym check."""
    info = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {str(k).lstrip("/"): str(v) for k, v in info.items() if v}


def published_pdf(publication: Publication) -> tuple[str, bytes]:
    """The published report's PDF, rendered once and kept, so the download does not re-render it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = f"{slugify(report_title(publication))[:80] or 'report'}.pdf"
    if publication.published_pdf and default_storage.exists(publication.published_pdf):
        with default_storage.open(publication.published_pdf, "rb") as stored:
            return name, stored.read()
    name, pdf = public_report_pdf(publication)
    path = default_storage.save(
        f"private/published/{publication.partnership_id}/{publication.public_id}.pdf", ContentFile(pdf)
    )
    Publication.unscoped.filter(pk=publication.pk).update(published_pdf=path)
    return name, pdf
