"""Adding a participant's treatment or agency contact, and the participant's yes, no, choice of
what the contact may see, and withdrawal. Every change writes a PartnerLinkEvent with the
sentence the participant was shown (or, for what the specialist recorded, would be shown), in
the participant's language: it is the record of what they agreed to."""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.services import NewAccount, create_user, find_user_by_email, resend_invitation
from portal.core.authz import is_own_client, load_client_record, require
from portal.core.countries import country_of
from portal.core.dates import local_today
from portal.core.db import db, is_unique_violation, utcnow
from portal.core.forms import FieldError
from portal.core.identity import Role, User
from portal.core.versioning import check_version
from portal.partners.labels import kinds_offered
from portal.partners.models import (
    SHARES,
    ConsentWay,
    LinkState,
    PartnerKind,
    PartnerLink,
    PartnerLinkEvent,
)
from portal.partners.wording import (
    no_wording,
    paper_wording,
    question_wording,
    shares_wording,
    stop_recorded_wording,
    stop_wording,
    yes_wording,
)


class PartnerError(FieldError):
    """Input for a contact that cannot be saved; `field` names the form field."""


@dataclass
class NewContact:
    name: str
    email: str
    organisation: str
    kind: PartnerKind
    # None: ask the participant in the portal; else the date on the paper they signed.
    paper_on: date | None = None
    shares: frozenset[str] = frozenset()


# --- reading ------------------------------------------------------------------------------


def load_link(link_id: int) -> tuple[PartnerLink, User]:
    """A link of a participant the current user may see (the participant, their specialist),
    with the participant, or 404."""
    return load_client_record(PartnerLink, link_id)


def list_links(client_id: int) -> list[PartnerLink]:
    return list(
        db.scalars(
            select(PartnerLink)
            .where(PartnerLink.client_id == client_id)
            .order_by(PartnerLink.created_at.desc(), PartnerLink.id.desc())
        )
    )


def list_events(client_id: int, limit: int = 15) -> list[PartnerLinkEvent]:
    return list(
        db.scalars(
            select(PartnerLinkEvent)
            .where(PartnerLinkEvent.client_id == client_id)
            .order_by(PartnerLinkEvent.created_at.desc(), PartnerLinkEvent.id.desc())
            .limit(limit)
        )
    )


def waiting_requests(client: User) -> list[PartnerLink]:
    """The questions the participant has not answered; none while their records are
    restricted (nothing of theirs may be used, so nobody may be asked about it)."""
    if client.restricted_at is not None or client.erased_at is not None:
        return []
    return [link for link in list_links(client.id) if link.state == LinkState.ASKED]


def home_link_of(client_id: int):
    """The condition of a link the participant's home page shows: a question waiting for an
    answer, or a yes recorded from paper they have not seen."""
    unseen_paper = and_(
        PartnerLink.state == LinkState.ACTIVE,
        PartnerLink.consent_way == ConsentWay.PAPER,
        PartnerLink.paper_seen_at.is_(None),
    )
    return and_(
        PartnerLink.client_id == client_id,
        or_(PartnerLink.state == LinkState.ASKED, unseen_paper),
    )


def home_links(client: User) -> tuple[list[PartnerLink], list[PartnerLink]]:
    """(questions waiting for an answer, yeses recorded from paper not yet seen), in one
    query with the names they show."""
    links = db.scalars(
        select(PartnerLink)
        .options(joinedload(PartnerLink.partner), joinedload(PartnerLink.recorded_by))
        .where(home_link_of(client.id))
        .order_by(PartnerLink.created_at.desc(), PartnerLink.id.desc())
    ).all()
    restricted = client.restricted_at is not None or client.erased_at is not None
    asked = [link for link in links if link.state == LinkState.ASKED and not restricted]
    return asked, [link for link in links if link.state == LinkState.ACTIVE]


def _participant_locale(client: User) -> str:
    return client.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def _record(link: PartnerLink, actor: User, what: str, wording, shown_now: bool) -> None:
    """Keep the event with its sentence: as shown on this page (`shown_now`, the participant
    reads it), else in the participant's own language (the specialist recorded it)."""
    if shown_now:
        text, locale = wording(), str(get_locale())
    else:
        locale = _participant_locale(link.client)
        with force_locale(locale):
            text = wording()
    db.add(
        PartnerLinkEvent(
            link=link,
            client_id=link.client_id,
            actor_id=actor.id,
            what=what,
            shares=",".join(name for name in SHARES if name in link.shares()),
            wording=text,
            locale=locale,
        )
    )


def _set_shares(link: PartnerLink, shares) -> None:
    for name in SHARES:
        setattr(link, f"share_{name}", name in shares)


def _invite_when_new(link: PartnerLink) -> None:
    """A contact who has never chosen a password gets the usual invitation once a yes makes
    them useful. Sent on behalf of the specialist: the invitation names the inviter, and
    must name no participant (portal/templates/accounts/email/invitation.txt)."""
    inviter = link.recorded_by or link.client.specialist
    if link.partner.password_hash is None and inviter is not None:
        link.partner.invited_by_id = link.partner.invited_by_id or inviter.id
        resend_invitation(inviter, link.partner)


# --- the specialist -----------------------------------------------------------------------


