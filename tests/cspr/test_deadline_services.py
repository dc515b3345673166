"""Deadlines as stored instructions: started from the framework, re-projected on pause, resume and closures."""

from __future__ import annotations

from datetime import date

import pytest

from cspr import services
from cspr.deadlines import services as deadlines
from cspr.models import Deadline, DeadlineProjection
from cspr.tenancy import scope
from tests.factories import PartnershipFactory


def _local_date(dt):
    from django.utils import timezone

    return timezone.localtime(dt).date()


@pytest.fixture
def case(partnership_a, bo_a):
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child A",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )


@pytest.mark.django_db
def test_opening_a_case_starts_the_15_working_day_clock_across_christmas(case, partnership_a):
    with scope(partnership_a):
        clock = Deadline.objects.get(case=case, key="complete_rapid_review")
    # Fri 18 Dec 2026 + 15 WD, skipping 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan 2027.
    assert _local_date(clock.due_at) == date(2027, 1, 13)
    assert "Fri 25 Christmas Day" in clock.explanation
    assert "Mon 28 Boxing Day (substitute)" in clock.explanation
    assert clock.explanation.endswith("due Wed 13 Jan 2027")


@pytest.mark.django_db
def test_case_references_count_up_per_partnership(case, partnership_a, bo_a):
    with scope(partnership_a):
        second = services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child B",
            aware_of_incident=date(2026, 12, 1),
            referral_received=date(2026, 12, 2),
            by=bo_a,
        )
    assert case.reference.endswith("-2026-001")
    assert second.reference.endswith("-2026-002")


@pytest.mark.django_db
def test_awareness_after_referral_is_refused(partnership_a, bo_a):
    with scope(partnership_a), pytest.raises(services.ServiceError, match="cannot be after"):
        services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child A",
            aware_of_incident=date(2026, 12, 19),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )


@pytest.mark.django_db
def test_pause_and_resume_extend_the_deadline_by_the_paused_working_days(case, partnership_a, bo_a):
    with scope(partnership_a):
        deadlines.pause_case(case=case, on=date(2027, 1, 4), reason="Awaiting criminal proceedings", by=bo_a)
        clock = Deadline.objects.get(case=case, key="complete_rapid_review")
        assert clock.due_at is None
        assert "Awaiting criminal proceedings" in clock.explanation

        deadlines.resume_case(case=case, on=date(2027, 1, 11), by=bo_a)  # Mon 4 to Fri 8 Jan: 5 WD paused
        clock.refresh_from_db()
        assert _local_date(clock.due_at) == date(2027, 1, 20)
        causes = list(DeadlineProjection.objects.filter(deadline=clock).values_list("cause", flat=True))
    assert causes == ["started", "paused: Awaiting criminal proceedings", "resumed"]


@pytest.mark.django_db
def test_pausing_twice_and_resuming_unpaused_clocks_are_refused(case, partnership_a, bo_a):
    with scope(partnership_a):
        with pytest.raises(deadlines.ClockError, match=deadlines.CLOCK_NOT_PAUSED):
            deadlines.resume_case(case=case, on=date(2027, 1, 4), by=bo_a)
        deadlines.pause_case(case=case, on=date(2027, 1, 4), reason="Inquest", by=bo_a)
        with pytest.raises(deadlines.ClockError, match=deadlines.CLOCK_ALREADY_PAUSED):
            deadlines.pause_case(case=case, on=date(2027, 1, 5), reason="Again", by=bo_a)
        with pytest.raises(deadlines.ClockError, match=deadlines.RESUME_BEFORE_PAUSE):
            deadlines.resume_case(case=case, on=date(2027, 1, 1), by=bo_a)


@pytest.mark.django_db
def test_a_closure_day_moves_open_deadlines_and_withdrawing_it_moves_them_back(case, partnership_a, bo_a):
    with scope(partnership_a):
        moved = services.declare_closure_day(
            partnership=partnership_a, on=date(2026, 12, 29), reason="Office closed", by=bo_a
        )
        clock = Deadline.objects.get(case=case, key="complete_rapid_review")
        assert moved == 1
        assert _local_date(clock.due_at) == date(2027, 1, 14)
        assert "Tue 29 Office closed" in clock.explanation

        with pytest.raises(services.ServiceError, match=services.CLOSURE_EXISTS):
            services.declare_closure_day(
                partnership=partnership_a, on=date(2026, 12, 29), reason="Again", by=bo_a
            )

        services.withdraw_closure_day(partnership=partnership_a, on=date(2026, 12, 29), by=bo_a)
        clock.refresh_from_db()
    assert _local_date(clock.due_at) == date(2027, 1, 13)


@pytest.mark.django_db
def test_another_partnerships_closure_day_does_not_move_this_clock(case, partnership_a, partnership_b, bo_b):
    with scope(partnership_b):
        services.declare_closure_day(
            partnership=partnership_b, on=date(2026, 12, 29), reason="Closed", by=bo_b
        )
    with scope(partnership_a):
        clock = Deadline.objects.get(case=case, key="complete_rapid_review")
    assert _local_date(clock.due_at) == date(2027, 1, 13)


@pytest.mark.django_db
def test_starting_a_running_clock_again_keeps_the_first(case, partnership_a):
    with scope(partnership_a):
        again = deadlines.start(
            case=case, key="complete_rapid_review", origin=date(2026, 12, 20), origin_label="x"
        )
        assert Deadline.objects.filter(case=case, key="complete_rapid_review").count() == 1
    assert _local_date(again.due_at) == date(2027, 1, 13)


@pytest.mark.django_db
def test_a_timescale_the_procedure_does_not_set_starts_no_clock(case, partnership_a):
    with scope(partnership_a):  # West Midlands has no 72-hour subgroup step (Cambridgeshire & Peterborough)
        assert (
            deadlines.start(case=case, key="subgroup_views", origin=date(2026, 12, 18), origin_label="x")
            is None
        )


@pytest.mark.django_db
def test_the_framework_decides_the_figure(partnership_a):
    lewisham = PartnershipFactory(slug="lewisham-test", procedure="lewisham")
    assert partnership_a.framework.timescale("scoping_return").amount == 5
    scoping = lewisham.framework.timescale("scoping_return")
    assert (scoping.amount, scoping.time_of_day.hour) == (6, 17)
