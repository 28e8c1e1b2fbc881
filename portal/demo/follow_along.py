"""What IPS Odense's demo year did around each job, so that its fidelity review has real
records to measure: most participants had a goal of their own that their specialist's
employer contacts followed (V5), said themselves, before the first day, what their employer
may be told (V2), updated their career profile two weeks in (V3), had a support plan for the
job (V11) and met their specialist face to face as the follow-along asks (V12). Some did
not: a review that only showed fives would teach nothing."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.core.identity import User
from portal.demo.history import HISTORY
from portal.demo.plans import save_profile
from portal.fidelity.job_measures import due_windows
from portal.goals.models import GoalKind
from portal.goals.services import GoalData, create_goal
from portal.meetings.models import Meeting, MeetingMode
from portal.placements.models import (
    ConsentEvent,
    Disclosure,
    EmployerConsent,
    EmployerContact,
    Job,
    JobKind,
)
from portal.placements.services.consent import set_disclosure
from portal.profiles.models import Section

SUPPORT_PLAN = (
    "Vi taler sammen i telefonen hver fredag. Behandleren hjælper med søvnen. "
    "Arbejdsgiveren ved kun det, deltageren selv har valgt."
)
LEFT_OUT = {"oliver@demo.ips-portal.dk", "karim@demo.ips-portal.dk"}  # what a review finds
MISSED_EVERY = 5  # one follow-along contact in five did not happen


WISHES = (
    "Et job med mennesker, 15-20 timer om ugen",
    "Arbejde udendørs, gerne med planter eller dyr",
    "Et roligt job i en butik tæt på hjemmet",
)


def load_demo_follow_along(users: dict[str, User], today: date) -> None:
    for number, (email, *_rest) in enumerate(HISTORY):
        client = users[email]
        if email not in LEFT_OUT:
            _contacts_follow(client, WISHES[number % len(WISHES)])
        for job in db.scalars(
            select(Job).where(Job.client_id == client.id, Job.kind == JobKind.JOB)
        ):
            _meetings(client, job, today)
            if email not in LEFT_OUT:
                _disclosure_before(client, job)
                _profile_after(client, job)
                job.support_plan = SUPPORT_PLAN
                job.support_plan_at = _at(job.start_date + timedelta(days=3))
    db.flush()


def _contacts_follow(client: User, wish: str) -> None:
    goal = create_goal(client, client, GoalData(GoalKind.JOB, wish, None))
    for contact in db.scalars(
        select(EmployerContact).where(EmployerContact.client_id == client.id)
    ):
        contact.goal_id = goal.id


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _disclosure_before(client: User, job: Job) -> None:
    consent = db.scalar(
        select(EmployerConsent).where(
            EmployerConsent.client_id == client.id, EmployerConsent.employer_id == job.employer_id
        )
    )
    with force_locale("da"):
        set_disclosure(client, consent, Disclosure.AGREED, "At jeg har en jobkonsulent.")
    db.flush()
    event = db.scalar(select(ConsentEvent).order_by(ConsentEvent.id.desc()).limit(1))
    event.created_at = _at(job.start_date - timedelta(days=5))


def _profile_after(client: User, job: Job) -> None:
    save_profile(client, Section.HISTORY, {"history": f"{job.title}, {job.place}."})
    entry = db.scalar(
        select(HistoryEntry)
        .where(HistoryEntry.client_id == client.id, HistoryEntry.subject == "profile")
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
    entry.created_at = _at(job.start_date + timedelta(days=14))


def _meetings(client: User, job: Job, today: date) -> None:
    for number, (first, _last) in enumerate(due_windows(job, today - timedelta(days=1))):
        while first.weekday() >= 5:  # each window holds a weekday: specialists work then
            first += timedelta(days=1)
        if number % MISSED_EVERY != MISSED_EVERY - 1:
            db.add(
                Meeting(
                    client_id=client.id,
                    specialist_id=client.specialist_id,
                    starts_at=_at(first, 9),
                    duration_minutes=30,
                    mode=MeetingMode.IN_PERSON,
                    place="Jobcentret, Odense",
                )
            )
