"""The group size of each figure for each team and month of a period (the leaves of
portal.core.suppression), in five queries however many teams and months: the same definitions as
portal.reports.services, counted per month in Python from one row per client or job."""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select

from portal.core.db import db
from portal.core.identity import User
from portal.core.suppression import too_small
from portal.placements.models import BenefitsReview, EmployerContact, Job, JobKind
from portal.reports.periods import Period
from portal.reports.services import RETENTION_DAYS, held_in, served_conditions


def hidden_leaves(team_ids: list[int], period: Period) -> set[tuple[str, int, date]]:
    """(figure key or "job_endings_<reason>", team, month) of every leaf with 1 to 4."""
    sizes = defaultdict(int)
    served = served_conditions(team_ids, period.end)
    months = period.months()
    ordinary = and_(Job.kind == JobKind.JOB, Job.competitive)

    clients = db.execute(
        select(
            User.team_id,
            User.enrolled_on,
            func.max(case((ordinary & held_in(User.enrolled_on, User.enrolled_on), 1), else_=0)),
        )
        .select_from(User)
        .outerjoin(Job, Job.client_id == User.id)
        .where(*served)
        .group_by(User.id, User.team_id, User.enrolled_on)
    ).all()
    for team, enrolled, at_entry in clients:
        for month in months:
            if enrolled <= month.end:
                sizes["clients_served", team, month.start] += 1
                if not at_entry:
                    sizes["employment_rate", team, month.start] += 1

    retention = timedelta(days=RETENTION_DAYS)
    jobs = db.execute(
        select(
            User.team_id,
            User.enrolled_on,
            Job.client_id,
            Job.kind,
            Job.competitive,
            Job.start_date,
            Job.end_date,
            Job.hours_per_week,
            Job.end_reason,
        )
        .join(User, User.id == Job.client_id)
        .where(
            *served,
            Job.start_date <= period.end,
            or_(Job.end_date.is_(None), Job.end_date >= period.start - retention),
        )
    ).all()
    in_job = defaultdict(set)
    for team, enrolled, client, kind, competitive, began, ended, hours, reason in jobs:
        for month in months:
            first, last = month.start, month.end
            if enrolled > last:
                continue
            held = began <= last and (ended is None or ended >= first)
            key = (team, first)
            if kind == JobKind.JOB and competitive and held:
                in_job[key].add(client)
            if first <= began <= last:
                name = "job_starts" if kind == JobKind.JOB else "education_starts"
                sizes[(name, *key)] += 1
            if kind == JobKind.JOB and hours is not None and held:
                sizes[("median_hours", *key)] += 1
            if kind == JobKind.JOB and first - retention <= began <= last - retention:
                sizes[("retention_90", *key)] += 1
            if ended is not None and first <= ended <= last:
                sizes[(f"job_endings_{reason.value if reason else 'none'}", *key)] += 1
    for (team, month), people in in_job.items():
        sizes["in_ordinary_job", team, month] = len(people)

    for key, when, client_id, where in (
        ("days_to_first_contact", EmployerContact.contact_on, EmployerContact.client_id, []),
        ("days_to_first_job", Job.start_date, Job.client_id, [Job.kind == JobKind.JOB]),
    ):
        rows = db.execute(
            select(User.team_id, User.enrolled_on, func.min(when))
            .join(User, User.id == client_id)
            .where(*served, *where)
            .group_by(User.id, User.team_id, User.enrolled_on)
        ).all()
        for team, enrolled, day in rows:
            for month in months:
                if enrolled <= month.end and month.start <= day <= month.end:
                    sizes[key, team, month.start] += 1

    # Benefits planning rests on the job starts and changes of hours, by the day of each.
    reviews = db.execute(
        select(User.team_id, User.enrolled_on, BenefitsReview.due_on)
        .join(User, User.id == BenefitsReview.client_id)
        .where(*served, BenefitsReview.due_on.between(period.start, period.end))
    ).all()
    for team, enrolled, day in reviews:
        for month in months:
            if enrolled <= month.end and month.start <= day <= month.end:
                sizes["benefits_planning", team, month.start] += 1

    for (key, team, month), size in list(sizes.items()):
        if key == "job_starts":
            sizes["employer_concentration", team, month] = size
        elif key == "median_hours":
            sizes["share_20_hours", team, month] = size
    return {leaf for leaf, size in sizes.items() if too_small(size)}
