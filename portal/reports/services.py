"""The IPS outcome and fidelity figures for a period and a team, from what the portal records.

Each figure says how many people (or jobs) it rests on; one resting on 1 to 4 is suppressed,
and portal.reports.guard hides a figure over several teams or months when one of those is
(the rule and why it is safe: portal.core.suppression). The words on the report page define
each figure in plain terms.

A client whose records are restricted is in no figure at all, not even an anonymous count:
restriction (GDPR art. 18) means the records may be stored but not otherwise processed, and
counting them is processing. Their jobs, employer contacts and named feedback drop out too
(portal.core.restriction); the figures change when a restriction is set or lifted.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from portal.caseload.services import CASELOAD_GUIDELINE
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.restriction import not_restricted, of_usable_client
from portal.core.suppression import MIN_GROUP, Cell, too_small
from portal.feedback.models import Feedback
from portal.placements.models import EmployerContact, EndReason, Job, JobKind
from portal.placements.services.benefits import benefits_planning_counts
from portal.placements.services.employer_log import WEEKLY_TARGET

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


class Specialist(NamedTuple):
    """All the report needs of a specialist: the page shows the name, the CSV a pseudonym."""

    id: int
    name: str


@dataclass
class SpecialistRow:
    specialist: Specialist
    caseload: int
    contacts_per_week: Decimal
    in_person_per_week: Decimal
    team_id: int = 0
    caseload_suppressed: bool = False  # in the CSV file (see portal.reports.guard)


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


def share_of(part: int, whole: int) -> Decimal | None:
    return (
        None if not whole else (Decimal(100 * part) / whole).quantize(Decimal("1"), ROUND_HALF_UP)
    )


def _median(values: list) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(median(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def served_conditions(team_ids: list[int], end: date) -> list:
    """The conditions on User for the clients the report counts."""
    return [
        User.role == Role.CLIENT,
        User.team_id.in_(team_ids),
        User.enrolled_on <= end,
        not_restricted(),  # restricted: kept, not processed, not counted
    ]


def held_in(first, last):
    """The job was held on at least one day of [first, last]."""
    return and_(Job.start_date <= last, or_(Job.end_date.is_(None), Job.end_date >= first))


def outcome_report(team_ids: list[int], start: date, end: date) -> Report:
    """Every figure for clients of these teams over [start, end] (both days counted)."""
    # The database counts and groups, and sends only what Python must still work on (the
    # values of a median, dates to compare): loading every client and job as ORM objects was
    # most of this page's time. The clients are a subquery, never a list of their ids.
    served = served_conditions(team_ids, end)
    served_jobs = Job.client_id.in_(select(User.id).where(*served))
    figures = {}

    # One row per client: did they hold an ordinary job when they started, and in the period?
    # A join and GROUP BY, not EXISTS in the select list: PostgreSQL runs that once per client,
    # and its cost estimate turned on JIT compilation, which alone took 0.4 s.
    ordinary = and_(Job.kind == JobKind.JOB, Job.competitive)
    flags = db.execute(
        select(
            func.max(case((ordinary & held_in(User.enrolled_on, User.enrolled_on), 1), else_=0)),
            func.max(case((ordinary & held_in(start, end), 1), else_=0)),
        )
        .select_from(User)
        .outerjoin(Job, Job.client_id == User.id)
        .where(*served)
        .group_by(User.id)
    ).all()
    clients = len(flags)
    in_job = sum(now for _at_entry, now in flags)
    without_at_entry = [now for at_entry, now in flags if not at_entry]
    gained = sum(without_at_entry)
    figures["clients_served"] = Figure.of("clients_served", clients, clients)
    figures["in_ordinary_job"] = Figure.of("in_ordinary_job", in_job, in_job)
    figures["employment_rate"] = Figure.of(
        "employment_rate", share_of(gained, len(without_at_entry)), len(without_at_entry)
    )

    starts = db.execute(
        select(Job.kind, Job.employer_id, func.count())
        .where(served_jobs, Job.start_date.between(start, end))
        .group_by(Job.kind, Job.employer_id)
    ).all()
    job_starts = sum(count for kind, _employer, count in starts if kind == JobKind.JOB)
    education_starts = sum(count for kind, _employer, count in starts if kind == JobKind.EDUCATION)
    figures["job_starts"] = Figure.of("job_starts", job_starts, job_starts)
    figures["education_starts"] = Figure.of("education_starts", education_starts, education_starts)

    to_contact = days_to_first(
        EmployerContact.contact_on, EmployerContact.client_id, served, start, end
    )
    figures["days_to_first_contact"] = Figure.of(
        "days_to_first_contact", _median(to_contact), len(to_contact)
    )
    to_job = days_to_first(
        Job.start_date, Job.client_id, [*served, Job.kind == JobKind.JOB], start, end
    )
    figures["days_to_first_job"] = Figure.of("days_to_first_job", _median(to_job), len(to_job))

    hours = db.scalars(
        select(Job.hours_per_week).where(
            served_jobs,
            Job.kind == JobKind.JOB,
            Job.hours_per_week.is_not(None),
            held_in(start, end),
        )
    ).all()
    figures["median_hours"] = Figure.of("median_hours", _median(hours), len(hours))
    long_hours = sum(1 for h in hours if h >= FULL_TIME_HOURS)
    figures["share_20_hours"] = Figure.of(
        "share_20_hours", share_of(long_hours, len(hours)), len(hours)
    )

    # Jobs whose 90th day is in the period started 90 days before it; whether they lasted is
    # compared here, as date arithmetic is written differently in each database.
    retention = timedelta(days=RETENTION_DAYS)
    due = db.execute(
        select(Job.start_date, Job.end_date).where(
            served_jobs,
            Job.kind == JobKind.JOB,
            Job.start_date.between(start - retention, end - retention),
        )
    ).all()
    kept = sum(1 for began, ended in due if ended is None or ended >= began + retention)
    figures["retention_90"] = Figure.of("retention_90", share_of(kept, len(due)), len(due))

    top = max((count for kind, _employer, count in starts if kind == JobKind.JOB), default=0)
    figures["employer_concentration"] = Figure.of(
        "employer_concentration", share_of(top, job_starts), job_starts
    )

    figures["feedback_average"] = _feedback(team_ids, start, end)
    # IPS fidelity item V1: of the job starts and changes of hours, how many had their
    # benefits questions gone through. It rests on the reviews, as a share on its whole.
    planning = benefits_planning_counts(team_ids, start, end)
    figures["benefits_planning"] = Figure.of(
        "benefits_planning", planning.gone_through, planning.opened
    )
    endings, endings_total = _endings(served_jobs, start, end)
    report = Report(start, end, figures, endings, endings_total)
    report.specialists = _specialists(team_ids, start, end)
    return report


def days_to_first(when, client_id, where: list, start: date, end: date) -> list[int]:
    """Days from each client's start in IPS to their first `when`, if that falls in the period."""
    first = func.min(when)
    rows = db.execute(
        select(first, User.enrolled_on)
        .join(User, User.id == client_id)
        .where(*where)
        .group_by(User.id, User.enrolled_on)
        .having(first.between(start, end))
    )
    return [max((day - enrolled).days, 0) for day, enrolled in rows]


