"""The public reports page: no login, only that partnership's published reports, never a withdrawn,
archived or unpublished one, no private data, a constant number of queries, and the PDF."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr.documents import OFFICIAL_SENSITIVE, pdf_text
from publication import documents
from publication.models import Publication
from tests.publication.factories import CHILD_NAME, at, publication

pytestmark = pytest.mark.django_db
State = Publication.State


def _list(client, partnership):
    return client.get(reverse("public_reports:list", kwargs={"slug": partnership.slug}))


def _published(partnership, by, time_machine, title):
    pub = publication(partnership, by, to=State.PUBLISHED, time_machine=time_machine)
    Publication.unscoped.filter(pk=pub.pk).update(title=title)
    return pub


def test_it_lists_only_published_reports_of_that_partnership(client, partnership_a, partnership_b, bo_a, bo_b, time_machine, unscoped):  # fmt: skip
    shown = _published(partnership_a, bo_a, time_machine, "Learning about Child A")
    withdrawn = publication(partnership_a, bo_a, to=State.WITHDRAWN, time_machine=time_machine)
    Publication.unscoped.filter(pk=withdrawn.pk).update(title="Withdrawn review")
    planned = publication(partnership_a, bo_a, to=State.NOTICE_PERIOD, time_machine=time_machine)
    Publication.unscoped.filter(pk=planned.pk).update(title="Not yet published")
    not_published = publication(
        partnership_a, bo_a, to=State.IMPROVEMENTS_PUBLISHED, time_machine=time_machine
    )
    other = _published(partnership_b, bo_b, time_machine, "Bravo review")
    time_machine.move_to(at(date(2027, 1, 5)), tick=False)
    response = _list(client, partnership_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Learning about Child A" in html and "Alex Reviewer" in html
    assert (
        reverse(
            "public_reports:report_pdf", kwargs={"slug": partnership_a.slug, "report_id": shown.public_id}
        )
        in html
    )
    for hidden in ("Withdrawn review", "Not yet published", "Bravo review", str(other.public_id)):
        assert hidden not in html
    assert not_published.improvements_information in html  # the improvements are still published
    # No private data: no real names, no case references, no protective marking.
    for private in (CHILD_NAME, shown.case.reference, "Official-sensitive"):
        assert private not in html


def test_a_report_leaves_the_page_only_when_archived_or_withdrawn(
    client, partnership_a, bo_a, time_machine, unscoped
):
    pub = _published(partnership_a, bo_a, time_machine, "Learning about Child A")
    time_machine.move_to(at(date(2027, 12, 30)), tick=False)
    assert "Learning about Child A" in _list(client, partnership_a).content.decode()
    from publication import workflow

    time_machine.move_to(at(date(2027, 12, 31)), tick=False)
    workflow.archive(publication=pub, by=bo_a)
    assert "Learning about Child A" not in _list(client, partnership_a).content.decode()
    pdf_url = reverse(
        "public_reports:report_pdf", kwargs={"slug": partnership_a.slug, "report_id": pub.public_id}
    )
    assert client.get(pdf_url).status_code == 404


def test_the_page_costs_the_same_queries_for_one_report_or_many(client, partnership_a, bo_a, time_machine, unscoped, django_assert_max_num_queries):  # fmt: skip
    _published(partnership_a, bo_a, time_machine, "First")
    with django_assert_max_num_queries(3) as one:
        assert _list(client, partnership_a).status_code == 200
    for n in range(3):
        _published(partnership_a, bo_a, time_machine, f"Report {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "Report 2" in _list(client, partnership_a).content.decode()


def test_the_pdf_downloads_without_login_with_no_marking_and_clean_metadata(client, partnership_a, bo_a, time_machine, unscoped):  # fmt: skip
    pub = _published(partnership_a, bo_a, time_machine, "Learning about Child A")
    url = reverse(
        "public_reports:report_pdf", kwargs={"slug": partnership_a.slug, "report_id": pub.public_id}
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(pdf)
    assert "Findings" in text and "Child A was seen at the nursery" in text
    assert "Lead reviewer: Alex Reviewer" in text and partnership_a.name in text
    assert OFFICIAL_SENSITIVE not in text and CHILD_NAME not in text
    metadata = documents.pdf_metadata(pdf)
    assert metadata["Title"] == "Learning about Child A" and metadata["Author"] == partnership_a.name


def test_unknown_partnership_and_other_partnerships_report_are_404(client, partnership_a, partnership_b, bo_b, time_machine, unscoped):  # fmt: skip
    other = _published(partnership_b, bo_b, time_machine, "Bravo review")
    assert client.get(reverse("public_reports:list", kwargs={"slug": "no-such-place"})).status_code == 404
    url = reverse(
        "public_reports:report_pdf", kwargs={"slug": partnership_a.slug, "report_id": other.public_id}
    )
    assert client.get(url).status_code == 404
    assert client.post(reverse("public_reports:list", kwargs={"slug": partnership_a.slug})).status_code == 405