def add_contact(actor: User, client: User, new: NewContact) -> PartnerLink:
    """Ask the participant about a named contact, or record the yes they gave on paper.

    One account per person: a contact another participant (or team) already works with is
    linked again, and their name stays as they keep it."""
    require(is_own_client(actor, client) and client.restricted_at is None)
    if new.kind not in kinds_offered(country_of(client)):
        raise PartnerError(_("Choose one of the kinds in the list."), "kind")
    if new.paper_on is not None:
        if new.paper_on > local_today():
            raise PartnerError(_("The date on the paper cannot be in the future."), "consent_on")
        if not new.shares:
            raise PartnerError(_("Tick what the participant agreed to on paper."), "shares")
    partner = find_user_by_email(new.email)
    if partner is not None and partner.role != Role.PARTNER:
        raise PartnerError(
            _(
                "This e-mail address belongs to an account that cannot be a treatment or "
                "agency contact. Ask the contact for their work e-mail address."
            ),
            "email",
        )
    link = None
    if partner is not None:
        link = db.scalar(
            select(PartnerLink).where(
                PartnerLink.client_id == client.id, PartnerLink.partner_id == partner.id
            )
        )
    if link is not None and link.state in (LinkState.ASKED, LinkState.ACTIVE):
        raise PartnerError(_("This person is already a contact of this participant."), "email")
    if partner is None:
        account = NewAccount(Role.PARTNER, new.email, new.name, locale=actor.locale)
        partner = create_user(account, invited_by=actor)
    if link is None:
        # Asked again after a no or a stop: the same row, all sharing off until a new yes.
        link = PartnerLink(client=client, partner=partner)
        db.add(link)
    _set_shares(link, new.shares if new.paper_on else ())
    link.team_id = client.team_id
    link.kind = new.kind
    link.organisation = new.organisation
    link.recorded_by = actor
    link.paper_seen_at = link.withdrawn_at = None
    if new.paper_on is None:
        link.state, link.consent_way, link.consent_on, link.answered_at = (
            LinkState.ASKED, None, None, None
        )  # fmt: skip
    else:
        link.state, link.consent_way = LinkState.ACTIVE, ConsentWay.PAPER
        link.consent_on, link.answered_at = new.paper_on, utcnow()
    try:
        db.flush()
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        db.rollback()  # the same contact added twice at once: only one is kept
        raise PartnerError(
            _("This person is already a contact of this participant."), "email"
        ) from None
    if new.paper_on is None:
        _record(link, actor, "asked", lambda: question_wording(link), shown_now=False)
    else:
        _record(link, actor, "paper", lambda: paper_wording(link), shown_now=False)
        _invite_when_new(link)
    return link


def record_withdrawal(actor: User, link: PartnerLink, version) -> None:
    """The participant said (on the phone, at a meeting) that sharing must stop."""
    check_version(link, version)
    require(is_own_client(actor, link.client) and link.state == LinkState.ACTIVE)
    _withdraw(link)
    _record(link, actor, "withdrawn", lambda: stop_recorded_wording(link, actor), shown_now=False)


# --- the participant ----------------------------------------------------------------------


def _require_participant(actor: User, link: PartnerLink) -> None:
    """Only the participant answers for themselves (never their specialist for them)."""
    require(actor.role == Role.CLIENT and actor.id == link.client_id)


def answer_request(actor: User, link: PartnerLink, yes: bool, shares, version) -> None:
    _require_participant(actor, link)
    client = link.client
    check_version(link, version)
    require(link.state == LinkState.ASKED and client.restricted_at is None)
    shares = frozenset(shares or ())
    if yes and not shares:
        raise PartnerError(_("Tick at least one thing they may see, or answer No."), "shares")
    link.answered_at = utcnow()
    link.consent_way = ConsentWay.PORTAL
    if yes:
        _set_shares(link, shares)
        link.state, link.consent_on = LinkState.ACTIVE, local_today()
        _record(link, actor, "given", lambda: yes_wording(link, shares), shown_now=True)
        _invite_when_new(link)
    else:
        link.state = LinkState.DECLINED
        _record(link, actor, "declined", lambda: no_wording(link), shown_now=True)


def change_shares(actor: User, link: PartnerLink, shares, version) -> None:
    _require_participant(actor, link)
    check_version(link, version)
    require(link.state == LinkState.ACTIVE)
    shares = frozenset(shares or ())
    if not shares:
        raise PartnerError(
            _("Tick at least one thing they may see, or stop sharing with them."), "shares"
        )
    _set_shares(link, shares)
    link.paper_seen_at = link.paper_seen_at or utcnow()  # they have seen it now
    _record(link, actor, "shares", lambda: shares_wording(link, shares), shown_now=True)


def stop_sharing(actor: User, link: PartnerLink, version) -> None:
    """One press: the contact sees nothing from the next request on."""
    _require_participant(actor, link)
    check_version(link, version)
    require(link.state == LinkState.ACTIVE)
    _withdraw(link)
    link.paper_seen_at = link.paper_seen_at or utcnow()
    _record(link, actor, "withdrawn", lambda: stop_wording(link), shown_now=True)


def _withdraw(link: PartnerLink) -> None:
    link.state, link.withdrawn_at = LinkState.WITHDRAWN, utcnow()
    _set_shares(link, ())


def see_paper(actor: User, link: PartnerLink) -> None:
    """The participant pressed "I have seen it" under a yes recorded from paper."""
    _require_participant(actor, link)
    if link.consent_way == ConsentWay.PAPER and link.paper_seen_at is None:
        link.paper_seen_at = utcnow()
