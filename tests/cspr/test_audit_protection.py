"""On PostgreSQL the database itself refuses to change or delete audit rows."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from cspr import audit
from cspr.models import CaseEvent

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")


@pytest.mark.django_db
def test_an_audit_row_cannot_be_rewritten_or_deleted(case_a, bo_a):
    event = audit.record(case=case_a, code="case.opened", by=bo_a, needs_processing=True)
    for attempt in (
        lambda: CaseEvent.unscoped.filter(pk=event.pk).update(reason="rewritten"),
        lambda: CaseEvent.unscoped.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
            attempt()
    # The outbox claim is the one permitted change.
    assert CaseEvent.unscoped.filter(pk=event.pk).update(processed_at=timezone.now()) == 1


@pytest.mark.django_db
def test_a_reason_may_only_be_redacted_and_nothing_else_with_it(case_a, bo_a):
    from cspr.retention import ANONYMISED

    event = audit.record(case=case_a, code="case.opened", by=bo_a, reason="Jamie's mother called")
    rows = CaseEvent.unscoped.filter(pk=event.pk)
    for attempt in (
        lambda: rows.update(reason="Someone else called"),
        lambda: rows.update(reason=ANONYMISED, code="case.clock_paused"),
    ):
        with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
            attempt()
    # The retention job's redaction (cspr.retention, migration 0007) is the one change to a reason allowed.
    assert rows.update(reason=ANONYMISED) == 1
    with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
        rows.update(reason="Jamie's mother called")
