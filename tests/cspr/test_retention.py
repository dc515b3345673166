"""Retention: a closed case past its period loses its personal data once; nothing else is touched.

Cases closed in March 2015 are past a 7-year retention (due March 2022); a case closed in 2024 is not
(due 2031). The job runs on 1 December 2026.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cspr import audit, retention, tasks
from cspr.models import Case, CaseEvent, RetentionEntry, RetentionRun
from cspr.models.cases import Stage
from cspr.tenancy import scope, scopes_disabled
from rapid_review.models import ScopingAttachment, ScopingRequest
from referrals.models import Child, FamilyMember, Referral
from tests.rapid_review.factories import ScopingAttachmentFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
RUN_DAY = date(2026, 12, 1)
ANONYMISED = retention.ANONYMISED


def closed_case(partnership, time_machine, *, on: date) -> Case:
    """A case with a referral (child, family), a scoping return with a file, closed on `on`."""
    time_machine.move_to(
        datetime.combine(on, datetime.min.time(), tzinfo=LONDON).replace(hour=10), tick=False
    )
    attachment = ScopingAttachmentFactory(request__partnership=partnership)
    with scopes_disabled():
        case = attachment.request.rapid_review.case
        case.stage = Stage.CLOSED
        case.save(update_fields=["stage"])
        audit.record(case=case, code="referral.withdrawn", by=None, reason="Jamie's family moved to Leeds")
    time_machine.move_to(datetime(2026, 12, 1, 2, 15, tzinfo=LONDON), tick=False)
    return case


@pytest.fixture
def overdue(partnership_a, time_machine) -> Case:
    return closed_case(partnership_a, time_machine, on=date(2015, 3, 2))


@pytest.fixture
def recent(partnership_a, time_machine) -> Case:
    return closed_case(partnership_a, time_machine, on=date(2024, 3, 4))


@pytest.fixture
def overdue_b(partnership_b, time_machine) -> Case:
    return closed_case(partnership_b, time_machine, on=date(2015, 3, 2))


def apply(partnership, **kwargs) -> RetentionRun:
    with scope(partnership):
        return retention.apply(partnership=partnership, today=RUN_DAY, **kwargs)


def personal_data(case: Case) -> dict:
    """What the case holds about the child and family, and its files, as a snapshot to compare."""
    with scopes_disabled():
        referral = Referral.unscoped.get(case=case)
        attachments = ScopingAttachment.unscoped.filter(request__rapid_review__case=case)
        return {
            "child": list(Child.unscoped.filter(referral=referral).values_list("name", "home_address")),
            "family": list(FamilyMember.unscoped.filter(referral=referral).values_list("name", flat=True)),
            "referrer": referral.referrer_name,
            "returns": list(
                ScopingRequest.unscoped.filter(rapid_review__case=case).values_list(
                    "involvement_summary", flat=True
                )
            ),
            "files": [a.file.name for a in attachments],
            "stored": [a.file.storage.exists(a.file.name) for a in attachments],
        }


def test_a_case_past_retention_is_anonymised_once(overdue, partnership_a, django_capture_on_commit_callbacks):
    before = personal_data(overdue)
    assert before["child"] == [("Jamie Example", "1 Example Street")] and before["stored"] == [True]
    with scopes_disabled():
        events_before = CaseEvent.unscoped.filter(case=overdue).count()
        stored = ScopingAttachment.unscoped.get(request__rapid_review__case=overdue).file

    with django_capture_on_commit_callbacks(execute=True):
        run = apply(partnership_a)

    after = personal_data(overdue)
    assert after["child"] == [(ANONYMISED, "")]
    assert after["family"] == [ANONYMISED] and after["referrer"] == ANONYMISED
    assert after["returns"] == [ANONYMISED] and after["files"] == []
    assert not stored.storage.exists(stored.name)
    with scopes_disabled():
        child = Child.unscoped.get(referral__case=overdue)
        assert child.date_of_birth == date(2020, 1, 1)  # the year stays for the statistics
        assert Referral.unscoped.get(case=overdue).decision_reason == ANONYMISED
        assert not Child.history.filter(name="Jamie Example").exists()
        assert not FamilyMember.history.filter(name="Alex Example").exists()
        # The audit trail is kept, with one more row saying what happened.
        assert CaseEvent.unscoped.filter(case=overdue).count() == events_before + 1
        event = CaseEvent.unscoped.get(case=overdue, code="case.personal_data_anonymised")
        assert event.data["children"] == 1 and event.data["uploaded files"] == 1
        assert event.reason == "Retention period ended on 2 Mar 2022"
        # A reason that repeated what someone typed is redacted; the event itself stays.
        withdrawn = CaseEvent.unscoped.get(case=overdue, code="referral.withdrawn")
        assert withdrawn.reason == ANONYMISED and event.data["audit reasons"] >= 1
        (entry,) = run.entries.all()
        assert (entry.reference, entry.action, entry.due_on) == (
            overdue.reference,
            RetentionEntry.Action.ANONYMISE,
            date(2022, 3, 2),
        )
    assert run.counts == {"cases": 1, **entry.counts}

    second = apply(partnership_a)
    assert second.counts == {}
    with scopes_disabled():
        assert not second.entries.exists()
        assert CaseEvent.unscoped.filter(case=overdue).count() == events_before + 1


def test_a_case_not_yet_due_and_another_partnership_are_untouched(overdue, recent, overdue_b, partnership_a):
    untouched = personal_data(recent), personal_data(overdue_b)
    run = apply(partnership_a)
    with scopes_disabled():
        assert [e.case_id for e in run.entries.all()] == [overdue.pk]
    assert (personal_data(recent), personal_data(overdue_b)) == untouched


def test_a_dry_run_changes_nothing(overdue, partnership_a, django_capture_on_commit_callbacks):
    before = personal_data(overdue)
    with django_capture_on_commit_callbacks(execute=True):
        run = apply(partnership_a, dry_run=True)
    assert personal_data(overdue) == before
    with scopes_disabled():
        assert run.dry_run and run.entries.count() == 1
        assert not CaseEvent.unscoped.filter(case=overdue, code__startswith="case.personal_data").exists()
    assert apply(partnership_a).counts["cases"] == 1  # a dry run does not count as done


def test_a_partnership_can_choose_deletion(overdue, partnership_a):
    partnership_a.option_overrides = {"retention_action": "delete"}
    partnership_a.save()
    apply(partnership_a)
    with scopes_disabled():
        assert not Child.unscoped.filter(referral__case=overdue).exists()
        assert not FamilyMember.unscoped.filter(referral__case=overdue).exists()
        assert not Child.history.filter(referral_id=Referral.unscoped.get(case=overdue).pk).exists()
        assert CaseEvent.unscoped.filter(case=overdue, code="case.personal_data_deleted").exists()


def test_a_partnership_can_keep_records_longer(overdue, partnership_a):
    partnership_a.option_overrides = {"retention_years": 15}  # due 2 March 2030
    partnership_a.save()
    assert apply(partnership_a).counts == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the audit guard is a PostgreSQL trigger")
def test_the_audit_rows_stay_protected(overdue, partnership_a):
    apply(partnership_a)
    with scopes_disabled(), pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.unscoped.filter(case=overdue).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the report guard is a PostgreSQL trigger")
def test_the_reports_cannot_be_rewritten_or_deleted(overdue, partnership_a):
    run = apply(partnership_a)
    assert run.finished_at is not None
    with scopes_disabled():
        entries = RetentionEntry.unscoped.filter(run=run)
        runs = RetentionRun.unscoped.filter(pk=run.pk)
        for attempt in (
            lambda: entries.update(reference="ALPH-1999-999"),
            lambda: entries.update(counts={}),
            lambda: entries.delete(),
            lambda: runs.update(counts={"cases": 0}),  # a finished run's totals are final
            lambda: runs.update(dry_run=True),
            # Django's PROTECT would stop this one first: ask the database itself.
            lambda: connection.cursor().execute("DELETE FROM cspr_retentionrun WHERE id = %s", [run.pk]),
        ):
            with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
                attempt()
        assert RetentionEntry.unscoped.get(run=run).reference == overdue.reference


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the report guard is a PostgreSQL trigger")
def test_a_run_is_finished_once_and_only_with_its_totals(partnership_a):
    with scopes_disabled():
        run = RetentionRun.unscoped.create(partnership=partnership_a)
        unfinished = RetentionRun.unscoped.filter(pk=run.pk)
        with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
            unfinished.update(dry_run=True, counts={"cases": 1})
        assert unfinished.update(counts={"cases": 1}, finished_at=timezone.now()) == 1
        with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
            unfinished.update(counts={"cases": 2})


def test_the_command_and_the_nightly_task(overdue, partnership_a, time_machine):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"{partnership_a.name}: 1 cases would be erased" in out.getvalue()
    assert overdue.reference in out.getvalue()
    assert personal_data(overdue)["referrer"] == "Pat Referrer"
    assert tasks.apply_retention()[partnership_a.slug] == 1
    assert personal_data(overdue)["referrer"] == ANONYMISED


# --- The report page and its CSV: business office and auditors only -----------------------------


def test_the_business_office_sees_the_report_and_its_csv(client, bo_a, overdue, partnership_a):
    run = apply(partnership_a)
    client.force_login(bo_a)
    page = client.get(reverse("retention_runs", kwargs={"partnership_slug": partnership_a.slug}))
    assert page.status_code == 200 and overdue.reference in page.content.decode()
    csv = client.get(
        reverse(
            "retention_run_csv",
            kwargs={"partnership_slug": partnership_a.slug, "retention_run_id": run.public_id},
        )
    )
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Case,Closed,Retention ended,Action")
    assert lines[1].startswith(f"{overdue.reference},2015-03-02,2022-03-02,Anonymised")
    assert lines[-1].startswith("Total,,,1 cases")


def test_it_requires_the_retention_permission(client, chair_a, partnership_a):
    client.force_login(chair_a)
    response = client.get(reverse("retention_runs", kwargs={"partnership_slug": partnership_a.slug}))
    assert response.status_code == 403


def test_it_hides_other_partnership(client, bo_b, overdue, partnership_a, partnership_b):
    run = apply(partnership_a)
    client.force_login(bo_b)
    response = client.get(
        reverse(
            "retention_run_csv",
            kwargs={"partnership_slug": partnership_b.slug, "retention_run_id": run.public_id},
        )
    )
    assert response.status_code == 404