def _feedback(team_ids: list[int], start: date, end: date) -> Figure:
    # Counted per team, specialist and month, the leaves the feedback report shows too: the
    # average is hidden when any of them has 1 to 4 answers (portal.core.suppression, rule b).
    leaves = db.execute(
        select(func.count(Feedback.id), func.sum(Feedback.rating))
        .where(
            Feedback.team_id.in_(team_ids),
            Feedback.month >= start.replace(day=1),
            Feedback.month <= end,
            of_usable_client(Feedback.client_id),
        )
        .group_by(Feedback.team_id, Feedback.specialist_id, Feedback.month)
    ).all()
    cell = Cell()
    for count, total in leaves:
        cell.add(count, total or 0)
    figure = Figure.of("feedback_average", cell.average, cell.count)
    if any(too_small(count) for count, _total in leaves):
        figure.value, figure.suppressed = None, True
    return figure


def _endings(served_jobs, start: date, end: date) -> tuple[list[tuple[EndReason, Cell]], Cell]:
    counts = dict(
        db.execute(
            select(Job.end_reason, func.count())
            .where(served_jobs, Job.end_date.between(start, end))
            .group_by(Job.end_reason)
        ).all()
    )
    parts = [(reason, Cell(count=counts.get(reason, 0))) for reason in EndReason]
    for _reason, cell in parts:
        cell.suppressed = too_small(cell.count)
    # The total only when every reason is shown: else it minus the shown ones is the hidden.
    whole = Cell(count=sum(counts.values()))
    no_reason = too_small(counts.get(None, 0))  # in the total only: a hidden part of it
    whole.suppressed = no_reason or any(cell.suppressed for _reason, cell in parts)
    return parts, whole


def _specialists(team_ids: list[int], start: date, end: date) -> list[SpecialistRow]:
    # One query: the team's specialists, each joined to their counts from two GROUP BYs.
    in_team = (User.role == Role.SPECIALIST, User.team_id.in_(team_ids))
    team_specialists = select(User.id).where(*in_team)
    client = aliased(User)
    caseloads = (
        select(client.specialist_id, func.count().label("clients"))
        .where(
            client.role == Role.CLIENT,
            client.specialist_id.in_(team_specialists),
            not_restricted(client),
        )
        .group_by(client.specialist_id)
        .subquery()
    )
    contacts = (
        select(
            EmployerContact.specialist_id,
            func.count().label("made"),
            func.count().filter(EmployerContact.in_person).label("in_person"),
        )
        .where(
            EmployerContact.specialist_id.in_(team_specialists),
            EmployerContact.contact_on.between(start, end),
            of_usable_client(EmployerContact.client_id),
        )
        .group_by(EmployerContact.specialist_id)
        .subquery()
    )
    rows = db.execute(
        select(
            User.id,
            User.name,
            User.team_id,
            func.coalesce(caseloads.c.clients, 0),
            func.coalesce(contacts.c.made, 0),
            func.coalesce(contacts.c.in_person, 0),
        )
        .outerjoin(caseloads, caseloads.c.specialist_id == User.id)
        .outerjoin(contacts, contacts.c.specialist_id == User.id)
        .where(*in_team)
        .order_by(User.name)
    )
    weeks = Decimal((end - start).days + 1) / 7

    def per_week(count: int) -> Decimal:
        return (Decimal(count) / weeks).quantize(Decimal("0.1"), ROUND_HALF_UP)

    return [
        SpecialistRow(
            specialist=Specialist(person_id, name),
            caseload=caseload,
            contacts_per_week=per_week(made),
            in_person_per_week=per_week(in_person),
            team_id=team_id,
        )
        for person_id, name, team_id, caseload, made, in_person in rows
    ]


__all__ = ["MIN_GROUP", "Figure", "Report", "SpecialistRow", "outcome_report"]
