"""Sending due check-ins, the one-time link behind them, and answering them once.

The link is the employer's only key, so it is signed, expires, works once, and is checked
against the client's consent every time it is opened: a withdrawal closes it at once.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.core.authz import is_own_client, load_or_deny, may_view_client, require
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import EmployerContactLink, Role, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import of_usable_client
from portal.core.signed_links import LinkProblem, hash_token, new_token, read, refuse_spent, sign
from portal.placements.models import (
    CheckIn,
    Disclosure,
    EmployerConsent,
    Job,
    JobKind,
    Schedule,
)
from portal.placements.services.consent import get_consent
from portal.placements.services.disclosure import Voice, employer_voice, employer_words
from portal.placements.services.schedule import latest_due_date

# In every check-in link already sent: another salt would close them all.
LINK_SALT = "checkin-link"


@dataclass
class Answer:
    still_working: bool
    hours: Decimal | None
    rating: int
    wants_call: bool
    comment: str | None


def sign_checkin_link(checkin_id: int, raw: str) -> str:
    """The token in a check-in's link: the check-in and its raw token, signed and dated."""
    return sign([checkin_id, raw], LINK_SALT)


# --- sending ----------------------------------------------------------------------------


def _active_jobs(today: date):
    return db.scalars(
        select(Job)
        .options(joinedload(Job.client), joinedload(Job.contact), joinedload(Job.employer))
        .where(
            Job.kind == JobKind.JOB,
            Job.schedule != Schedule.NONE,
            Job.contact_id.is_not(None),
            Job.start_date <= today,
            or_(Job.end_date.is_(None), Job.end_date >= today),
        )
        .order_by(Job.id)
    ).all()


@dataclass
class CheckinRun:
    """What one run of `flask checkins send` did, in counts (no one is named in the log)."""

    sent: int = 0
    without_contact: int = 0  # due, but the job has no contact person with an e-mail
    not_allowed: int = 0  # due, but the participant has not allowed the employer to be told


def send_due_checkins(today: date) -> CheckinRun:
    """Ask for every check-in that is due and not yet asked; return what was sent and why
    the others were not.

    Runs from a timer (`flask checkins send`); safe to run twice, and in several copies.
    Only the latest due day is asked for, so a pause in running does not send a pile.
    """
    run = CheckinRun()
    for job in _active_jobs(today):
        due = latest_due_date(job.start_date, job.schedule, today)
        if due is None:
            continue
        contact = job.contact
        if contact is None or not contact.email:
            run.without_contact += 1
            continue
        if employer_voice(get_consent(job.client_id, job.employer_id)) == Voice.SILENT:
            # Without consent to contact, or with "say nothing" (or no answer yet), nobody there
            # is asked anything: even a neutral question would tell them (see disclosure.py).
            run.not_allowed += 1
            continue
        exists = db.scalar(
            select(CheckIn.id).where(CheckIn.job_id == job.id, CheckIn.due_date >= due)
        )
        if exists is None and send_checkin(job, due):
            run.sent += 1
    return run


def send_checkin(job: Job, due: date) -> str | None:
    """Create the check-in for `due` and e-mail its link in the voice the client chose for
    this employer; return the link (None if another scheduler created it a moment ago, or the
    client has not allowed anything to be said to this employer)."""
    words = employer_words(job, get_consent(job.client_id, job.employer_id))
    if words["voice"] == Voice.SILENT:
        return None
    raw = new_token()
    checkin = CheckIn(
        job_id=job.id,
        contact_id=job.contact_id,
        due_date=due,
        token_hash=hash_token(raw),
        expires_at=utcnow() + current_app.config["CHECKIN_LINK_MAX_AGE"],
    )
    try:
        with db.begin_nested():
            db.add(checkin)
    except IntegrityError:
        return None
    contact = job.contact
    link = external_url("checkins.answer_by_link", token=sign_checkin_link(checkin.id, raw))
    queue_email_in_language(
        contact,
        _l("How is it going at work? A check-in from the IPS team")
        if words["voice"] == Voice.OPEN
        else _l("How is it going at work? A short check-in"),
        "checkins/email/checkin.txt",
        about=job.client,
        contact=contact,
        link=link,
        expires=checkin.expires_at.date(),
        **words,
    )
    return link


def checkin_id_in_link(token: str) -> int | None:
    """The check-in a link's token (signature checked, age not) is for, or None."""
    try:
        checkin_id, _raw = read(token, LINK_SALT)
    except (LinkProblem, TypeError, ValueError):
        return None
    return checkin_id if type(checkin_id) is int else None


# --- the link ---------------------------------------------------------------------------


def checkin_from_link(token: str) -> CheckIn:
    """Return the check-in a link opens, or raise LinkProblem: "invalid", "expired", "used",
    or "closed" once the client no longer lets the employer be asked (answered with 404)."""
    payload = read(token, LINK_SALT, current_app.config["CHECKIN_LINK_MAX_AGE"])
    try:
        checkin_id, raw = payload
    except (TypeError, ValueError):
        raise LinkProblem("invalid") from None
    checkin = db.get(CheckIn, checkin_id) if type(checkin_id) is int else None
    if checkin is None or not isinstance(raw, str) or checkin.token_hash != hash_token(raw):
        raise LinkProblem("invalid")
    if not employer_may_see(checkin):
        raise LinkProblem("closed")
    refuse_spent(checkin, checkin.answered_at, checkin.expires_at)
    return checkin


def employer_may_see(checkin: CheckIn) -> bool:
    """True while the client lets the specialist contact this employer and tell them something
    (disclosure "yes" or "only what we agreed"), and the job ran then."""
    job = checkin.job
    return _job_ran_on(job, checkin.due_date) and _employer_may_be_told(job)


