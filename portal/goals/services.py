"""Goals: the client writes and orders them; the specialist reads and comments."""

from dataclasses import asdict, dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.core.audit import note_access
from portal.core.authz import deny, is_own_client, may_view_client, may_write_own_words, require
from portal.core.db import db, utcnow
from portal.core.history import changed_fields, new_values, record_change
from portal.core.identity import User
from portal.core.versioning import check_version
from portal.goals.models import Goal, GoalKind, GoalNote, GoalStatus, NoteKind


@dataclass
class GoalData:
    kind: GoalKind
    text: str
    target_date: date | None
    status: GoalStatus = GoalStatus.ACTIVE


def list_goals(client_id: int, archived: bool = False) -> list[Goal]:
    """Return the client's goals in the client's order (archived ones newest first)."""
    query = select(Goal).where(Goal.client_id == client_id)
    if archived:
        query = query.where(Goal.archived_at.is_not(None)).order_by(Goal.archived_at.desc())
    else:
        query = query.where(Goal.archived_at.is_(None)).order_by(Goal.position, Goal.id)
    return list(db.scalars(query))


def load_goal_with_notes(goal_id: int) -> Goal | None:
    return db.scalar(
        select(Goal)
        .options(selectinload(Goal.notes).joinedload(GoalNote.author))
        .where(Goal.id == goal_id)
    )


def create_goal(actor: User, client: User, data: GoalData) -> Goal:
    """Add a goal at the end of the client's list."""
    require(may_write_own_words(actor, client))
    last = db.scalar(select(func.max(Goal.position)).where(Goal.client_id == client.id))
    goal = Goal(client_id=client.id, position=(last or 0) + 1, **asdict(data))
    db.add(goal)
    db.flush()
    record_change(actor, client.id, "goal", goal.id, "created", new_values(asdict(data)))
    return goal


def update_goal(actor: User, goal: Goal, data: GoalData, version: int | None) -> dict:
    """Change a goal made from `version`; a newer saved version raises EditConflict."""
    require(may_write_own_words(actor, goal.client))
    check_version(goal, version)
    changes = changed_fields(goal, asdict(data))
    if changes:
        record_change(actor, goal.client_id, "goal", goal.id, "edited", changes)
    return changes


def move_goal(actor: User, goal: Goal, direction: int) -> None:
    """Swap the goal with its neighbour above (-1) or below (+1) in the active list."""
    require(may_write_own_words(actor, goal.client) and goal.archived_at is None)
    goals = list_goals(goal.client_id)
    index = goals.index(goal)
    other = index + direction
    if direction not in (-1, 1) or not 0 <= other < len(goals):
        return
    goals[index], goals[other] = goals[other], goals[index]
    for position, item in enumerate(goals, start=1):
        item.position = position
    record_change(
        actor, goal.client_id, "goal", goal.id, "moved_up" if direction < 0 else "moved_down"
    )


def archive_goal(actor: User, goal: Goal, archive: bool = True) -> None:
    """Put a goal away (or bring it back); nothing is deleted."""
    require(may_write_own_words(actor, goal.client))
    if (goal.archived_at is not None) == archive:
        return
    goal.archived_at = utcnow() if archive else None
    if not archive:
        last = db.scalar(select(func.max(Goal.position)).where(Goal.client_id == goal.client_id))
        goal.position = (last or 0) + 1
    record_change(actor, goal.client_id, "goal", goal.id, "archived" if archive else "restored")


def add_goal_note(actor: User, goal: Goal, body: str) -> GoalNote:
    """The client adds a progress note; their specialist adds a comment."""
    if may_write_own_words(actor, goal.client):
        kind = NoteKind.PROGRESS
    else:
        require(is_own_client(actor, goal.client))
        kind = NoteKind.COMMENT
    note = GoalNote(goal_id=goal.id, author_id=actor.id, kind=kind, body=body)
    db.add(note)
    db.flush()
    record_change(actor, goal.client_id, "goal", goal.id, f"{kind.value}_added")
    return note


def load_goal(goal_id: int) -> Goal:
    """Return a goal whose client the current user may see, or answer 404."""
    goal = load_goal_with_notes(goal_id)
    if goal is None or not may_view_client(current_user, goal.client):
        deny()
    note_access(goal.client_id)
    return goal
