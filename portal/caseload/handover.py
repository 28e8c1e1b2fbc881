"""Handing a client over to another specialist: the team lead's decision, with a note for the
client and one for the new specialist. Everything the client has moves with them, since the
caseload is what decides who may see it."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from portal.accounts.models import Role, User
from portal.authz import require
from portal.caseload.models import Handover
from portal.db import db, utcnow
from portal.forms import FieldError
from portal.navigation import external_url
from portal.outbox import queue_email_in_language
from portal.privacy.restriction import not_restricted

SHOWN_FOR = timedelta(days=60)


class HandoverError(FieldError):
    """Input that cannot be saved; `field` names the form field it concerns."""


def hand_over(
    actor: User,
    client: User,
    new_specialist_id: int,
    note_to_client: str | None,
    note_to_specialist: str | None,
) -> Handover:
    require(actor.role == Role.ADMIN and client.role == Role.CLIENT)
    new = db.get(User, new_specialist_id) if new_specialist_id else None
    if new is None or new.role != Role.SPECIALIST:
        raise HandoverError(_l("Choose an employment specialist from the list."), "specialist")
    if new.id == client.specialist_id:
        raise HandoverError(_l("The participant already has this specialist."), "specialist")
    handover = Handover(
        client_id=client.id,
        from_specialist_id=client.specialist_id,
        to_specialist_id=new.id,
        by_id=actor.id,
        note_to_client=note_to_client or None,
        note_to_specialist=note_to_specialist or None,
    )
    client.specialist_id, client.team_id = new.id, new.team_id
    db.add(handover)
    db.flush()
    link = external_url("site.home")
    # Neither e-mail names the client or says why: e-mail is not a place for health data.
    queue_email_in_language(
        new.email,
        new.locale,
        _l("A participant has been handed over to you"),
        "email/handover_specialist.txt",
        about=client,
        user=new,
        link=link,
    )
    queue_email_in_language(
        client.email,
        client.locale,
        _l("There is news for you in the portal"),
        "email/handover_client.txt",
        about=client,
        user=client,
        link=link,
    )
    return handover


def latest_handover_for_client(client: User) -> Handover | None:
    """The client's latest hand-over, while it is recent, for their home page."""
    return db.scalars(
        select(Handover)
        .options(joinedload(Handover.to_specialist))
        .where(Handover.client_id == client.id, Handover.created_at >= utcnow() - SHOWN_FOR)
        .order_by(Handover.id.desc())
        .limit(1)
    ).first()


def recent_handovers_to(specialist: User) -> list:
    """Clients recently handed over to this specialist who are still theirs, newest first:
    rows of only what the home page shows (`client_id`, `created_at`, `note_to_specialist`,
    `client_name`, and `from_name`, None when the previous specialist is gone or unknown)."""
    previous = aliased(User)
    return db.execute(
        select(
            Handover.client_id,
            Handover.created_at,
            Handover.note_to_specialist,
            User.name.label("client_name"),
            previous.name.label("from_name"),
        )
        .join(User, User.id == Handover.client_id)
        .outerjoin(previous, previous.id == Handover.from_specialist_id)
        .where(
            Handover.to_specialist_id == specialist.id,
            User.specialist_id == specialist.id,
            not_restricted(),
            Handover.created_at >= utcnow() - SHOWN_FOR,
        )
        .order_by(Handover.id.desc())
    ).all()


def list_specialists() -> list[User]:
    return list(
        db.scalars(
            select(User)
            .options(joinedload(User.team))
            .where(User.role == Role.SPECIALIST)
            .order_by(User.name)
        )
    )
