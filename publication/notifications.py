"""Publication emails, sent by the outbox (cspr.tasks.process_outbox) after the transition commits.

A handler that raises leaves its event for the next sweep; each first looks for the `PublicationDispatch`
rows an earlier attempt already sent, so a retry never emails anyone twice.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from cspr import audit, notifications
from cspr.models import CaseEvent
from cspr.models.cases import Stage
from cspr.retention import delete_paths_on_commit
from publication import documents, rules, workflow
from publication.models import Publication, PublicationDispatch

PDF = "application/pdf"
Kind = PublicationDispatch.Kind


def on_copies_sent(*, event: CaseEvent) -> None:
    """Email the final report to each national body before publication, then start the notice period."""
    publication = Publication.objects.select_related("partnership__framework", "case", "review").get(
        public_id=event.subject_id
    )
    if publication.state in {Publication.State.NOT_PUBLISHING, Publication.State.IMPROVEMENTS_PUBLISHED}:
        return  # decided not to publish before the outbox ran
    pdf = documents.public_report_pdf(publication)
    for recipient in rules.pre_publication_recipients(publication.partnership):
        _send_once(
            publication,
            event=event,
            kind=Kind.PRE_PUBLICATION_COPY,
            recipient=recipient,
            subject=f"Final report before publication: case {publication.case.reference} from "
            f"{publication.partnership.name}",
            template="publication/email/pre_publication_copy",
            pdf=pdf,
        )
    workflow.copies_delivered(publication=publication, by=event.by)


def on_published(*, event: CaseEvent) -> None:
    """Send the published report to the NSPCC national repository, where the procedure says so."""
    publication = Publication.objects.select_related("partnership__framework", "case", "review").get(
        public_id=event.subject_id
    )
    address = rules.nspcc_address(publication.partnership)
    if not address:
        return
    dispatch = _send_once(
        publication,
        event=event,
        kind=Kind.NSPCC_REPOSITORY,
        recipient=rules.Recipient("nspcc", "the NSPCC national repository", address),
        subject=f"Published child safeguarding practice review from {publication.partnership.name}",
        template="publication/email/nspcc_repository",
        pdf=documents.public_report_pdf(publication),
    )
    Publication.objects.filter(pk=publication.pk, nspcc_sent_at=None).update(nspcc_sent_at=dispatch.sent_at)


def _send_once(
    publication: Publication,
    *,
    event: CaseEvent,
    kind: str,
    recipient: rules.Recipient,
    subject: str,
    template: str,
    pdf: tuple[str, bytes],
) -> PublicationDispatch:
    """Record the dispatch, send the email, mark it sent; an earlier sent one for this event is reused."""
    earlier = PublicationDispatch.objects.filter(
        publication=publication, kind=kind, recipient=recipient.key, created_at__gte=event.at
    ).first()
    if earlier is not None and earlier.sent_at:
        return earlier
    partnership = publication.partnership
    context = {
        "publication": publication,
        "partnership": partnership,
        "recipient": recipient,
        "reference": publication.case.reference,
        "title": documents.report_title(publication),
        "notice": rules.notice_text(partnership),
    }
    name, content = pdf
    dispatch = earlier or PublicationDispatch(
        partnership=partnership,
        publication=publication,
        kind=kind,
        recipient=recipient.key,
        created_by=event.by,
    )
    dispatch.to, dispatch.subject = [recipient.address], subject
    dispatch.body = render_to_string(f"{template}.txt", context)
    path = default_storage.save(
        f"private/publication/{partnership.pk}/{uuid.uuid4().hex}-{name}", ContentFile(content)
    )
    if earlier is not None:
        # A retry stores the PDF afresh; the copy of the failed attempt would be named by no row, so the
        # case's eraser (publication/retention.py) could never find it. The published PDF itself stays.
        delete_paths_on_commit(
            d.get("path") for d in earlier.documents if d.get("path") != publication.published_pdf
        )
    dispatch.documents = [{"name": name, "path": path}]
    dispatch.save()
    notifications.send_email(
        to=[recipient.address],
        subject=subject,
        template=template,
        context=context,
        attachments=[(name, content, PDF)],
        reply_to=[partnership.mailbox],
    )
    dispatch.sent_at = timezone.now()
    dispatch.save(update_fields=["sent_at"])
    audit.record(
        case=publication.case,
        code="publication.copy_sent" if kind == Kind.PRE_PUBLICATION_COPY else "publication.sent_to_nspcc",
        by=None,
        stage=Stage.PUBLICATION,
        subject=recipient.name[:60],
        subject_id=dispatch.public_id,
        data={"to": dispatch.to},
    )
    return dispatch
