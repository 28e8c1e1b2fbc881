"""A specialist's availability: how soon they usually answer, when they are away, and which
colleague reads their participants' messages meanwhile.

Who may read and write a conversation, and who hears of a new message, follow from it
(portal.messaging.services, portal.messaging.inbox)."""

from datetime import date

from sqlalchemy import select

from portal.core.authz import require
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role, User
from portal.messaging.models import Availability

DEFAULT_REPLY_DAYS = 1  # working days, until the specialist says otherwise


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


def staff_for(client: User) -> list[User]:
    """Who on staff should hear from the client now: the specialist, and any substitute."""
    specialist = db.get(User, client.specialist_id) if client.specialist_id else None
    if specialist is None:
        return []
    availability = get_availability(specialist.id)
    if availability and availability.is_away(local_today()) and availability.substitute:
        return [specialist, availability.substitute]
    return [specialist]


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
