"""Messages between a client and the staff side (their specialist, or a substitute)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from portal.core.authz import load_or_deny, require
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted, usable_caseload
from portal.messaging.models import Availability, Conversation, Message

DEFAULT_REPLY_DAYS = 1


def working_days_between(start: date, end: date) -> int:
    """Count the weekdays after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


# --- who may write to whom ------------------------------------------------------------


def get_availability(specialist_id: int | None) -> Availability | None:
    return db.get(Availability, specialist_id) if specialist_id else None


def substituted_specialist_ids(user: User) -> list[int]:
    """Return the colleagues who are away today and named `user` as their substitute."""
    if user.role != Role.SPECIALIST:
        return []
    today = local_today()
    return list(
        db.scalars(
            select(Availability.user_id).where(
                Availability.substitute_id == user.id,
                Availability.away_from <= today,
                Availability.away_until >= today,
            )
        )
    )


def may_message(user: User, client: User) -> bool:
    """The client, their specialist, or the specialist's substitute while they are away."""
    if client.role != Role.CLIENT:
        return False
    if user.id == client.id:
        return True
    if user.role != Role.SPECIALIST or client.specialist_id is None or client.restricted_at:
        return False
    return client.specialist_id == user.id or client.specialist_id in substituted_specialist_ids(
        user
    )


def _visible_conversations(user: User):
    """A query condition for the conversations `user` may read."""
    if user.role == Role.CLIENT:
        return Conversation.client_id == user.id
    specialists = [user.id, *substituted_specialist_ids(user)]
    # Restricted clients' conversations leave the inbox, the badge and the counts with them.
    clients = select(User.id).where(User.specialist_id.in_(specialists), not_restricted())
    return Conversation.client_id.in_(clients)


# --- reading ----------------------------------------------------------------------------

TITLE_LENGTH = 60  # a line on a phone
ANNOUNCED_LENGTH = 200  # what a screen reader reads aloud of a message that just arrived


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
        .where(_visible_conversations(user))
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
            _visible_conversations(user),
            Message.from_client.is_(user.role != Role.CLIENT),
            Message.read_at.is_(None),
        )
    )


def mark_read(viewer: User, conversation: Conversation) -> int:
    """Mark the other side's messages as read, now that `viewer` has opened them."""
    result = db.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation.id,
            Message.from_client.is_(viewer.id != conversation.client_id),
            Message.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    return result.rowcount


def list_messages(conversation: Conversation, after_id: int = 0) -> list[Message]:
    return list(
        db.scalars(
            select(Message)
            .options(joinedload(Message.sender))
            .where(Message.conversation_id == conversation.id, Message.id > after_id)
            .order_by(Message.id)
        )
    )


def last_message_id(conversation: Conversation) -> int:
    return db.scalar(
        select(func.coalesce(func.max(Message.id), 0)).where(
            Message.conversation_id == conversation.id
        )
    )


# --- writing ----------------------------------------------------------------------------


def _recipients(sender: User, client: User) -> list[User]:
    return [client] if sender.id != client.id else staff_for(client)


def staff_for(client: User) -> list[User]:
    """Who on staff should hear from the client now: the specialist, and any substitute."""
    specialist = db.get(User, client.specialist_id) if client.specialist_id else None
    if specialist is None:
        return []
    availability = get_availability(specialist.id)
    if availability and availability.is_away(local_today()) and availability.substitute:
        return [specialist, availability.substitute]
    return [specialist]


def _notify(recipient: User, conversation: Conversation) -> None:
    """E-mail that there is a new message, and a link: never who wrote it or what it says."""
    link = external_url("messaging.conversation", conversation_id=conversation.id)
    queue_email_in_language(
        recipient.email,
        recipient.locale,
        _l("You have a new message"),
        "messaging/email/new_message.txt",
        about=conversation.client,
        user=recipient,
        link=link,
    )


def send_message(actor: User, conversation: Conversation, body: str) -> Message:
    """Add a message; the other side gets a content-free e-mail if it had nothing unread."""
    client = conversation.client
    require(may_write(actor, client))
    from_client = actor.id == client.id
    had_unread = db.scalar(
        select(func.count(Message.id)).where(
            Message.conversation_id == conversation.id,
            Message.from_client.is_(from_client),
            Message.read_at.is_(None),
        )
    )
    mark_read(actor, conversation)  # whoever answers has read what came before
    message = Message(
        conversation_id=conversation.id, sender_id=actor.id, from_client=from_client, body=body
    )
    db.add(message)
    conversation.last_message_at = utcnow()
    db.flush()
    if not had_unread:  # one e-mail per batch of unread messages, not one per message
        for recipient in _recipients(actor, client):
            if recipient.is_active:
                _notify(recipient, conversation)
    return message


def may_write(user: User, client: User) -> bool:
    """May `user` write in this client's conversations? Not while the client's records are
    restricted: nobody in the team reads them then, and a message would go unanswered."""
    return may_message(user, client) and client.restricted_at is None


def start_conversation(actor: User, client: User, subject: str | None, body: str) -> Conversation:
    """Start a conversation; without a subject it is stored as "" (the column is NOT NULL)."""
    require(may_write(actor, client))
    conversation = Conversation(
        client_id=client.id, subject=(subject or "").strip(), started_by_id=actor.id
    )
    db.add(conversation)
    db.flush()
    send_message(actor, conversation, body)
    return conversation


def save_availability(
    actor: User,
    reply_days: int,
    away_from: date | None,
    away_until: date | None,
    substitute_id: int | None,
) -> Availability:
    """Set the specialist's reply time and time away; a substitute must be a team colleague."""
    require(actor.role == Role.SPECIALIST)
    if substitute_id is not None:
        substitute = db.get(User, substitute_id)
        require(
            substitute is not None
            and substitute.role == Role.SPECIALIST
            and substitute.team_id == actor.team_id
            and substitute.id != actor.id
        )
    availability = get_availability(actor.id) or Availability(user_id=actor.id)
    availability.reply_days = reply_days
    availability.away_from, availability.away_until = away_from, away_until
    availability.substitute_id = substitute_id
    db.add(availability)
    db.flush()
    return availability


def colleagues(actor: User) -> list[User]:
    """The specialists in the actor's team who could stand in while the actor is away."""
    return list(
        db.scalars(
            select(User)
            .where(
                User.role == Role.SPECIALIST,
                User.team_id == actor.team_id,
                User.id != actor.id,
                User.password_hash.is_not(None),
            )
            .order_by(User.name)
        )
    )


def writable_clients(actor: User) -> list[User]:
    """The clients a staff member may start a conversation with (caseload and substitutions)."""
    specialists = [actor.id, *substituted_specialist_ids(actor)]
    return list(db.scalars(usable_caseload(specialists)))


def load_conversation(conversation_id: int) -> Conversation:
    """Return a conversation the current user may read, or answer 404."""
    return load_or_deny(
        Conversation,
        conversation_id,
        lambda conversation: may_message(current_user, conversation.client),
        noted_client=lambda conversation: conversation.client_id,
    )
