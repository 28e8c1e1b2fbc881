"""What a specialist should act on from follow-along: calls an employer asked for, answers that
say the job has ended or goes badly, missed check-ins, the participant's "I'm struggling"
signals and the benefits questions of a job start or a change of hours, shown on the
specialist's home page."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, select

from portal.core.authz import is_own_client, require
from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.placements.models import (
    CONCERN_RATING,
    CheckIn,
    Disclosure,
    EmployerConsent,
    EmployerOrganisation,
    Job,
    StrugglingSignal,
)
from portal.placements.services.benefits import caseload_reviews

# In every check-in link already sent: another salt would close them all.
LINK_SALT = "checkin-link"


@dataclass
class Attention:
    """What a specialist should act on: calls asked for, worrying answers, missed check-ins,
    struggling signals and benefits reviews.

    Each item is a row of only what the home page shows: `job_id`, `client_name`, `place`,
    and `due_date`, `still_working` and `rating` (check-ins) or `title`, `kind` and
    `created_at` (signals); benefits reviews are rows of
    portal.placements.services.benefits.caseload_reviews."""

    calls: list
    concerns: list
    missed: list
    signals: list
    reviews: list


# A missed check-in stays on the specialist's home page this long; the job page keeps it.
MISSED_SHOWN_FOR = timedelta(days=30)


def _for_caseload(query, specialist: User, client_id):
    """`query` (which reads a job) joined to the client, who must be in the specialist's
    caseload with a record that is not restricted, and to the employer, for the place."""
    return (
        query.join(User, User.id == client_id)
        .outerjoin(EmployerOrganisation, EmployerOrganisation.id == Job.employer_id)
        .where(User.specialist_id == specialist.id, User.restricted_at.is_(None))
    )


def open_concern():
    """An answer that the job has ended, or a rating of CONCERN_RATING or less, which the
    specialist has neither followed up nor settled by recording the end (CheckIn.concern_open
    says the same of one check-in). Reads CheckIn and Job."""
    return and_(
        CheckIn.answered_at.is_not(None),
        or_(CheckIn.still_working.is_(False), CheckIn.rating <= CONCERN_RATING),
        CheckIn.concern_followed_up_at.is_(None),
        Job.end_reason.is_(None),
    )


def specialist_attention(specialist: User) -> Attention:
    """Three queries, however large the caseload: one for both kinds of check-in, one for the
    struggling signals, one for the benefits reviews."""
    now = utcnow()
    place = func.coalesce(EmployerOrganisation.name, Job.school, "").label("place")  # Job.place
    client_name = User.name.label("client_name")
    call = and_(CheckIn.wants_call.is_(True), CheckIn.call_handled_at.is_(None))
    # Not missed when the employer could not answer: the participant has since withdrawn
    # the contact or chosen "say nothing", which closed the link (employer_may_see).
    employer_may_answer = (
        select(EmployerConsent.id)
        .where(
            EmployerConsent.client_id == Job.client_id,
            EmployerConsent.employer_id == Job.employer_id,
            EmployerConsent.may_contact.is_(True),
            EmployerConsent.disclosure.in_([Disclosure.YES, Disclosure.AGREED]),
        )
        .exists()
    )
    missed = and_(
        CheckIn.answered_at.is_(None),
        CheckIn.expires_at <= now,
        CheckIn.expires_at > now - MISSED_SHOWN_FOR,
        or_(Job.end_date.is_(None), Job.end_date >= CheckIn.due_date),
        employer_may_answer,
    )
    checkins = db.execute(
        _for_caseload(
            select(
                CheckIn.job_id,
                CheckIn.due_date,
                CheckIn.answered_at,
                CheckIn.still_working,
                CheckIn.rating,
                client_name,
                place,
                call.label("call"),
                open_concern().label("concern"),
                missed.label("missed"),
            ).join(Job, Job.id == CheckIn.job_id),
            specialist,
            Job.client_id,
        ).where(or_(call, open_concern(), missed))
    ).all()
    signals = db.execute(
        _for_caseload(
            select(
                StrugglingSignal.job_id,
                StrugglingSignal.created_at,
                client_name,
                Job.title,
                Job.kind,
                place,
            ).join(Job, Job.id == StrugglingSignal.job_id),
            specialist,
            StrugglingSignal.client_id,
        )
        .where(StrugglingSignal.handled_at.is_(None))
        .order_by(StrugglingSignal.id.desc())
    ).all()
    return Attention(
        calls=sorted((row for row in checkins if row.call), key=lambda row: row.answered_at),
        concerns=sorted((row for row in checkins if row.concern), key=lambda row: row.answered_at),
        missed=sorted(
            # Newest first; the job breaks a tie, so the order is the same on every load.
            (row for row in checkins if row.missed),
            key=lambda row: (row.due_date, row.job_id),
            reverse=True,
        ),
        signals=signals,
        reviews=caseload_reviews(specialist),
    )


def mark_call_handled(actor: User, checkin: CheckIn) -> None:
    require(is_own_client(actor, checkin.job.client))
    if checkin.call_handled_at is None:
        checkin.call_handled_at = utcnow()
        db.flush()


def mark_concern_followed_up(actor: User, checkin: CheckIn) -> None:
    """The specialist has talked it through and the job goes on (an end is recorded instead
    on the job's own form, which settles the concern too)."""
    require(is_own_client(actor, checkin.job.client))
    if checkin.concern_followed_up_at is None:
        checkin.concern_followed_up_at = utcnow()
        db.flush()