def _job_ran_on(job: Job, day: date) -> bool:
    return job.end_date is None or job.end_date >= day


def _employer_may_be_told(job: Job) -> bool:
    return employer_voice(get_consent(job.client_id, job.employer_id)) != Voice.SILENT


def shown_to_employer(checkin: CheckIn) -> dict:
    """Only what the client consented to, in the voice of their disclosure answer."""
    job = checkin.job
    return employer_words(job, get_consent(job.client_id, job.employer_id))


def answer_checkin(
    checkin: CheckIn, answer: Answer, by: User | None = None, by_phone: bool = False
) -> bool:
    """Store the answer once: the UPDATE only matches an unanswered check-in. Return True
    when this call stored it (a second submit, even at the same moment, stores nothing)."""
    result = db.execute(
        update(CheckIn)
        .where(CheckIn.id == checkin.id, CheckIn.answered_at.is_(None))
        .values(
            answered_at=utcnow(),
            answered_by_id=by.id if by else None,
            by_phone=by_phone,
            still_working=answer.still_working,
            hours=answer.hours,
            rating=answer.rating,
            wants_call=answer.wants_call,
            comment=answer.comment or None,
        )
        .execution_options(synchronize_session=False)
    )
    db.flush()
    return result.rowcount == 1


def may_record_phone_answer(actor: User, checkin: CheckIn) -> bool:
    """The client's own specialist, for a check-in that waits (or went unanswered), while the
    client still lets them talk to this employer about them."""
    return (
        checkin.answered_at is None
        and is_own_client(actor, checkin.job.client)
        and employer_may_see(checkin)
    )


def phone_answerable(actor: User, job: Job, checkins: list[CheckIn]) -> set[int]:
    """The ids among the job's `checkins` for which may_record_phone_answer holds, with the
    participant's consent read once for the job, not once per check-in."""
    waiting = [checkin for checkin in checkins if checkin.answered_at is None]
    if not waiting or not is_own_client(actor, job.client) or not _employer_may_be_told(job):
        return set()
    return {checkin.id for checkin in waiting if _job_ran_on(job, checkin.due_date)}


def record_phone_answer(actor: User, checkin: CheckIn, answer: Answer) -> bool:
    """The specialist writes down what the employer said on the phone; the check-in counts as
    answered (its link no longer asks). Return True when this call stored it."""
    require(may_record_phone_answer(actor, checkin))
    return answer_checkin(checkin, answer, by=actor, by_phone=True)


# --- who sees which check-ins -------------------------------------------------------------


def list_checkins(job: Job, limit: int = 50) -> list[CheckIn]:
    return newest_days_first(CheckIn, job, limit)


def newest_days_first(model, job: Job, limit: int) -> list:
    """A job's check-ins of one kind (the employer's, or the participant's own), the latest
    check-in day first."""
    return list(
        db.scalars(
            select(model).where(model.job_id == job.id).order_by(model.due_date.desc()).limit(limit)
        )
    )


def employer_placements(contact: User) -> list[tuple[Job, EmployerConsent, CheckIn | None]]:
    """The jobs this contact is asked about, only where the client consents to contact and
    to telling them something, each with its open check-in (if one is waiting)."""
    require(contact.role == Role.EMPLOYER)
    today = local_today()
    open_checkin = (
        select(func.max(CheckIn.id))
        .where(
            CheckIn.job_id == Job.id,
            CheckIn.answered_at.is_(None),
            CheckIn.expires_at > utcnow(),
        )
        .scalar_subquery()
    )
    rows = db.execute(
        select(Job, EmployerConsent, open_checkin)
        .options(joinedload(Job.client))
        .join(
            EmployerConsent,
            (EmployerConsent.client_id == Job.client_id)
            & (EmployerConsent.employer_id == Job.employer_id),
        )
        .where(
            Job.contact_id == contact.id,
            # Each team's record of the workplace that this person is a contact at.
            Job.employer_id.in_(
                select(EmployerContactLink.employer_id).where(
                    EmployerContactLink.user_id == contact.id
                )
            ),
            of_usable_client(Job.client_id),  # restricted records: not the employer's to see
            EmployerConsent.may_contact.is_(True),
            # "Say nothing" or no answer yet: the placement is not theirs to see (disclosure.py).
            EmployerConsent.disclosure.in_([Disclosure.YES, Disclosure.AGREED]),
            or_(Job.end_date.is_(None), Job.end_date >= today),
        )
        .order_by(Job.start_date.desc())
    ).all()
    waiting = {
        c.id: c
        for c in db.scalars(select(CheckIn).where(CheckIn.id.in_([r[2] for r in rows if r[2]])))
    }
    return [(job, consent, waiting.get(checkin_id)) for job, consent, checkin_id in rows]


def load_checkin_for_contact(contact: User, checkin_id: int) -> CheckIn | None:
    """The check-in a signed-in employer contact may answer, or None (answered with 404)."""
    checkin = db.get(CheckIn, checkin_id)
    if checkin is None or contact.role != Role.EMPLOYER:
        return None
    job = checkin.job
    linked = db.get(EmployerContactLink, (contact.id, job.employer_id)) if job.employer_id else None
    if job.contact_id != contact.id or linked is None:
        return None
    return checkin if employer_may_see(checkin) else None


def load_checkin(checkin_id: int) -> CheckIn:
    """Return a check-in whose client the current user may see, or answer 404."""
    return load_or_deny(
        CheckIn,
        checkin_id,
        lambda checkin: may_view_client(current_user, checkin.job.client),
        noted_client=lambda checkin: checkin.job.client_id,
    )
