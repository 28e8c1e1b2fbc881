"""The follow-along schedule: the days an employer is asked for a check-in after a job starts.

Support has no end date, so every schedule goes on (monthly at the slowest) until the job ends.
"""

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

from portal.placements.models import Schedule

# The standard IPS rhythm: weekly the first month, every other week up to three months.
STANDARD_WEEKLY_DAYS = (7, 14, 21, 28)
STANDARD_FORTNIGHTLY_DAYS = (42, 56, 70, 84)
STANDARD_MONTHLY_FROM = 3  # months after the start


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checkin_dates(start: date, schedule: Schedule) -> Iterator[date]:
    """Yield the check-in days after `start`, for ever (the caller stops)."""
    if schedule == Schedule.NONE:
        return
    if schedule == Schedule.STANDARD:
        for days in (*STANDARD_WEEKLY_DAYS, *STANDARD_FORTNIGHTLY_DAYS):
            yield start + timedelta(days=days)
        months = STANDARD_MONTHLY_FROM
        while True:
            months += 1
            yield add_months(start, months)
    if schedule == Schedule.MONTHLY:
        months = 0
        while True:
            months += 1
            yield add_months(start, months)
    step = timedelta(days=7 if schedule == Schedule.WEEKLY else 14)
    day = start
    while True:
        day += step
        yield day


def latest_due_date(start: date, schedule: Schedule, today: date) -> date | None:
    """The most recent check-in day on or before `today`, or None before the first one."""
    latest = None
    for day in checkin_dates(start, schedule):
        if day > today:
            break
        latest = day
    return latest


def next_due_date(start: date, schedule: Schedule, today: date) -> date | None:
    """The first check-in day after `today`, or None when there are no check-ins."""
    for day in checkin_dates(start, schedule):
        if day > today:
            return day
    return None


def upcoming_dates(start: date, schedule: Schedule, count: int) -> list[date]:
    """The first `count` check-in days, to show what the schedule means."""
    days = []
    for day in checkin_dates(start, schedule):
        if len(days) == count:
            break
        days.append(day)
    return days
