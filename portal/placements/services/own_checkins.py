"""The participant's own check-in: on the job's check-in days their home page asks "How is
work going?" (one tap: good, up and down, or hard right now). Only they and their specialist
read the answers, never the employer; "hard right now" tells the specialist at once, as the
"Is work hard right now?" button does.

The days are the employer's schedule (schedule.py); a job without employer check-ins still
asks the participant, on the standard IPS rhythm. A day's question waits ANSWER_DAYS.
"""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core.authz import require
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from portal.placements.models import Feeling, Job, OwnCheckIn, Schedule
from portal.placements.services.checkins import newest_days_first
from portal.placements.services.jobs import report_struggling
from portal.placements.services.schedule import latest_due_date

ANSWER_DAYS = 14
SHOWN_ANSWERS = 50


def own_schedule(job: Job) -> Schedule:
    return Schedule.STANDARD if job.schedule == Schedule.NONE else job.schedule


def _open_day(job: Job, today: date) -> date | None:
    """The job's latest check-in day while its question still waits, else None."""
    if not job.is_current(today):
        return None
    due = latest_due_date(job.start_date, own_schedule(job), today)
    return due if due is not None and today - due <= timedelta(days=ANSWER_DAYS) else None


def waiting_questions(client: User, jobs: list[Job]) -> list[tuple[Job, date]]:
    """(job, check-in day) for each of the client's `jobs` whose question waits for them."""
    if client.restricted_at is not None:
        return []  # a restricted record is kept, not added to (answer_own_checkin refuses)
    today = local_today()
    open_days = {job.id: day for job in jobs if (day := _open_day(job, today))}
    if not open_days:
        return []
    answered = set(
        db.execute(
            select(OwnCheckIn.job_id, OwnCheckIn.due_date).where(
                OwnCheckIn.client_id == client.id, OwnCheckIn.job_id.in_(open_days)
            )
        ).all()
    )
    return [
        (job, open_days[job.id])
        for job in jobs
        if job.id in open_days and (job.id, open_days[job.id]) not in answered
    ]


def answer_own_checkin(actor: User, job: Job, feeling: Feeling) -> bool:
    """Store the participant's answer for the job's open check-in day. Return False when
    there is none to answer (already answered, or not a check-in day)."""
    client = job.client
    require(actor.id == client.id and client.restricted_at is None)
    due = _open_day(job, local_today())
    if due is None:
        return False
    try:
        with db.begin_nested():
            db.add(OwnCheckIn(job_id=job.id, client_id=client.id, due_date=due, feeling=feeling))
    except IntegrityError:
        return False
    if feeling == Feeling.HARD:
        report_struggling(actor, job, None)
    return True


def list_own_checkins(job: Job) -> list[OwnCheckIn]:
    return newest_days_first(OwnCheckIn, job, SHOWN_ANSWERS)
