"""Learning briefings: finalised only when complete, sent and tracked, published for the public page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans import briefings, selectors
from action_plans.models import BriefingDispatch
from cspr.documents import pdf_text
from cspr.workflow import TransitionRefused
from reviews.models import ParallelProcess
from tests.action_plans.factories import LearningBriefingFactory, office

pytestmark = pytest.mark.django_db


def test_a_briefing_is_final_only_when_every_step_is_written(partnership_a, unscoped):
    briefing = LearningBriefingFactory(partnership=partnership_a)
    with pytest.raises(TransitionRefused, match="Still empty: Lessons learned"):
        briefings.finalise(briefing=briefing, by=office(partnership_a))


def test_sending_is_tracked_and_emailed_with_the_pdf(
    partnership_a, unscoped, django_capture_on_commit_callbacks
):
    briefing = LearningBriefingFactory(partnership=partnership_a, final=True)
    by = office(partnership_a)
    with pytest.raises(TransitionRefused, match=briefings.NO_EMAILS):
        briefings.record_dispatch(
            briefing=briefing, by=by, audience="Health visitors", method="email", shared_on=date(2026, 12, 1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        briefings.record_dispatch(
            briefing=briefing,
            by=by,
            audience="Health visiting team leaders",
            method="email",
            shared_on=date(2026, 12, 1),
            emails=["hv.leads@example.org"],
        )
    (message,) = mail.outbox
    assert message.to == ["hv.leads@example.org"] and message.subject == briefing.title
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and "Lessons learned" in pdf_text(content)
    dispatch = BriefingDispatch.unscoped.get(briefing=briefing)
    assert (dispatch.audience, dispatch.shared_on, dispatch.by) == (
        "Health visiting team leaders",
        date(2026, 12, 1),
        by,
    )


def test_publication_waits_for_a_prosecution(partnership_a, unscoped):
    briefing = LearningBriefingFactory(partnership=partnership_a, final=True)
    process = ParallelProcess.unscoped.create(
        partnership=partnership_a,
        case=briefing.case,
        kind=ParallelProcess.Kind.CRIMINAL,
        blocks_publication=True,
    )
    with pytest.raises(TransitionRefused, match="criminal investigation or trial"):
        briefings.publish(briefing=briefing, by=office(partnership_a))
    ParallelProcess.unscoped.filter(pk=process.pk).update(cleared_at="2026-12-01T10:00:00Z")
    assert briefings.publish(briefing=briefing, by=office(partnership_a)).state == "published"


def test_the_public_list_shows_only_published_briefings(client, partnership_a, partnership_b, unscoped):
    published = LearningBriefingFactory(partnership=partnership_a, published=True)
    withdrawn = LearningBriefingFactory(partnership=partnership_a, published=True)
    briefings.withdraw(briefing=withdrawn, by=office(partnership_a), reason="Family asked")
    LearningBriefingFactory(partnership=partnership_a, final=True)
    LearningBriefingFactory(partnership=partnership_b, published=True)
    with CaptureQueriesContext(connection) as queries:
        listed = selectors.public_briefings(partnership_a)
        urls = [b.get_public_url() for b in listed]
    assert listed == [published] and len(queries) == 1
    client.logout()
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "OFFICIAL-SENSITIVE" not in pdf_text(b"".join(response.streaming_content))
    assert client.get(withdrawn.get_public_url()).status_code == 404
    wrong_partnership = reverse("learning_briefings:pdf", args=[partnership_b.slug, published.public_id])
    assert client.get(wrong_partnership).status_code == 404
