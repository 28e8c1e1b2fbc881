"""Giving feedback, the specialist's list of named feedback, and invitations after meetings.

Named feedback is kept with the client, the meeting and the time. Anonymous feedback keeps
only the team, the specialist it is about and the month, so no page can lead back to the
client; the team lead sees it only in groups of at least MIN_GROUP (see portal.feedback.report).
"""

from datetime import date

from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from portal.core.authz import NotAllowed, require
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.restriction import not_restricted
from portal.feedback.models import Feedback
from portal.meetings.models import Meeting
from portal.meetings.services import load_meeting, may_give_feedback_on

NAMED_FEEDBACK_SHOWN = 200


class AlreadyAnswered(Exception):
    """The client has already given feedback on (or declined) this meeting."""


def month_of(day: date) -> date:
    return day.replace(day=1)


def _close_invitation(client: User, meeting: Meeting) -> None:
    """Close the meeting's feedback invitation; only one request can do it (the UPDATE's
    condition decides), so a double tap or a second tab stores the feedback once."""
    require(client.role == Role.CLIENT and meeting.client_id == client.id)
    if not may_give_feedback_on(meeting):
        raise AlreadyAnswered
    closed = db.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.feedback_closed_at.is_(None))
        .values(feedback_closed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:
        raise AlreadyAnswered


def give_feedback(
    client: User, rating: int, comment: str | None, named: bool, meeting: Meeting | None = None
) -> Feedback:
    """Store the client's feedback, on a meeting or on the support in general."""
    require(client.role == Role.CLIENT)
    if meeting is not None:
        _close_invitation(client, meeting)
    feedback = Feedback(
        team_id=client.team_id,
        specialist_id=meeting.specialist_id if meeting else client.specialist_id,
        rating=rating,
        comment=comment or None,
        named=named,
        month=month_of(local_today()),
    )
    if named:
        feedback.client_id = client.id
        feedback.meeting_id = meeting.id if meeting else None
        feedback.created_at = utcnow()
    db.add(feedback)
    db.flush()
    return feedback


def decline_feedback(client: User, meeting: Meeting) -> None:
    """'No thanks': the invitation for this meeting goes away without a rating."""
    _close_invitation(client, meeting)


def list_named_feedback(viewer: User) -> list[Feedback]:
    """A client's own named feedback, or the named feedback of a specialist's caseload."""
    query = (
        select(Feedback)
        .options(joinedload(Feedback.client), joinedload(Feedback.specialist))
        .where(Feedback.named.is_(True))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(NAMED_FEEDBACK_SHOWN)
    )
    if viewer.role == Role.CLIENT:
        query = query.where(Feedback.client_id == viewer.id)
    elif viewer.role == Role.SPECIALIST:
        query = query.join(User, User.id == Feedback.client_id).where(
            User.specialist_id == viewer.id, not_restricted()
        )
    else:
        return []
    return list(db.scalars(query))


def load_meetings_of(feedback: list[Feedback]) -> dict[int, Meeting]:
    """The meetings the feedback is about, in one query."""
    ids = {item.meeting_id for item in feedback if item.meeting_id}
    if not ids:
        return {}
    return {
        meeting.id: meeting for meeting in db.scalars(select(Meeting).where(Meeting.id.in_(ids)))
    }


def load_own_meeting(meeting_id: int) -> Meeting:
    """The client's own meeting. Anyone who may not see it gets 404 first, like everywhere;
    the specialist, who may see it, gets 403: only the client answers."""
    meeting, client = load_meeting(meeting_id)
    if current_user.id != client.id:
        raise NotAllowed
    return meeting
