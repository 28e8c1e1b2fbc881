"""The specialist's caseload overview: one row per client with what needs doing.

The clients come from one query and every figure from a second one (a subquery per figure), so
the page takes the same number of queries for 5 clients as for 50.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_login import current_user
from sqlalchemy import and_, func, or_, select

from portal.core.authz import leads_team, load_or_deny
from portal.core.dates import local_today, team_zone
from portal.core.db import db, utcnow
from portal.core.identity import Role, Team, User
from portal.core.restriction import not_restricted
from portal.meetings.models import Meeting
from portal.messaging.models import Conversation, Message
from portal.placements.models import CheckIn, EmployerContact, Job, StrugglingSignal
from portal.placements.services.attention import open_concern
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
    # Employer answers that the job has ended or goes badly, not yet followed up.
    employer_concerns: int = 0
    # Days without a message or a meeting (since the start, if there has been none), once
    # that is more than the installation's NO_CONTACT_ALERT_DAYS; else None.
    days_out_of_touch: int | None = None

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
            or self.employer_concerns
            or self.days_out_of_touch is not None
            or self.no_employer_contact_overdue
        )


def leads_client(user: User, client: User) -> bool:
    """Return True when `user` leads the team of this client: a team lead works with the
    participants of the teams they lead only (portal.core.authz.led_team_ids)."""
    return client.role == Role.CLIENT and leads_team(user, client.team_id)


def _phase(started_on: date | None, has_job_history: bool, has_contact: bool, today) -> Phase:
    if started_on is not None:
        if (today - started_on).days >= FOLLOW_ALONG_AFTER_DAYS:
            return Phase.FOLLOW_ALONG
        return Phase.WORKING
    if has_job_history or has_contact:
        return Phase.JOB_SEARCH
    return Phase.ENGAGEMENT


def _figures(today: date, now: datetime) -> dict:
    """Each figure for the client of the row (`User.id`), as a correlated subquery, so that
    one query brings them all."""
    of_client = User.id
    current = and_(Job.start_date <= today, or_(Job.end_date.is_(None), Job.end_date >= today))
    started_jobs = and_(Job.client_id == of_client, Job.start_date <= today)
    unanswered = and_(
        Job.client_id == of_client,
        CheckIn.answered_at.is_(None),
        # A check-in after the job ended is nobody's to answer.
        or_(Job.end_date.is_(None), Job.end_date >= CheckIn.due_date),
    )
    checkins = select(func.count(CheckIn.id)).join(Job, Job.id == CheckIn.job_id)
    figures = {
        "unread": select(func.count(Message.id))
        .join(Conversation, Message.conversation_id == Conversation.id)
        .where(
            Conversation.client_id == of_client,
            Message.from_client.is_(True),
            Message.read_at.is_(None),
        ),
        "last_message": select(func.max(Conversation.last_message_at)).where(
            Conversation.client_id == of_client
        ),
        "last_meeting": select(func.max(Meeting.starts_at)).where(
            Meeting.client_id == of_client,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at <= now,
        ),
        "overdue": select(func.count(PlanStep.id)).where(
            PlanStep.client_id == of_client,
            PlanStep.state == StepState.AGREED,
            PlanStep.status == StepStatus.TODO,
            PlanStep.due_date < today,
        ),
        "first_contact": select(func.min(EmployerContact.contact_on)).where(
            EmployerContact.client_id == of_client
        ),
        "job_count": select(func.count(Job.id)).where(started_jobs),
        "started_on": select(func.min(Job.start_date)).where(started_jobs, current),
        "waiting": checkins.where(unanswered, CheckIn.expires_at > now),
        "missed": checkins.where(
            unanswered,
            CheckIn.expires_at <= now,
            CheckIn.expires_at >= now - timedelta(days=MISSED_SHOWN_DAYS),
        ),
        "struggling": select(func.count(StrugglingSignal.id)).where(
            StrugglingSignal.client_id == of_client, StrugglingSignal.handled_at.is_(None)
        ),
        "concerns": checkins.where(Job.client_id == of_client, open_concern()),
    }
    return {name: query.scalar_subquery().label(name) for name, query in figures.items()}


def _days_since(moment: datetime | None, today: date) -> int | None:
    if moment is None:
        return None
    return (today - moment.astimezone(team_zone()).date()).days


def caseload_rows(specialist: User) -> list[CaseloadRow]:
    """One row per client in the caseload, by name: two queries, however large it is."""
    clients = db.scalars(
        select(User)
        .where(
            User.specialist_id == specialist.id,
            User.role == Role.CLIENT,
            not_restricted(),  # restricted records are kept, not worked on
        )
        .order_by(User.name)
    ).all()
    if not clients:
        return []
    today = local_today()
    # Selected by id, the planner knows how many rows run the subqueries: costed on an
    # estimate from stale statistics they can cross PostgreSQL's JIT threshold (tens of ms).
    figures = {
        row.id: row
        for row in db.execute(
            select(User.id, *_figures(today, utcnow()).values()).where(
                User.id.in_([client.id for client in clients])
            )
        )
    }
    alert_after = current_app.config["NO_CONTACT_ALERT_DAYS"]
    return [_row(client, figures[client.id], today, alert_after) for client in clients]


def _row(client: User, figures, today: date, alert_after: int) -> CaseloadRow:
    """The client's row from the labelled figures of `_figures`."""
    moments = [moment for moment in (figures.last_message, figures.last_meeting) if moment]
    last_contact = max(moments) if moments else None
    first_contact, job_count = figures.first_contact, figures.job_count
    enrolled = client.enrolled_on or client.created_at.date()
    days_since_contact = _days_since(last_contact, today)
    quiet_for = (today - enrolled).days if days_since_contact is None else days_since_contact
    return CaseloadRow(
        client=client,
        phase=_phase(figures.started_on, job_count > 0, first_contact is not None, today),
        unread=figures.unread,
        overdue_steps=figures.overdue,
        last_contact=last_contact,
        days_since_contact=days_since_contact,
        # Someone who has (had) a job is past the first employer contact, however it came.
        days_without_employer_contact=None
        if first_contact or job_count
        else (today - enrolled).days,
        waiting_checkins=figures.waiting,
        missed_checkins=figures.missed,
        struggling=figures.struggling,
        employer_concerns=figures.concerns,
        days_out_of_touch=quiet_for if quiet_for > alert_after else None,
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


def load_team(team_id: int) -> Team:
    """Return a team the current user leads, or answer 404 (another team's too)."""
    return load_or_deny(Team, team_id, lambda team: leads_team(current_user, team.id))
