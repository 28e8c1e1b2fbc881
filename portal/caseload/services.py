"""The specialist's caseload overview: one row per client with what needs doing.

Every figure comes from one grouped query over the whole caseload, so the page takes the same
number of queries for 5 clients as for 50.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, func, or_, select

from portal.accounts.models import Role, User
from portal.checkins.models import CheckIn
from portal.dates import local_today, team_zone
from portal.db import db, utcnow
from portal.employers.models import EmployerContact
from portal.jobs.models import Job, StrugglingSignal
from portal.meetings.models import Meeting
from portal.messaging.models import Conversation, Message
from portal.plans.models import PlanStep, StepState, StepStatus

CASELOAD_GUIDELINE = 20  # IPS: at most about 20 clients per specialist
FIRST_CONTACT_TARGET_DAYS = 30  # IPS: the first employer contact within about a month
FOLLOW_ALONG_AFTER_DAYS = 90
MISSED_SHOWN_DAYS = 30


class Phase(StrEnum):
    ENGAGEMENT = "engagement"
    JOB_SEARCH = "job_search"
    WORKING = "working"
    FOLLOW_ALONG = "follow_along"


class Sort(StrEnum):
    NAME = "name"
    ATTENTION = "attention"
    LAST_CONTACT = "last_contact"
    PHASE = "phase"


@dataclass
class CaseloadRow:
    client: User
    phase: Phase
    unread: int = 0
    overdue_steps: int = 0
    last_contact: datetime | None = None
    days_since_contact: int | None = None
    # Days since enrolment while no employer has been contacted for the client yet.
    days_without_employer_contact: int | None = None
    waiting_checkins: int = 0
    missed_checkins: int = 0
    struggling: int = 0

    @property
    def no_employer_contact_overdue(self) -> bool:
        days = self.days_without_employer_contact
        return days is not None and days > FIRST_CONTACT_TARGET_DAYS

    @property
    def needs_attention(self) -> bool:
        return bool(
            self.unread
            or self.overdue_steps
            or self.missed_checkins
            or self.struggling
            or self.no_employer_contact_overdue
        )


def _grouped(query) -> dict:
    return {key: value for key, value in db.execute(query).all()}


def _phase(started_on: date | None, has_job_history: bool, has_contact: bool, today) -> Phase:
    if started_on is not None:
        if (today - started_on).days >= FOLLOW_ALONG_AFTER_DAYS:
            return Phase.FOLLOW_ALONG
        return Phase.WORKING
    if has_job_history or has_contact:
        return Phase.JOB_SEARCH
    return Phase.ENGAGEMENT


def _figures(client_ids, today: date, now: datetime) -> dict[str, dict]:
    """Each figure per client id, one grouped query each."""
    in_caseload = Conversation.client_id.in_(client_ids)
    current = and_(Job.start_date <= today, or_(Job.end_date.is_(None), Job.end_date >= today))
    missed_since = now - timedelta(days=MISSED_SHOWN_DAYS)
    return {
        "unread": _grouped(
            select(Conversation.client_id, func.count(Message.id))
            .join(Message, Message.conversation_id == Conversation.id)
            .where(in_caseload, Message.from_client.is_(True), Message.read_at.is_(None))
            .group_by(Conversation.client_id)
        ),
        "last_message": _grouped(
            select(Conversation.client_id, func.max(Conversation.last_message_at))
            .where(in_caseload)
            .group_by(Conversation.client_id)
        ),
        "last_meeting": _grouped(
            select(Meeting.client_id, func.max(Meeting.starts_at))
            .where(
                Meeting.client_id.in_(client_ids),
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at <= now,
            )
            .group_by(Meeting.client_id)
        ),
        "overdue": _grouped(
            select(PlanStep.client_id, func.count(PlanStep.id))
            .where(
                PlanStep.client_id.in_(client_ids),
                PlanStep.state == StepState.AGREED,
                PlanStep.status == StepStatus.TODO,
                PlanStep.due_date < today,
            )
            .group_by(PlanStep.client_id)
        ),
        "employer_contact": _grouped(
            select(EmployerContact.client_id, func.min(EmployerContact.contact_on))
            .where(EmployerContact.client_id.in_(client_ids))
            .group_by(EmployerContact.client_id)
        ),
        "jobs": {
            client_id: (count, started)
            for client_id, count, started in db.execute(
                select(
                    Job.client_id,
                    func.count(Job.id),
                    func.min(case((current, Job.start_date))),
                )
                .where(Job.client_id.in_(client_ids), Job.start_date <= today)
                .group_by(Job.client_id)
            )
        },
        "checkins": {
            client_id: (waiting or 0, unanswered - (waiting or 0))
            for client_id, waiting, unanswered in db.execute(
                select(
                    Job.client_id,
                    func.sum(case((CheckIn.expires_at > now, 1), else_=0)),
                    func.count(CheckIn.id),
                )
                .join(Job, Job.id == CheckIn.job_id)
                .where(
                    Job.client_id.in_(client_ids),
                    CheckIn.answered_at.is_(None),
                    CheckIn.expires_at >= missed_since,
                    # A check-in after the job ended is nobody's to answer.
                    or_(Job.end_date.is_(None), Job.end_date >= CheckIn.due_date),
                )
                .group_by(Job.client_id)
            )
        },
        "struggling": _grouped(
            select(StrugglingSignal.client_id, func.count(StrugglingSignal.id))
            .where(
                StrugglingSignal.client_id.in_(client_ids),
                StrugglingSignal.handled_at.is_(None),
            )
            .group_by(StrugglingSignal.client_id)
        ),
    }


def _days_since(moment: datetime | None, today: date) -> int | None:
    if moment is None:
        return None
    return (today - moment.astimezone(team_zone()).date()).days


def caseload_rows(specialist: User) -> list[CaseloadRow]:
    """One row per client in the caseload, by name."""
    clients = db.scalars(
        select(User)
        .where(
            User.specialist_id == specialist.id,
            User.role == Role.CLIENT,
            User.restricted_at.is_(None),  # restricted records are kept, not worked on
        )
        .order_by(User.name)
    ).all()
    today, now = local_today(), utcnow()
    ids = [client.id for client in clients]
    figures = _figures(ids, today, now) if ids else {}
    return [_row(client, figures, today) for client in clients]


def _row(client: User, figures: dict, today: date) -> CaseloadRow:
    def get(name: str, default=0):
        return figures[name].get(client.id, default)

    job_count, started_on = get("jobs", (0, None))
    first_contact = get("employer_contact", None)
    moments = [
        moment for moment in (get("last_message", None), get("last_meeting", None)) if moment
    ]
    last_contact = max(moments) if moments else None
    waiting, missed = get("checkins", (0, 0))
    enrolled = client.enrolled_on or client.created_at.date()
    return CaseloadRow(
        client=client,
        phase=_phase(started_on, job_count > 0, first_contact is not None, today),
        unread=get("unread"),
        overdue_steps=get("overdue"),
        last_contact=last_contact,
        days_since_contact=_days_since(last_contact, today),
        # Someone who has (had) a job is past the first employer contact, however it came.
        days_without_employer_contact=None
        if first_contact or job_count
        else (today - enrolled).days,
        waiting_checkins=waiting,
        missed_checkins=missed,
        struggling=get("struggling"),
    )


PHASE_ORDER = list(Phase)


def sort_and_filter(
    rows: list[CaseloadRow], sort: str, phase: str | None, attention_only: bool
) -> list[CaseloadRow]:
    """The rows as the specialist asked to see them (unknown choices mean the default)."""
    if phase in {choice.value for choice in Phase}:
        rows = [row for row in rows if row.phase == phase]
    if attention_only:
        rows = [row for row in rows if row.needs_attention]
    if sort == Sort.ATTENTION:
        return sorted(rows, key=lambda row: (not row.needs_attention, row.client.name))
    if sort == Sort.LAST_CONTACT:
        # Longest without contact first; never contacted before everyone.
        def waited(row: CaseloadRow) -> float:
            return float("inf") if row.days_since_contact is None else row.days_since_contact

        return sorted(rows, key=waited, reverse=True)
    if sort == Sort.PHASE:
        return sorted(rows, key=lambda row: (PHASE_ORDER.index(row.phase), row.client.name))
    return rows
