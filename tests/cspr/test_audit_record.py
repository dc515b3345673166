"""audit.record() keeps every event, whatever the length of what it names."""

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
