"""Benefits planning at the moments that matter (IPS fidelity item V1): a job start and a
change of its hours each open a review, which puts the team's benefits questions on the
participant's plan and asks both the participant and the specialist to go through them; either
marks it gone through. The fidelity review counts how many were (benefits_planning_counts).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from portal.core.authz import (
    is_own_client,
    load_client_record,
    may_view_client,
    may_write_own_words,
    require,
)
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.history import record_change
from portal.core.identity import EmployerOrganisation, Role, User
from portal.core.restriction import not_restricted
from portal.placements.models import BenefitsReview, Job, JobKind, ReviewReason
from portal.placements.services.benefit_questions import questions_for
from portal.plans.models import ItemKind, PlanItem
from portal.plans.services import add_item


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _add_questions(actor: User, client: User) -> None:
    """Put the team's questions on the plan's benefits list, but not twice: a question there
    already, open or ticked, stays as it is."""
    there = {
        _same(text)
        for text in db.scalars(
            select(PlanItem.text).where(
                PlanItem.client_id == client.id,
                PlanItem.kind == ItemKind.BENEFIT,
                PlanItem.removed_at.is_(None),
            )
        )
    }
    for text in questions_for(client):
        if text and _same(text) not in there:
            add_item(actor, client, ItemKind.BENEFIT, text, None)
            there.add(_same(text))


def _open_review(job: Job) -> BenefitsReview | None:
    return db.scalar(
        select(BenefitsReview)
        .where(BenefitsReview.job_id == job.id, BenefitsReview.done_at.is_(None))
        .order_by(BenefitsReview.id.desc())
        .limit(1)
    )


def open_for_start(actor: User, job: Job) -> BenefitsReview | None:
    """A job is recorded: the benefits questions before it starts (an education has none)."""
    if job.kind != JobKind.JOB:
        return None
    review = BenefitsReview(
        client_id=job.client_id,
        job_id=job.id,
        reason=ReviewReason.START,
        hours_after=job.hours_per_week,
        due_on=job.start_date,
    )
    db.add(review)
    _add_questions(actor, job.client)
    record_change(actor, job.client_id, "job", job.id, "benefits_opened")
    db.flush()
    return review


def note_job_change(actor: User, job: Job, hours_before: Decimal | None, started: date) -> None:
    """After a job's details changed: new hours open a review (one still open for the job is
    brought up to date instead: the questions are the same); a new start date moves an open
    start review with it. Hours written the same way, or a job that is over, open nothing."""
    if job.kind != JobKind.JOB:
        return
    review = _open_review(job)
    if review is not None and review.reason == ReviewReason.START and job.start_date != started:
        review.due_on = job.start_date
    if job.hours_per_week is None or job.hours_per_week == hours_before:
        return
    if job.has_ended(local_today()):
        return
    if review is None:
        review = BenefitsReview(
            client_id=job.client_id,
            job_id=job.id,
            reason=ReviewReason.HOURS,
            hours_before=hours_before,
            due_on=local_today(),
        )
        db.add(review)
        changes = {"hours_per_week": [_text(hours_before), _text(job.hours_per_week)]}
        record_change(actor, job.client_id, "job", job.id, "benefits_opened", changes)
    review.hours_after = job.hours_per_week
    _add_questions(actor, job.client)
    db.flush()


def _text(hours: Decimal | None) -> str | None:
    return None if hours is None else str(hours)


def mark_gone_through(actor: User, review: BenefitsReview) -> None:
    """The participant or their specialist says the questions are gone through."""
    client = review.job.client
    require(may_view_client(actor, client))
    require(may_write_own_words(actor, client) or is_own_client(actor, client))
    if review.done_at is None:
        review.done_at, review.done_by_id = utcnow(), actor.id
        record_change(actor, client.id, "job", review.job_id, "benefits_gone_through")
        db.flush()


def open_review_of(client_id: int):
    """The condition of a review of the participant's not yet gone through."""
    return and_(BenefitsReview.client_id == client_id, BenefitsReview.done_at.is_(None))


def open_reviews(client_id: int, job_id: int | None = None) -> list[BenefitsReview]:
    """The participant's reviews not yet gone through, oldest first, with their jobs."""
    query = (
        select(BenefitsReview)
        .options(joinedload(BenefitsReview.job).joinedload(Job.employer))
        .where(open_review_of(client_id))
        .order_by(BenefitsReview.id)
    )
    if job_id is not None:
        query = query.where(BenefitsReview.job_id == job_id)
    return list(db.scalars(query))


def caseload_reviews(specialist: User) -> list:
    """Open reviews of the specialist's caseload (not of restricted records), for the home
    page: one query, rows of `id`, `client_name`, `job_id`, `reason`, `due_on`, `hours_after`
    and `place`."""
    return db.execute(
        select(
            BenefitsReview.id,
            BenefitsReview.job_id,
            BenefitsReview.reason,
            BenefitsReview.due_on,
            BenefitsReview.hours_after,
            User.name.label("client_name"),
            func.coalesce(EmployerOrganisation.name, "").label("place"),
        )
        .join(Job, Job.id == BenefitsReview.job_id)
        .join(User, User.id == BenefitsReview.client_id)
        .outerjoin(EmployerOrganisation, EmployerOrganisation.id == Job.employer_id)
        .where(
            User.specialist_id == specialist.id,
            User.restricted_at.is_(None),
            BenefitsReview.done_at.is_(None),
        )
        .order_by(BenefitsReview.due_on, BenefitsReview.id)
    ).all()


@dataclass
class PlanningCount:
    """Job starts and hours changes in a period, and how many were gone through."""

    opened: int
    gone_through: int


def benefits_planning_counts(team_ids: list[int], start: date, end: date) -> PlanningCount:
    """Reviews of participants of these teams whose day (the job start, or the change of
    hours) is in [start, end]; restricted records are not counted (portal.reports)."""
    opened, done = db.execute(
        select(func.count(BenefitsReview.id), func.count(BenefitsReview.done_at))
        .join(User, User.id == BenefitsReview.client_id)
        .where(
            User.role == Role.CLIENT,
            User.team_id.in_(team_ids),
            User.enrolled_on <= end,
            not_restricted(),
            BenefitsReview.due_on.between(start, end),
        )
    ).one()
    return PlanningCount(opened, done)


def load_review(review_id: int) -> tuple[BenefitsReview, User]:
    """Return a review and its participant when the current user may see them, or 404."""
    return load_client_record(BenefitsReview, review_id)
