"""Tries to get back in touch with a participant who has gone quiet: recorded by their
specialist on the participant's meetings page, counted on the page that switches an account
off, and by the fidelity review (item V14). Missed meetings never end IPS."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.core.authz import is_own_client, require
from portal.core.dates import recent_day_problem
from portal.core.db import db
from portal.core.forms import FieldError
from portal.core.identity import User
from portal.meetings.models import OutreachTry, OutreachWay

TRIES_BEFORE_CLOSING = 3  # IPS keeps trying, in more than one way, before anyone is closed
LOOK_BACK = timedelta(days=60)  # the tries that count before an account is switched off
SHOWN = 10


class OutreachError(FieldError):
    """A try that cannot be saved; `field` names the form field it concerns."""


@dataclass
class OutreachData:
    tried_on: date
    way: OutreachWay
    reached: bool
    note: str | None


def record_try(actor: User, client: User, data: OutreachData) -> OutreachTry:
    require(is_own_client(actor, client))
    problem = recent_day_problem(data.tried_on)
    if problem:
        raise OutreachError(problem, "tried_on")
    attempt = OutreachTry(
        client_id=client.id,
        specialist_id=actor.id,
        tried_on=data.tried_on,
        way=data.way,
        reached=data.reached,
        note=data.note or None,
    )
    db.add(attempt)
    db.flush()
    return attempt


def recent_tries(client_id: int) -> list[OutreachTry]:
    return list(
        db.scalars(
            select(OutreachTry)
            .where(OutreachTry.client_id == client_id)
            .order_by(OutreachTry.tried_on.desc(), OutreachTry.id.desc())
            .limit(SHOWN)
        )
    )


def tries_by_participant(client_ids: list[int]) -> dict[int, list[date]]:
    """The days of every try for these participants, by participant."""
    days: dict[int, list[date]] = {client_id: [] for client_id in client_ids}
    for client_id, tried_on in db.execute(
        select(OutreachTry.client_id, OutreachTry.tried_on).where(
            OutreachTry.client_id.in_(client_ids)
        )
    ):
        days[client_id].append(tried_on)
    return days


def tries_before(client_id: int, day: date) -> int:
    """The tries in the LOOK_BACK days up to `day` (the day an account is switched off)."""
    return db.scalar(
        select(func.count()).where(
            OutreachTry.client_id == client_id,
            OutreachTry.tried_on.between(day - LOOK_BACK, day),
        )
    )
