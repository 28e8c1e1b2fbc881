"""The fidelity review's benefits planning figure (IPS item V1): of the job starts and changes of
hours in the period, how many had their benefits questions gone through; hidden when it rests
on 1 to 4, also in one month of a longer period."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db
from portal.placements.models import BenefitsReview
from portal.placements.services.benefits import benefits_planning_counts, mark_gone_through
from portal.reports.periods import MONTH, containing, smallest_containing
from tests.factories import make_job


def _job_starts(people, starts: list[date], gone_through: int) -> None:
    """Jobs for Anna and Bent starting on these days; the first `gone_through` of their
    reviews marked by the specialist. Inside an app context."""
    pairs = [("client_a", "specialist_a"), ("client_b", "specialist_b")]
    for n, start in enumerate(starts):
        client, specialist = (db.merge(people[key]) for key in pairs[n % 2])
        client.enrolled_on = start - timedelta(days=60)
        job = make_job(specialist, client, db.merge(people["employer"]), start_date=start)
        if n < gone_through:
            review = db.scalar(select(BenefitsReview).where(BenefitsReview.job_id == job.id))
            mark_gone_through(specialist, review)
    db.commit()


def _today(app) -> date:
    with app.app_context():
        return local_today()


def _figure_line(page: str) -> str:
    return page.split('id="benefits-planning">', 1)[1].split("</p>", 1)[0]


def test_the_report_says_at_how_many_job_starts_and_hours_changes(app, login_as, people):
    today = _today(app)
    with app.app_context():
        _job_starts(people, [today] * 6, gone_through=4)
        counted = benefits_planning_counts([people["team"].id], today, today)
    assert (counted.opened, counted.gone_through) == (6, 4)
    period = containing(today, MONTH).code
    lead = login_as("admin")
    page = lead.get(f"/reports?team={people['team'].id}&period={period}").text
    assert _figure_line(page) == (
        "Benefits questions gone through: 4 of 6 job starts and changes of hours."
    )
    rows = list(csv.DictReader(io.StringIO(lead.get(f"/reports.csv?period={period}").text)))
    [row] = [row for row in rows if row["measure"] == "benefits_planning"]
    assert (row["value"], row["group_size"]) == ("4", "6")


def test_fewer_than_five_are_hidden(app, login_as, people):
    today = _today(app)
    with app.app_context():
        _job_starts(people, [today] * 4, gone_through=1)
    period = containing(today, MONTH).code
    lead = login_as("admin")
    page = lead.get(f"/reports?team={people['team'].id}&period={period}").text
    assert _figure_line(page) == "Benefits planning: fewer than 5 job starts and hours changes."
    rows = list(csv.DictReader(io.StringIO(lead.get(f"/reports.csv?period={period}").text)))
    [row] = [row for row in rows if row["measure"] == "benefits_planning"]
    assert (row["value"], row["group_size"]) == ("", "suppressed")


def test_a_longer_period_is_hidden_when_one_month_of_it_would_be(app, login_as, people):
    """Five starts this month and two in the month beside it: seven in all, but the two would be
    the seven less this month's five, so the longer period hides its figure too."""
    this_month = containing(_today(app), MONTH)
    # The month before, or in January the one after: both in one year, so a whole period.
    other_day = this_month.start - timedelta(days=1)
    if other_day.year != this_month.start.year:
        other_day = this_month.end + timedelta(days=1)
    other_month = containing(other_day, MONTH)
    with app.app_context():
        _job_starts(people, [this_month.start] * 5 + [other_month.start] * 2, gone_through=5)
    both = smallest_containing(
        min(this_month.start, other_month.start), max(this_month.end, other_month.end)
    )
    lead = login_as("admin")
    page = lead.get(f"/reports?team={people['team'].id}&period={both.code}").text
    assert _figure_line(page) == "Benefits planning: fewer than 5 job starts and hours changes."
    page = lead.get(f"/reports?team={people['team'].id}&period={this_month.code}").text
    assert "gone through: 5 of 5" in _figure_line(page)
