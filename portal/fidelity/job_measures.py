"""The fidelity items about each job that the records show: the participant's own choice of
what the employer is told (V2), the career profile kept up with each job (V3), and support in
the job without end date (V12). Counted as in portal.fidelity.measures: the participants
served by the end of the period, restricted records left out; counts only, never a person.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.dates import local_today, team_zone
from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.core.identity import Team, User
from portal.fidelity.scales import Measured
from portal.meetings.models import Meeting, MeetingMode
from portal.placements.models import Category, ConsentEvent, EmployerConsent, Job, JobKind
from portal.reports.services import held_in, served_conditions, share_of

PROFILE_WITHIN = timedelta(days=30)  # a job's lessons go into the profile within a month
BEFORE_START = 7  # days: met within a week before the first day
AFTER_START = 3  # days: and within three days after it
WEEKS_FIRST_MONTH = 4  # then weekly for the first four weeks
MONTHS_AFTER = 11  # then monthly, to a year after the start
MONTH_DAYS = 30


def _served(team: Team, end: date):
    return select(User.id).where(*served_conditions([team.id], end))


def _jobs(team: Team, start: date, end: date, *where) -> list[Job]:
    return list(
        db.scalars(
            select(Job).where(
                Job.client_id.in_(_served(team, end)), Job.kind == JobKind.JOB, *where
            )
        )
    )


def participant_decided_disclosure(team: Team, start: date, end: date):
    """V2: of the jobs with an employer started in the period, the share whose participant
    had said themselves, by the first day, what that employer may be told."""
    jobs = _jobs(team, start, end, Job.employer_id.is_not(None), Job.start_date.between(start, end))
    first_choice: dict[tuple[int, int], date] = {}  # each participant and employer's earliest
    for client_id, employer_id, created_at in db.execute(
        select(ConsentEvent.client_id, EmployerConsent.employer_id, ConsentEvent.created_at)
        .join(EmployerConsent, EmployerConsent.id == ConsentEvent.consent_id)
        .where(
            ConsentEvent.category == Category.DISCLOSURE,
            ConsentEvent.actor_id == ConsentEvent.client_id,  # their own choice
            ConsentEvent.client_id.in_([job.client_id for job in jobs]),
        )
    ):
        day, key = created_at.astimezone(team_zone()).date(), (client_id, employer_id)
        first_choice[key] = min(day, first_choice.get(key, day))
    chosen = sum(
        1
        for job in jobs
        if first_choice.get((job.client_id, job.employer_id), date.max) <= job.start_date
    )
    numbers = {"jobs": len(jobs), "disclosure_decided": chosen}
    return Measured(share_of(chosen, len(jobs)), len(jobs), numbers)


def profile_kept_up(team: Team, start: date, end: date):
    """V3: of the job starts and endings in the period (a month past), the share after which
    the participant's career profile was brought up to date within a month."""
    closed = min(end, local_today() - PROFILE_WITHIN)  # later events still have time
    events = []
    for job in _jobs(team, start, end, held_in(start, end)):
        events += [(job.client_id, day) for day in (job.start_date, job.end_date) if day]
    events = [(client, day) for client, day in events if start <= day <= closed]
    edits = defaultdict(list)
    for client_id, at in db.execute(
        select(HistoryEntry.client_id, HistoryEntry.created_at).where(
            HistoryEntry.subject == "profile",
            HistoryEntry.action != "suggestion_set_aside",
            HistoryEntry.client_id.in_({client for client, _day in events}),
        )
    ):
        edits[client_id].append(at.astimezone(team_zone()).date())
    updated = sum(
        1
        for client, day in events
        if any(day <= edit <= day + PROFILE_WITHIN for edit in edits[client])
    )
    numbers = {"starts_and_endings": len(events), "profile_updated": updated}
    return Measured(share_of(updated, len(events)), len(events), numbers)


def due_windows(job: Job, last: date) -> list[tuple[date, date]]:
    """The follow-along contacts due for a job, each a window of days, up to `last`: within
    a week before the start, within three days after (the first week's), each of the next
    three weeks, then each month to a year after the start while the job lasts."""
    begin = job.start_date
    windows = [
        (begin - timedelta(days=BEFORE_START), begin - timedelta(days=1)),
        (begin, begin + timedelta(days=AFTER_START)),
    ]
    windows += [
        (begin + timedelta(weeks=week), begin + timedelta(weeks=week + 1) - timedelta(days=1))
        for week in range(1, WEEKS_FIRST_MONTH)
    ]
    month_one = begin + timedelta(weeks=WEEKS_FIRST_MONTH)
    windows += [
        (
            month_one + timedelta(days=MONTH_DAYS * month),
            month_one + timedelta(days=MONTH_DAYS * (month + 1) - 1),
        )
        for month in range(MONTHS_AFTER)
    ]
    until = min(last, job.end_date or last)
    return [(first, final) for first, final in windows if final <= until]


def follow_along_met(team: Team, start: date, end: date):
    """V12: of the follow-along contacts due in the period for the jobs held in it, the share
    that took place face to face."""
    last = min(end, local_today())
    jobs = _jobs(team, start, end, held_in(start - timedelta(days=BEFORE_START), end))
    met = defaultdict(list)
    for client_id, at in db.execute(
        select(Meeting.client_id, Meeting.starts_at).where(
            Meeting.client_id.in_({job.client_id for job in jobs}),
            Meeting.mode == MeetingMode.IN_PERSON,
            Meeting.cancelled_at.is_(None),
        )
    ):
        met[client_id].append(at.astimezone(team_zone()).date())
    due = kept = 0
    counted = set()
    for job in jobs:
        for first, final in due_windows(job, last):
            if not start <= final <= end:
                continue
            counted.add(job.id)
            due += 1
            kept += any(first <= day <= final for day in met[job.client_id])
    numbers = {"jobs": len(counted), "contacts_due": due, "contacts_met": kept}
    return Measured(share_of(kept, due), len(counted), numbers)
