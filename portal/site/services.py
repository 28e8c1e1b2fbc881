"""What the home pages show for each role."""

from sqlalchemy import exists, func, select

from portal.caseload.handover import latest_handover_for_client, recent_handover_of
from portal.core.authz import led_team_ids
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role, Team, User
from portal.core.outbox import held_emails
from portal.core.restriction import not_restricted
from portal.goals.models import Goal, GoalStatus
from portal.meetings.services import meeting_overview
from portal.partners.services import home_link_of
from portal.placements.forms import FEELING_LABELS
from portal.placements.services.benefits import open_review_of, open_reviews
from portal.placements.services.jobs import list_jobs
from portal.placements.services.own_checkins import waiting_questions
from portal.plans.models import PlanStep, StepState
from portal.plans.services import next_steps


def summarise_teams(lead: User) -> list[tuple[Team, int, int]]:
    """Return each team `lead` leads (no other: teams are the boundary of need-to-know) with
    its number of specialists and of clients (not those whose records are restricted: see
    portal.core.restriction), in one query."""
    specialist = select(func.count(User.id)).where(
        User.team_id == Team.id, User.role == Role.SPECIALIST
    )
    client = select(func.count(User.id)).where(
        User.team_id == Team.id, User.role == Role.CLIENT, not_restricted()
    )
    rows = db.execute(
        select(Team, specialist.scalar_subquery(), client.scalar_subquery())
        .where(Team.id.in_(led_team_ids(lead)))
        .order_by(Team.name)
    )
    return [(team, specialists, clients) for team, specialists, clients in rows]


def client_home(client: User) -> dict:
    """What's next for a client, in one glance: next steps, active goals, open proposals."""
    goals = db.scalars(
        select(Goal)
        .where(
            Goal.client_id == client.id,
            Goal.archived_at.is_(None),
            Goal.status == GoalStatus.ACTIVE,
        )
        .order_by(Goal.position, Goal.id)
    ).all()
    # One look for the count of proposals and for what is seldom there (a recent hand-over,
    # benefits questions, someone asking to see information), which is then read only where
    # it is: three queries fewer for most.
    waiting = db.execute(
        select(
            select(func.count(PlanStep.id))
            .where(PlanStep.client_id == client.id, PlanStep.state == StepState.PROPOSED)
            .scalar_subquery()
            .label("proposals"),
            exists().where(recent_handover_of(client.id)).label("handover"),
            exists().where(open_review_of(client.id)).label("reviews"),
            exists().where(home_link_of(client.id)).label("partner_notices"),
        )
    ).one()
    jobs = [job for job in list_jobs(client.id) if job.is_current(local_today())]
    meetings = meeting_overview(client.id)
    return {
        "next_steps": next_steps(client.id),
        "goals": goals,
        "proposals": waiting.proposals,
        "current_jobs": jobs,
        "own_questions": waiting_questions(client, jobs),
        "feeling_labels": FEELING_LABELS,
        "meetings": meetings.upcoming,
        "meeting_notices": meetings.notices,
        "summaries_waiting": meetings.summaries_waiting,
        "feedback_meeting": meetings.feedback_meeting,
        "handover": latest_handover_for_client(client) if waiting.handover else None,
        # Only someone without an e-mail address has e-mails kept for them (portal.core.outbox).
        "held_emails": held_emails(client.id) if client.email is None else [],
        "benefits_reviews": open_reviews(client.id) if waiting.reviews else [],
        "partner_notices_waiting": waiting.partner_notices,
        "today": local_today(),
    }
