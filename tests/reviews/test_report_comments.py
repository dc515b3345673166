"""Comments on paragraphs: threads, resolve and reopen, comments that follow a moved paragraph, outdated
comments kept with their quoted text, a comment on a deleted paragraph refused with a clear message, and
what changed between two versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.tenancy import scopes_disabled
from cspr.workflow import TransitionRefused
from reviews import report_selectors, report_services
from reviews.models import ReportComment
from tests.reviews.report_factories import FIRST_DRAFT, cast, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(partnership_a):
    return cast(partnership_a)


def url(name, c, **kw):
    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": c.partnership.slug, "review_id": c.review.public_id, **kw},
    )


def test_a_team_member_comments_on_a_paragraph_and_the_thread_is_answered_and_resolved(client, c):
    v1 = draft(c)
    client.force_login(c.panel)
    page = client.get(url("report", c))
    assert page.status_code == 200
    comment_url = url("report_comment", c, version_id=v1.public_id) + "?section=what_happened&paragraph=2"
    assert "The health visitor saw Child C twice." in client.get(comment_url).content.decode()
    response = client.post(comment_url, {"body": "Which dates?"})
    assert response.status_code == 302
    with scopes_disabled():
        thread = ReportComment.unscoped.get(review=c.review)
    assert (thread.section_key, thread.paragraph_index) == ("what_happened", 1)
    assert thread.quoted_text == "The health visitor saw Child C twice."

    client.force_login(c.lead)
    assert (
        client.post(
            url("comment_reply", c, comment_id=thread.public_id), {"body": "March and May."}
        ).status_code
        == 302
    )
    assert client.post(url("comment_resolve", c, comment_id=thread.public_id), {}).status_code == 302
    thread.refresh_from_db()
    assert thread.is_resolved
    client.post(url("comment_reopen", c, comment_id=thread.public_id), {})
    thread.refresh_from_db()
    assert not thread.is_resolved
    body = client.get(url("report", c)).content.decode()
    assert "Which dates?" in body and "March and May." in body


def test_a_comment_follows_its_paragraph_when_text_is_added_above_it(c):
    v1 = draft(c)
    with scopes_disabled():
        report_services.add_comment(
            review=c.review,
            version=v1,
            by=c.panel,
            section_key="what_happened",
            paragraph_index=1,
            body="Dates?",
        )
    v2 = draft(
        c, {**FIRST_DRAFT, "what_happened": "A new first paragraph.\n\n" + FIRST_DRAFT["what_happened"]}
    )
    with scopes_disabled():
        view = report_selectors.version_view(v2)
    section = next(s for s in view.sections if s.section.key == "what_happened")
    assert [len(p.threads) for p in section.paragraphs] == [0, 0, 1]
    assert view.outdated == []


def test_a_comment_on_a_deleted_paragraph_is_outdated_and_keeps_its_quoted_text(client, c):
    v1 = draft(c)
    with scopes_disabled():
        report_services.add_comment(
            review=c.review,
            version=v1,
            by=c.panel,
            section_key="working_together",
            paragraph_index=0,
            body="Why?",
        )
    draft(c, {**FIRST_DRAFT, "working_together": "Rewritten entirely."})
    client.force_login(c.panel)
    body = client.get(url("report", c)).content.decode()
    assert "Outdated" in body
    assert "Information was not shared between health" in body  # the text the comment was about is kept
    # On version 1 itself the comment still sits on its paragraph.
    with scopes_disabled():
        old = report_selectors.version_view(v1)
    assert old.outdated == [] and old.sections[0].section.version_id == v1.pk


def test_commenting_on_a_paragraph_deleted_since_the_page_was_opened_is_refused_and_the_text_kept(client, c):
    v1 = draft(c)
    client.force_login(c.panel)
    comment_url = url("report_comment", c, version_id=v1.public_id) + "?section=working_together&paragraph=1"
    draft(c, {**FIRST_DRAFT, "working_together": "Rewritten entirely."})  # the lead reviewer saves meanwhile
    response = client.post(comment_url, {"body": "My careful comment."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "no longer in the latest version of the report (version 2)" in body
    assert "My careful comment." in body
    with scopes_disabled():
        assert not ReportComment.unscoped.filter(review=c.review).exists()


def test_a_paragraph_that_never_existed_is_refused(c):
    v1 = draft(c)
    with scopes_disabled(), pytest.raises(TransitionRefused, match="not in version 1"):
        report_services.add_comment(
            review=c.review, version=v1, by=c.panel, section_key="what_happened", paragraph_index=9, body="x"
        )


def test_what_changed_is_marked_with_ins_and_del_and_hidden_labels(client, c):
    draft(c)
    draft(
        c,
        {
            **FIRST_DRAFT,
            "working_together": "Information was rarely shared between health and children's social care.",
            "good_practice": "The school acted quickly.",
        },
    )
    client.force_login(c.panel)
    response = client.get(url("report_compare", c) + "?from=1&to=2")
    body = response.content.decode()
    assert '<ins><span class="govuk-visually-hidden">[added: </span>rarely<span' in body
    assert '<del><span class="govuk-visually-hidden">[removed: </span>not<span' in body
    assert "The school acted quickly." in body
    changes = {s.key: s.kind for s in response.context["changes"]}
    assert changes["working_together"] == "changed"
    assert changes["what_happened"] == "unchanged"
