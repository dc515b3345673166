"""The review stage's emails, sent by the outbox (cspr.tasks.process_outbox) after the transition commits.

The service writes a `ReviewDispatch` (to, subject, body) with the audit row; the handler sends it and marks
it sent. A dispatch already sent is skipped, so a retried sweep never emails anyone twice.
"""

from __future__ import annotations

from django.utils import timezone

from cspr import notifications
from cspr.models import CaseEvent
from reviews.models import ReviewDispatch


def send_dispatch(*, event: CaseEvent) -> None:
    """Send the dispatch the event names (reviewer's name, delay notice) unless it went already."""
    public_id = (event.data or {}).get("dispatch")
    if not public_id:
        return
    dispatch = ReviewDispatch.objects.select_related("partnership").get(public_id=public_id)
    if dispatch.sent_at is not None:
        return
    partnership = dispatch.partnership
    notifications.send_email(
        to=dispatch.to,
        subject=dispatch.subject,
        template="reviews/email/notice",
        context={"body": dispatch.body, "partnership": partnership},
        reply_to=[partnership.mailbox],
    )
    dispatch.sent_at = timezone.now()
    dispatch.save(update_fields=["sent_at"])
