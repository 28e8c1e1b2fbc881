"""The inbox and the unread badge: each conversation's title, unread count and how long a
participant has waited for an answer, read for many conversations at once."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role, User
from portal.messaging.availability import DEFAULT_REPLY_DAYS
from portal.messaging.models import Availability, Conversation, Message
from portal.messaging.services import visible_conversations

TITLE_LENGTH = 60  # a line on a phone


def working_days_between(start: date, end: date) -> int:
    """Count the weekdays after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def first_words(text: str, length: int) -> str:
    """The start of `text` on one line, cut at a word and marked when something was cut."""
    words = " ".join(text.split())
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0].rstrip(",.;:") + "\u2026"


def conversation_title(subject: str, first_message: str | None) -> str:
    """The subject, or for a conversation begun without one its first words: the column is
    NOT NULL, so a missing subject is stored as an empty string."""
    if subject:
        return subject
    return first_words(first_message or "", TITLE_LENGTH) or _("Message")


@dataclass
class InboxRow:
    conversation: Conversation
    client: User
    unread: int
    waiting_since: datetime | None  # the oldest client message not yet answered
    overdue: bool
    covering_for: str | None = None  # the absent colleague, when the reader is a substitute
    title: str = ""  # the subject, or the first words when there is none


def list_conversations(user: User) -> list[InboxRow]:
    """Return the user's conversations, unread first, then the most recent; one query."""
    other_side = Message.from_client.is_(user.role != Role.CLIENT)
    unread = (
        select(func.count(Message.id))
        .where(Message.conversation_id == Conversation.id, other_side, Message.read_at.is_(None))
        .scalar_subquery()
    )
    staff_message, client_message = aliased(Message), aliased(Message)
    last_staff = (
        select(func.max(staff_message.created_at))
        .where(
            staff_message.conversation_id == Conversation.id,
            staff_message.from_client.is_(False),
        )
        .correlate(Conversation)  # two levels up, inside `waiting` below
        .scalar_subquery()
    )
    waiting = (
        select(func.min(client_message.created_at))
        .where(
            client_message.conversation_id == Conversation.id,
            client_message.from_client.is_(True),
            or_(last_staff.is_(None), client_message.created_at > last_staff),
        )
        .scalar_subquery()
    )
    first_message = aliased(Message)
    # Only read for a conversation without a subject, and only its start (one query still).
    opening = case(
        (
            Conversation.subject == "",
            select(func.substr(first_message.body, 1, TITLE_LENGTH + 40))
            .where(first_message.conversation_id == Conversation.id)
            .order_by(first_message.id)
            .limit(1)
            .correlate(Conversation)
            .scalar_subquery(),
        ),
        else_=None,
    )
    client, specialist = aliased(User), aliased(User)
    rows = db.execute(
        select(Conversation, client, unread, waiting, Availability.reply_days, specialist, opening)
        .join(client, client.id == Conversation.client_id)
        .outerjoin(specialist, specialist.id == client.specialist_id)
        .outerjoin(Availability, Availability.user_id == client.specialist_id)
        .where(visible_conversations(user))
        .order_by(case((unread > 0, 0), else_=1), Conversation.last_message_at.desc())
    )
    today = local_today()
    result = []
    for (
        conversation,
        owner,
        unread_count,
        waiting_since,
        reply_days,
        owner_specialist,
        start,
    ) in rows:
        overdue = waiting_since is not None and working_days_between(
            waiting_since.date(), today
        ) > (reply_days or DEFAULT_REPLY_DAYS)
        covering = owner_specialist is not None and owner_specialist.id != user.id
        covering_for = owner_specialist.name if covering and user.role != Role.CLIENT else None
        title = conversation_title(conversation.subject, start)
        result.append(
            InboxRow(conversation, owner, unread_count, waiting_since, overdue, covering_for, title)
        )
    return result


def unread_count(user: User) -> int:
    """Messages from the other side that the user has not opened yet (the badge)."""
    if user.role not in (Role.CLIENT, Role.SPECIALIST):
        return 0
    return db.scalar(
        select(func.count(Message.id))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            visible_conversations(user),
            Message.from_client.is_(user.role != Role.CLIENT),
            Message.read_at.is_(None),
        )
    )
