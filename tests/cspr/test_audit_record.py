"""audit.record() keeps every event, whatever the length of what it names."""

from datetime import UTC

import pytest

from cspr import audit
from cspr.models import CaseEvent

pytestmark = pytest.mark.django_db


def test_a_long_subject_is_cut_not_refused(case_a, bo_a, unscoped):
    name = "scoping request to Birmingham City Council Education Safeguarding and Attendance Service"
    event = audit.record(case=case_a, code="scoping.request_sent", by=bo_a, subject=name)
    event.refresh_from_db()
    limit = CaseEvent._meta.get_field("subject").max_length
    assert len(event.subject) == limit
    assert event.subject.endswith("…")
    assert name.startswith(event.subject[:-1])


def test_a_deadline_for_a_long_agency_name_is_kept(case_a, unscoped):
    from datetime import datetime

    from cspr.deadlines import services as deadlines
    from cspr.models import Deadline

    name = "Birmingham City Council Education Safeguarding and Attendance Service (Schools)"
    deadline = deadlines.start(
        case=case_a,
        key="scoping_return",
        origin=datetime(2026, 12, 21, 10, tzinfo=UTC),
        origin_label="request sent",
        subject=name,
    )
    deadline.refresh_from_db()
    assert len(deadline.subject) == Deadline._meta.get_field("subject").max_length
    assert deadline.subject.endswith("…")
