"""Messages between a client and the staff side (their specialist, or a substitute): who may
read and write a conversation, and reading and writing one.

The inbox across conversations is portal.messaging.inbox; a specialist's reply time, time
away and substitute are portal.messaging.availability."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import joinedload

from portal.core.authz import load_or_deny, require
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted, usable_caseload
from portal.messaging.availability import staff_for, substituted_specialist_ids
from portal.messaging.models import Conversation, Message

# --- who may read and write -------------------------------------------------------------


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


def visible_conversations(user: User):
    """A query condition for the conversations `user` may read (may_message, for many)."""
    if user.role == Role.CLIENT:
        return Conversation.client_id == user.id
    specialists = [user.id, *substituted_specialist_ids(user)]
    # Restricted clients' conversations leave the inbox, the badge and the counts with them.
    clients = select(User.id).where(User.specialist_id.in_(specialists), not_restricted())
    return Conversation.client_id.in_(clients)


def may_write(user: User, client: User) -> bool:
    """May `user` write in this client's conversations? Not while the client's records are
    restricted: nobody in the team reads them then, and a message would go unanswered."""
    return may_message(user, client) and client.restricted_at is None


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


# --- reading ----------------------------------------------------------------------------


def mark_read(viewer: User, conversation: Conversation) -> int:
    """Mark the other side's messages as read, now that `viewer` has opened them."""
    unread = and_(
        Message.conversation_id == conversation.id,
        Message.from_client.is_(viewer.id != conversation.client_id),
        Message.read_at.is_(None),
    )
    # A look first (in the index of unread messages): most views find nothing new, and an
    # UPDATE would open a transaction, or on SQLite take the write lock, for nothing.
    if not db.scalar(select(exists().where(unread))):
        return 0
    return db.execute(update(Message).where(unread).values(read_at=utcnow())).rowcount


# A conversation opens at its latest messages; "Earlier messages" shows this many more.
MESSAGES_SHOWN = 30
MAX_SHOWN = 5000  # an address asking for more gets this many (a conversation rarely has so many)


def latest_messages(conversation: Conversation, shown: int) -> tuple[list[Message], bool]:
    """The latest `shown` messages, oldest first, and whether there are earlier ones."""
    newest_first = db.scalars(
        select(Message)
        .options(joinedload(Message.sender))
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.id.desc())
        .limit(shown + 1)
    ).all()
    return list(reversed(newest_first[:shown])), len(newest_first) > shown


def first_message_body(conversation: Conversation) -> str | None:
    """The first words of a conversation begun without a subject give it its title."""
    return db.scalar(
        select(Message.body)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.id)
        .limit(1)
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


def _notify(recipient: User, conversation: Conversation) -> None:
    """E-mail that there is a new message, and a link: never who wrote it or what it says."""
    link = external_url("messaging.conversation", conversation_id=conversation.id)
    queue_email_in_language(
        recipient,
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
