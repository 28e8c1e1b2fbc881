"""Handing a client over to another specialist: the team lead's decision, with a note for the
client and one for the new specialist. Everything the client has moves with them, since the
caseload is what decides who may see it.

A lead hands over only participants of the teams they lead, to a specialist of those teams in
the same country (its job centres, benefits and crisis lines are the participant's), who can
sign in now: the participant is never left with someone who cannot answer them."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from portal.caseload.models import Handover
from portal.caseload.services import leads_client
from portal.core.authz import leads_team, led_team_ids, load_or_deny, require
from portal.core.db import db, utcnow
from portal.core.forms import FieldError
from portal.core.identity import Role, Team, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted

SHOWN_FOR = timedelta(days=60)

FROM_THE_LIST = _l("Choose an employment specialist from the list.")
SAME_COUNTRY = _l("Choose a specialist in a team in the same country as the participant's team.")
CANNOT_SIGN_IN = _l(
    "This specialist cannot sign in now (the account is switched off or not set up yet). "
    "Choose another."
)


class HandoverError(FieldError):
    """Input that cannot be saved; `field` names the form field it concerns."""


def may_hand_over(actor: User, client: User) -> bool:
    """A lead hands over the participants of their own teams, while the records are in use
    (a restricted client is not handed over: that would be working on the records)."""
    return leads_client(actor, client) and client.erased_at is None and client.restricted_at is None


def handover_candidates(lead: User, client: User) -> list[User]:
    """The specialists `lead` may hand `client` over to (what `check_handover` accepts), by
    name, each with their team loaded for its name."""
    if client.team is None:
        return []
    return list(
        db.scalars(
            select(User)
            .join(Team, User.team_id == Team.id)
            .options(contains_eager(User.team))
            .where(
                User.role == Role.SPECIALIST,
                User.team_id.in_(led_team_ids(lead)),
                Team.country == client.team.country,
                User.deactivated_at.is_(None),
                User.password_hash.is_not(None),
                User.id != client.specialist_id,
            )
            .order_by(User.name, Team.name, User.id)
        )
    )


def check_handover(actor: User, client: User, new_specialist_id: int) -> User:
    """Return the new specialist when `actor` may hand `client` over to them; else raise
    HandoverError. The form offers only these, but a forged POST can name anyone."""
    require(actor.role == Role.ADMIN and may_hand_over(actor, client))
    new = db.get(User, new_specialist_id) if new_specialist_id else None
    # A specialist of a team the lead does not lead is answered as no one at all: the lead
    # does not learn who works elsewhere.
    if new is None or new.role != Role.SPECIALIST or not leads_team(actor, new.team_id):
        raise HandoverError(FROM_THE_LIST, "specialist")
    if new.id == client.specialist_id:
        raise HandoverError(_l("The participant already has this specialist."), "specialist")
    if new.team.country != client.team.country:
        raise HandoverError(SAME_COUNTRY, "specialist")
    if new.deactivated_at is not None or new.password_hash is None:
        raise HandoverError(CANNOT_SIGN_IN, "specialist")
    return new


def hand_over(
    actor: User,
    client: User,
    new_specialist_id: int,
    note_to_client: str | None,
    note_to_specialist: str | None,
) -> Handover:
    new = check_handover(actor, client, new_specialist_id)
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
        new,
        _l("A participant has been handed over to you"),
        "email/handover_specialist.txt",
        about=client,
        user=new,
        link=link,
    )
    queue_email_in_language(
        client,
        _l("There is news for you in the portal"),
        "email/handover_client.txt",
        about=client,
        user=client,
        link=link,
    )
    return handover


def recent_handover_of(client_id: int):
    """The condition of a hand-over of the client recent enough for their home page."""
    return and_(Handover.client_id == client_id, Handover.created_at >= utcnow() - SHOWN_FOR)


def latest_handover_for_client(client: User) -> Handover | None:
    """The client's latest hand-over, while it is recent, for their home page."""
    return db.scalars(
        select(Handover)
        .options(joinedload(Handover.to_specialist))
        .where(recent_handover_of(client.id))
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


def load_client_for_handover(client_id: int) -> User:
    """Return a participant of a team the current user leads, whose records are in use, or
    answer 404."""
    return load_or_deny(
        User,
        client_id,
        lambda client: may_hand_over(current_user, client),
        noted_client=lambda client: client.id,
    )
