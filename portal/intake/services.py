"""Referrals: made by the person (the public page) or a treatment contact, then accepted by a
specialist or closed with a reason. Each function checks what it must and flushes; the view
commits. Who may see a referral: the specialists and leads of its team (may_handle_referral).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from portal.accounts.paper import PaperCode, create_paper_account
from portal.accounts.same_answer import invite_user
from portal.accounts.services import NewAccount
from portal.core.authz import leads_team, led_team_ids, load_or_deny, require
from portal.core.dates import local_date_and_time
from portal.core.db import db, utcnow
from portal.core.forms import FieldError
from portal.core.identity import Role, Team, User
from portal.intake.models import ClosingReason, Referral, ReferralSource
from portal.partners.models import TREATMENT_KINDS, PartnerLink


class ReferralError(FieldError):
    pass


@dataclass
class Reachable:
    """What the form says about the person (the same for both ways in)."""

    name: str
    email: str | None
    phone: str | None
    work_wish: str | None
    locale: str | None


def _new_referral(team_id: int, source: ReferralSource, person: Reachable, by: User | None):
    referral = Referral(
        team_id=team_id,
        source=source,
        referred_by_id=by.id if by else None,
        name=person.name,
        email=(person.email or "").strip().lower() or None,
        phone=person.phone or None,
        work_wish=person.work_wish or None,
        locale=person.locale,
    )
    db.add(referral)
    db.flush()
    return referral


# --- the ways in ----------------------------------------------------------------------------


def public_teams() -> list[Team]:
    """The teams a person can ask to join on the public page: those given a public name."""
    query = select(Team).where(Team.public_name.is_not(None)).order_by(Team.public_name)
    return list(db.scalars(query))


def load_public_team(team_id: int) -> Team | None:
    team = db.get(Team, team_id)
    return team if team is not None and team.public_name else None


def refer_oneself(team: Team, person: Reachable) -> Referral:
    return _new_referral(team.id, ReferralSource.SELF, person, None)


def referring_teams(contact: User) -> list[Team]:
    """The teams a treatment contact works with: those of the participants who linked them
    as a treatment contact. Their clinic refers to these teams."""
    if contact.role != Role.PARTNER:
        return []
    team_ids = select(PartnerLink.team_id).where(
        PartnerLink.partner_id == contact.id, PartnerLink.kind.in_(TREATMENT_KINDS)
    )
    return list(db.scalars(select(Team).where(Team.id.in_(team_ids)).order_by(Team.name)))


def refer_by_clinic(contact: User, team_id: int, person: Reachable) -> Referral:
    """A treatment contact refers someone. They see nothing about the person afterwards:
    only a link the person consents to (portal.partners) shows them anything."""
    if team_id not in {team.id for team in referring_teams(contact)}:
        raise ReferralError(_("Choose one of the teams in the list."), "team")
    return _new_referral(team_id, ReferralSource.CLINIC, person, contact)


# --- the team's side ------------------------------------------------------------------------


def may_handle_referral(user: User, referral: Referral) -> bool:
    if user.role == Role.SPECIALIST:
        return user.team_id == referral.team_id
    return leads_team(user, referral.team_id)


def load_referral(referral_id: int) -> Referral:
    """A waiting referral of the current user's team, or 404."""
    return load_or_deny(
        Referral,
        referral_id,
        lambda referral: referral.is_waiting and may_handle_referral(current_user, referral),
    )


def _team_ids(user: User) -> set[int]:
    if user.role == Role.SPECIALIST:
        return {user.team_id} if user.team_id else set()
    return led_team_ids(user)


def _waiting(user: User):
    return (
        Referral.team_id.in_(_team_ids(user)),
        Referral.accepted_at.is_(None),
        Referral.closed_at.is_(None),
    )


def waiting_referrals(user: User) -> list[Referral]:
    """The team's waiting referrals, oldest first: the first step comes within a month."""
    query = (
        select(Referral)
        .options(joinedload(Referral.team))  # a lead's list names each one's team
        .where(*_waiting(user))
        .order_by(Referral.created_at, Referral.id)
    )
    return list(db.scalars(query))


def count_waiting_referrals(user: User) -> int:
    return db.scalar(select(func.count(Referral.id)).where(*_waiting(user))) or 0


def note_try(actor: User, referral: Referral) -> None:
    """The team tried to reach the person and did not get hold of them."""
    require(may_handle_referral(actor, referral) and referral.is_waiting)
    referral.tries += 1
    referral.last_try_at = utcnow()
    db.flush()


def close_referral(actor: User, referral: Referral, reason: ClosingReason) -> None:
    """Close without a start, for a reason the fidelity review counts; never "not ready"."""
    require(may_handle_referral(actor, referral) and referral.is_waiting)
    if reason == ClosingReason.NOT_REACHED and referral.tries < 1:
        raise ReferralError(
            _("Note each try to reach the person first: the referral says how many there were."),
            "reason",
        )
    referral.closed_at = utcnow()
    referral.closing_reason = reason
    referral.closed_by_id = actor.id
    db.flush()


def _start_day(referral: Referral):
    """The start in IPS is the day of the referral (in the portal's time zone)."""
    return local_date_and_time(referral.created_at)[0]


def _accepted(actor: User, referral: Referral) -> None:
    referral.accepted_at = utcnow()
    referral.accepted_by_id = actor.id
    # The account holds who the person is now: the referral keeps only what the review counts.
    _wipe(referral)
    db.flush()


def accepted_by(actor: User, referral_id: int) -> bool:
    """True when `actor` accepted this referral already (a repeated tap on "Accept")."""
    referral = db.get(Referral, referral_id)
    return referral is not None and referral.accepted_by_id == actor.id


def accept_by_email(actor: User, referral: Referral) -> None:
    """Accept into `actor`'s caseload and send the usual invitation to the given address."""
    require(actor.role == Role.SPECIALIST and may_handle_referral(actor, referral))
    require(referral.is_waiting and referral.email is not None)
    account = NewAccount(
        role=Role.CLIENT,
        email=referral.email,
        name=referral.name,
        locale=referral.locale,
        enrolled_on=_start_day(referral),
    )
    invite_user(actor, account)
    _accepted(actor, referral)


def accept_with_paper_code(actor: User, referral: Referral) -> PaperCode:
    """Accept into `actor`'s caseload with an account that signs in with a paper code."""
    require(actor.role == Role.SPECIALIST and may_handle_referral(actor, referral))
    require(referral.is_waiting)
    paper = create_paper_account(actor, referral.name, referral.locale, _start_day(referral))
    _accepted(actor, referral)
    return paper


# --- retention ------------------------------------------------------------------------------

WIPED = {"name": None, "email": None, "phone": None, "work_wish": None}


def _wipe(referral: Referral) -> None:
    for column, value in WIPED.items():
        setattr(referral, column, value)
    referral.wiped_at = utcnow()


def wipe_unaccepted_referrals(now: datetime, days: int) -> int:
    """Who the person is, for referrals nobody accepted in `days` days: wiped, leaving the
    dates, the source and any closing reason as counts (portal.privacy's purge)."""
    return db.execute(
        update(Referral)
        .where(
            Referral.accepted_at.is_(None),
            Referral.wiped_at.is_(None),
            Referral.created_at < now - timedelta(days=days),
        )
        .values(**WIPED, wiped_at=now)
    ).rowcount
