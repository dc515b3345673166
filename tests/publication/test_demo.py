"""The demo builder publishes the approved reports it finds, through the real workflow: one online, one not
published (its improvements published), one in its notice period, one planned."""

from __future__ import annotations

import pytest

from cspr.tasks import process_outbox
from publication import demo
from publication.models import Publication
from tests.factories import PartnershipFactory, UserFactory
from tests.publication.factories import TODAY, approved_review

pytestmark = pytest.mark.django_db
State = Publication.State


@pytest.mark.parametrize("procedure", ["west-midlands", "northamptonshire"])
def test_it_builds_every_demo_state(procedure, time_machine, unscoped):
    time_machine.move_to(TODAY, tick=False)
    partnership = PartnershipFactory(slug=f"demo-{procedure}", procedure=procedure)
    for _ in demo.STOPS:
        approved_review(partnership)
    assert demo.build(partnership=partnership, by=UserFactory()) == 4
    process_outbox()  # the copies go, so the notice period runs
    states = set(Publication.unscoped.filter(partnership=partnership).values_list("state", flat=True))
    assert states == {
        State.AVAILABLE_ONLINE,
        State.IMPROVEMENTS_PUBLISHED,
        State.NOTICE_PERIOD,
        State.PLANNED,
    }
