"""Recording jobs and education starts, ending them, and the client's struggling signal.

The specialist records jobs; the client decides whether to see the check-in answers and can
say "I'm struggling at work" at any time, which reaches the specialist at once.
"""

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.authz import is_own_client, load_client_record, may_write_own_words, require
from portal.core.countries import country_of
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.forms import FieldError
from portal.core.history import changed_fields, new_values, record_change
from portal.core.identity import EmployerOrganisation, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.versioning import check_version
from portal.occupations.services import group_of_title
from portal.placements.models import EndReason, Job, JobKind, Schedule, StrugglingSignal
from portal.placements.services.benefits import note_job_change, open_for_start
from portal.placements.services.consent import request_consent
from portal.placements.services.employers import is_contact_of


class JobError(FieldError):
    """Input that cannot be saved; `field` names the form field it concerns."""


@dataclass
class JobData:
    employer_id: int
    contact_id: int | None
    title: str
    start_date: date
    hours_per_week: Decimal | None
    hourly_wage: Decimal | None
    competitive: bool
    schedule: Schedule
    occupation: str | None = None  # an ISCO-08 sub-major group


@dataclass
class EducationData:
    school: str
    title: str
    start_date: date
    end_date: date | None
    hours_per_week: Decimal | None


def _check_employer(client: User, employer_id: int, contact_id: int | None):
    """The employer record and contact must be the client's team's own (see accounts.models)."""
    employer = db.get(EmployerOrganisation, employer_id)
    if employer is None or employer.team_id != client.team_id:
        raise JobError(_l("Choose an employer from the list."), "employer")
    if contact_id is not None:
        contact = db.get(User, contact_id)
        if contact is None or not is_contact_of(contact, employer):
            raise JobError(_l("Choose a contact person who works at this employer."), "contact")
    return employer


def _readable(changes: dict) -> dict:
    """History shows names, not row ids, for the employer and the contact person."""
    for field, model in (("employer_id", EmployerOrganisation), ("contact_id", User)):
        if field in changes:
            changes[field] = [
                (db.get(model, int(value)).name if value else None) for value in changes[field]
            ]
    return changes


def _typed_by_title(client: User, data: JobData) -> JobData:
    """A type of work left unchosen is the group the job title has in the national list of
    the client's country, when it has been imported and names the title under one group."""
    if data.occupation is not None:
        return data
    return replace(data, occupation=group_of_title(country_of(client), data.title))


def record_job(actor: User, client: User, data: JobData) -> Job:
    """Record a job; the employer is put on the client's consent page if it is not there,
    and the benefits questions are opened for both sides before it starts."""
    require(is_own_client(actor, client))
    data = _typed_by_title(client, data)
    employer = _check_employer(client, data.employer_id, data.contact_id)
    job = Job(client_id=client.id, kind=JobKind.JOB, recorded_by_id=actor.id, **asdict(data))
    db.add(job)
    db.flush()
    request_consent(actor, client, employer)
    changes = _readable(new_values(asdict(data)))
    record_change(actor, client.id, "job", job.id, "created", changes)
    open_for_start(actor, job)
    return job


def record_education(actor: User, client: User, data: EducationData) -> Job:
    require(is_own_client(actor, client))
    if data.end_date is not None and data.end_date < data.start_date:
        raise JobError(_l("The end date cannot be before the start date."), "end_date")
    job = Job(
        client_id=client.id,
        kind=JobKind.EDUCATION,
        schedule=Schedule.NONE,
        competitive=False,
        recorded_by_id=actor.id,
        **asdict(data),
    )
    db.add(job)
    db.flush()
    record_change(actor, client.id, "job", job.id, "created", new_values(asdict(data)))
    return job


def update_job(actor: User, job: Job, data: JobData, version: int | None) -> None:
    """Change a job's details; an older form raises EditConflict. New hours open the benefits
    questions again (portal.placements.services.benefits)."""
    require(is_own_client(actor, job.client) and job.kind == JobKind.JOB)
    check_version(job, version)
    data = _typed_by_title(job.client, data)
    employer = _check_employer(job.client, data.employer_id, data.contact_id)
    if data.start_date > (job.end_date or data.start_date):
        raise JobError(_l("The start date cannot be after the end date."), "start_date")
    hours_before, started = job.hours_per_week, job.start_date
    changes = changed_fields(job, asdict(data))
    if changes:
        request_consent(actor, job.client, employer)
        record_change(actor, job.client_id, "job", job.id, "edited", _readable(changes))
        note_job_change(actor, job, hours_before, started)
        db.flush()


