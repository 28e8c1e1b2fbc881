"""The IPS outcome and fidelity figures for a period and a team, from what the portal records.

Each figure says how many people (or jobs) it rests on; one resting on 1 to 4 is suppressed
(see portal.suppression). The words on the report page define each figure in plain terms.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.caseload.services import CASELOAD_GUIDELINE
from portal.db import db
from portal.employers.log import WEEKLY_TARGET
from portal.employers.models import EmployerContact
from portal.feedback.models import Feedback
from portal.jobs.models import EndReason, Job, JobKind
from portal.suppression import MIN_GROUP, Cell, suppress, too_small

RETENTION_DAYS = 90
FULL_TIME_HOURS = 20  # IPS: the share working 20 hours a week or more


@dataclass
class Figure:
    """One number of the report and the size of the group it rests on."""

    key: str
    value: Decimal | int | None
    n: int
    suppressed: bool = False

    @classmethod
    def of(cls, key: str, value, n: int) -> "Figure":
        hidden = too_small(n)
        return cls(key, None if hidden or value is None else value, n, hidden)


@dataclass
class SpecialistRow:
    specialist: User
    caseload: int
    contacts_per_week: Decimal
    in_person_per_week: Decimal


@dataclass
class Report:
    start: date
    end: date
    figures: dict[str, Figure]
    endings: list[tuple[EndReason, Cell]]
    endings_total: Cell
    specialists: list[SpecialistRow] = field(default_factory=list)
    guideline: int = CASELOAD_GUIDELINE
    weekly_target: int = WEEKLY_TARGET


def _share(part: int, whole: int) -> Decimal | None:
    return (
        None if not whole else (Decimal(100 * part) / whole).quantize(Decimal("1"), ROUND_HALF_UP)
    )


def _median(values: list) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(median(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _overlaps(job: Job, start: date, end: date) -> bool:
    return job.start_date <= end and (job.end_date is None or job.end_date >= start)


def _is_ordinary(job: Job) -> bool:
    return job.kind == JobKind.JOB and job.competitive


def outcome_report(team_ids: list[int], start: date, end: date) -> Report:
    """Every figure for clients of these teams over [start, end] (both days counted)."""
    clients = db.scalars(
        select(User).where(
            User.role == Role.CLIENT,
            User.team_id.in_(team_ids),
            User.enrolled_on <= end,
            User.restricted_at.is_(None),  # restricted: kept, not processed, not counted
        )
    ).all()
    ids = [client.id for client in clients]
    jobs_by_client = defaultdict(list)
    for job in db.scalars(select(Job).where(Job.client_id.in_(ids))):
        jobs_by_client[job.client_id].append(job)
    jobs = [job for items in jobs_by_client.values() for job in items]
    first_contact = dict(
        db.execute(
            select(EmployerContact.client_id, func.min(EmployerContact.contact_on))
            .where(EmployerContact.client_id.in_(ids))
            .group_by(EmployerContact.client_id)
        ).all()
    )
    figures = {}
    figures["clients_served"] = Figure.of("clients_served", len(clients), len(clients))

    in_job = {
        c.id
        for c in clients
        if any(_is_ordinary(j) and _overlaps(j, start, end) for j in jobs_by_client[c.id])
    }
    figures["in_ordinary_job"] = Figure.of("in_ordinary_job", len(in_job), len(in_job))
    without_at_entry = [
        c
        for c in clients
        if not any(
            _is_ordinary(j) and _overlaps(j, c.enrolled_on, c.enrolled_on)
            for j in jobs_by_client[c.id]
        )
    ]
    gained = sum(1 for c in without_at_entry if c.id in in_job)
    figures["employment_rate"] = Figure.of(
        "employment_rate", _share(gained, len(without_at_entry)), len(without_at_entry)
    )

    starts = [j for j in jobs if start <= j.start_date <= end]
    job_starts = [j for j in starts if j.kind == JobKind.JOB]
    education_starts = [j for j in starts if j.kind == JobKind.EDUCATION]
    figures["job_starts"] = Figure.of("job_starts", len(job_starts), len(job_starts))
    figures["education_starts"] = Figure.of(
        "education_starts", len(education_starts), len(education_starts)
    )

    enrolled = {c.id: c.enrolled_on for c in clients}
    to_contact = [
        max((day - enrolled[client_id]).days, 0)
        for client_id, day in first_contact.items()
        if start <= day <= end
    ]
    figures["days_to_first_contact"] = Figure.of(
        "days_to_first_contact", _median(to_contact), len(to_contact)
    )
    first_jobs = {
        client_id: min(j.start_date for j in items if j.kind == JobKind.JOB)
        for client_id, items in jobs_by_client.items()
        if any(j.kind == JobKind.JOB for j in items)
    }
    to_job = [
        max((day - enrolled[c]).days, 0) for c, day in first_jobs.items() if start <= day <= end
    ]
    figures["days_to_first_job"] = Figure.of("days_to_first_job", _median(to_job), len(to_job))

    hours = [
        j.hours_per_week
        for j in jobs
        if j.kind == JobKind.JOB and j.hours_per_week is not None and _overlaps(j, start, end)
    ]
    figures["median_hours"] = Figure.of("median_hours", _median(hours), len(hours))
    long_hours = sum(1 for h in hours if h >= FULL_TIME_HOURS)
    figures["share_20_hours"] = Figure.of(
        "share_20_hours", _share(long_hours, len(hours)), len(hours)
    )

    due = [
        j
        for j in jobs
        if j.kind == JobKind.JOB and start <= j.start_date + timedelta(days=RETENTION_DAYS) <= end
    ]
    kept = sum(
        1
        for j in due
        if j.end_date is None or j.end_date >= j.start_date + timedelta(days=RETENTION_DAYS)
    )
    figures["retention_90"] = Figure.of("retention_90", _share(kept, len(due)), len(due))

    employers = Counter(j.employer_id for j in job_starts)
    top = max(employers.values()) if employers else 0
    figures["employer_concentration"] = Figure.of(
        "employer_concentration", _share(top, len(job_starts)), len(job_starts)
    )

    figures["feedback_average"] = _feedback(team_ids, start, end)
    endings, endings_total = _endings(jobs, start, end)
    report = Report(start, end, figures, endings, endings_total)
    report.specialists = _specialists(team_ids, start, end)
    return report


def _feedback(team_ids: list[int], start: date, end: date) -> Figure:
    count, total = db.execute(
        select(func.count(Feedback.id), func.sum(Feedback.rating)).where(
            Feedback.team_id.in_(team_ids),
            Feedback.month >= start.replace(day=1),
            Feedback.month <= end,
        )
    ).one()
    cell = Cell(count=count or 0, total=total or 0)
    return Figure.of("feedback_average", cell.average, cell.count)


def _endings(jobs: list[Job], start: date, end: date) -> tuple[list[tuple[EndReason, Cell]], Cell]:
    counts = Counter(j.end_reason for j in jobs if j.end_date and start <= j.end_date <= end)
    parts = [(reason, Cell(count=counts.get(reason, 0))) for reason in EndReason]
    whole = Cell(count=sum(counts.values()))
    suppress(whole, [cell for _reason, cell in parts])
    return parts, whole


def _specialists(team_ids: list[int], start: date, end: date) -> list[SpecialistRow]:
    specialists = db.scalars(
        select(User)
        .where(User.role == Role.SPECIALIST, User.team_id.in_(team_ids))
        .order_by(User.name)
    ).all()
    ids = [person.id for person in specialists]
    caseloads = dict(
        db.execute(
            select(User.specialist_id, func.count(User.id))
            .where(User.role == Role.CLIENT, User.specialist_id.in_(ids))
            .group_by(User.specialist_id)
        ).all()
    )
    contacts = defaultdict(lambda: [0, 0])
    for specialist_id, in_person, count in db.execute(
        select(EmployerContact.specialist_id, EmployerContact.in_person, func.count())
        .where(
            EmployerContact.specialist_id.in_(ids),
            EmployerContact.contact_on >= start,
            EmployerContact.contact_on <= end,
        )
        .group_by(EmployerContact.specialist_id, EmployerContact.in_person)
    ):
        contacts[specialist_id][0 if in_person else 1] += count
    weeks = Decimal((end - start).days + 1) / 7

    def per_week(count: int) -> Decimal:
        return (Decimal(count) / weeks).quantize(Decimal("0.1"), ROUND_HALF_UP)

    return [
        SpecialistRow(
            specialist=person,
            caseload=caseloads.get(person.id, 0),
            contacts_per_week=per_week(sum(contacts[person.id])),
            in_person_per_week=per_week(contacts[person.id][0]),
        )
        for person in specialists
    ]


__all__ = ["MIN_GROUP", "Figure", "Report", "SpecialistRow", "outcome_report"]
