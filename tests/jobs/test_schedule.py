"""The follow-along schedule generated from a job's start date."""

from calendar import monthrange
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from portal.placements.models import Schedule
from portal.placements.services.schedule import (
    add_months,
    latest_due_date,
    next_due_date,
    upcoming_dates,
)

START = date(2027, 1, 4)  # a Monday


def test_the_standard_schedule_is_weekly_then_fortnightly_then_monthly():
    assert upcoming_dates(START, Schedule.STANDARD, 11) == [
        date(2027, 1, 11),
        date(2027, 1, 18),
        date(2027, 1, 25),
        date(2027, 2, 1),  # four weekly check-ins in the first month
        date(2027, 2, 15),
        date(2027, 3, 1),
        date(2027, 3, 15),
        date(2027, 3, 29),  # every other week until twelve weeks
        date(2027, 5, 4),
        date(2027, 6, 4),
        date(2027, 7, 4),  # then monthly, with no end date
    ]


def test_other_rhythms_and_none():
    assert upcoming_dates(START, Schedule.WEEKLY, 3) == [
        date(2027, 1, 11),
        date(2027, 1, 18),
        date(2027, 1, 25),
    ]
    assert upcoming_dates(START, Schedule.FORTNIGHTLY, 2) == [date(2027, 1, 18), date(2027, 2, 1)]
    assert upcoming_dates(date(2027, 1, 31), Schedule.MONTHLY, 3) == [
        date(2027, 2, 28),  # a short month gets its last day
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert upcoming_dates(START, Schedule.NONE, 3) == []
    assert latest_due_date(START, Schedule.NONE, date(2030, 1, 1)) is None


def test_the_latest_and_next_due_dates():
    assert latest_due_date(START, Schedule.STANDARD, date(2027, 1, 10)) is None
    assert latest_due_date(START, Schedule.STANDARD, date(2027, 1, 11)) == date(2027, 1, 11)
    assert latest_due_date(START, Schedule.STANDARD, date(2027, 2, 20)) == date(2027, 2, 15)
    assert next_due_date(START, Schedule.STANDARD, date(2027, 2, 20)) == date(2027, 3, 1)
    # Years later the schedule still runs: support without end date.
    assert latest_due_date(START, Schedule.STANDARD, date(2031, 6, 10)) == date(2031, 6, 4)


@given(start=st.dates(date(2000, 1, 1), date(2090, 1, 1)), months=st.integers(0, 240))
@example(start=date(2000, 2, 29), months=204)  # to 28 February 2017 (found by hypothesis)
def test_adding_months_keeps_the_day_or_takes_the_months_last(start, months):
    later = add_months(start, months)
    assert (later.year - start.year) * 12 + later.month - start.month == months
    # The same day, or the month's last day when it is shorter (29 February to 28 February).
    assert later.day == min(start.day, monthrange(later.year, later.month)[1])