def end_job(actor: User, job: Job, end_date: date, reason: EndReason) -> None:
    require(is_own_client(actor, job.client))
    if end_date < job.start_date:
        raise JobError(_l("The end date cannot be before the start date."), "end_date")
    changes = changed_fields(job, {"end_date": end_date, "end_reason": reason})
    if changes:
        record_change(actor, job.client_id, "job", job.id, "ended", changes)
        db.flush()


START_YEARS_BACK = 20  # a typing slip (1926 for 2026), not anyone's real start


def set_start_date(actor: User, client: User, started_on: date) -> None:
    """Correct the participant's start in IPS (the referral date by default, which the
    days to the first employer contact are counted from), keeping the change in the history."""
    require(is_own_client(actor, client))
    if started_on > local_today():
        raise JobError(_l("The start cannot be in the future."), "started_on")
    if started_on < local_today() - timedelta(days=366 * START_YEARS_BACK):
        raise JobError(_l("Choose a date in the last 20 years."), "started_on")
    changes = changed_fields(client, {"enrolled_on": started_on})
    if changes:
        record_change(actor, client.id, "start", client.id, "edited", changes)
        db.flush()


def set_client_sees_answers(actor: User, job: Job, visible: bool) -> None:
    require(may_write_own_words(actor, job.client))
    job.client_sees_answers = visible
    db.flush()


def list_jobs(client_id: int) -> list[Job]:
    """Current ones first, then by start, newest first."""
    return list(
        db.scalars(
            select(Job)
            .options(joinedload(Job.employer), joinedload(Job.contact))
            .where(Job.client_id == client_id)
            .order_by(Job.end_date.is_not(None), Job.start_date.desc(), Job.id.desc())
        )
    )


# --- "I'm struggling at work" -------------------------------------------------------------


def report_struggling(actor: User, job: Job, note: str | None) -> StrugglingSignal:
    """Record the signal and tell the specialist at once, by a content-free e-mail too."""
    client = job.client
    # Not while restricted: nobody would be told, and the button promises that someone is.
    require(may_write_own_words(actor, client) and client.restricted_at is None)
    signal = StrugglingSignal(job_id=job.id, client_id=client.id, note=note or None)
    db.add(signal)
    db.flush()
    link = external_url("jobs.job", job_id=job.id)
    specialist = client.specialist
    if specialist is not None and specialist.is_active:
        queue_email_in_language(
            specialist,
            _l("A participant has asked for your support"),
            "jobs/email/struggling.txt",
            about=client,
            education=job.kind == JobKind.EDUCATION,
            user=specialist,
            link=link,
        )
    return signal


def handle_signal(actor: User, signal: StrugglingSignal) -> None:
    require(is_own_client(actor, signal.client))
    if signal.handled_at is None:
        signal.handled_at, signal.handled_by_id = utcnow(), actor.id
        db.flush()


def open_signals(job: Job) -> list[StrugglingSignal]:
    return list(
        db.scalars(
            select(StrugglingSignal)
            .where(StrugglingSignal.job_id == job.id)
            .order_by(StrugglingSignal.handled_at.is_not(None), StrugglingSignal.id.desc())
            .limit(20)
        )
    )


def waiting_signal(job: Job) -> StrugglingSignal | None:
    """The client's latest signal on this job that the specialist has not yet followed up:
    the client's page keeps saying it was sent, and what happens next, until then."""
    return db.scalar(
        select(StrugglingSignal)
        .where(StrugglingSignal.job_id == job.id, StrugglingSignal.handled_at.is_(None))
        .order_by(StrugglingSignal.id.desc())
        .limit(1)
    )


def load_job(job_id: int) -> tuple[Job, User]:
    """Return a job and its client when the current user may see them, or answer 404."""
    return load_client_record(Job, job_id)


def load_signal(signal_id: int) -> tuple[StrugglingSignal, User]:
    return load_client_record(StrugglingSignal, signal_id)
