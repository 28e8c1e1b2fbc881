"""The invitations a specialist or lead has sent: each is a row of what they typed, listed to
them alone while it is open, and sent again from there.

The account and the link an invitation makes are portal.accounts.services and
portal.accounts.links; why a known and an unknown address look the same is
portal.accounts.same_answer."""

from datetime import timedelta

from flask_login import current_user
from sqlalchemy import and_, select

from portal.accounts.links import link_lifetime
from portal.accounts.models import Invitation, TokenPurpose
from portal.accounts.services import NewAccount, normalise_email
from portal.core.authz import deny
from portal.core.db import db, utcnow
from portal.core.identity import User


def invitation_lifetime() -> timedelta:
    """How long an invitation's link works, and so how long the invitation is listed."""
    return link_lifetime(TokenPurpose.INVITATION)


def record_invitation(actor: User, account: NewAccount) -> Invitation:
    """Keep what `actor` sent, the same row whether or not the address had an account."""
    invitation = Invitation(
        invited_by_id=actor.id,
        email=normalise_email(account.email),
        name=account.name,
        role=account.role,
        expires_at=utcnow() + invitation_lifetime(),
    )
    db.add(invitation)
    db.flush()
    return invitation


def _open_invitation():
    """Listed and sent again until its link expires, or until an account with its address
    is activated after it was sent: the invitee chose a password through it (or through a
    newer link, which spends this one). Until the invitee acts nothing here differs between
    an address that had an account and one that had none: an account activated before the
    invitation (someone already in the portal, a participant of any team) keeps it listed
    just as silence does, and it goes when it expires, as an unanswered one does.

    A participant whose records are restricted is left out only when this invitation made
    their account (their own specialist, who no longer meets them anywhere): an address that
    was known before stays listed, as leaving it out would tell the inviter whose it is."""
    accepted = (
        select(User.id)
        .where(User.email == Invitation.email, User.activated_at >= Invitation.created_at)
        .exists()
    )
    restricted_since = (
        select(User.id)
        .where(
            User.email == Invitation.email,
            User.created_at >= Invitation.created_at,
            User.restricted_at.is_not(None),
        )
        .exists()
    )
    return and_(Invitation.expires_at > utcnow(), ~accepted, ~restricted_since)


def sent_invitations(actor: User) -> list[Invitation]:
    """Return the invitations `actor` sent that are still open, newest first."""
    return list(
        db.scalars(
            select(Invitation)
            .where(Invitation.invited_by_id == actor.id, _open_invitation())
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def may_manage_invitation(user: User, invitation: Invitation) -> bool:
    """Only its sender sends an invitation again: the row says what they typed and sent,
    which is nobody else's to see (another lead of the team included)."""
    return invitation.invited_by_id == user.id


def find_open_invitation(invitation_id: int) -> Invitation | None:
    """Return the invitation with this id while it is open (see _open_invitation)."""
    return db.scalar(select(Invitation).where(Invitation.id == invitation_id, _open_invitation()))


def load_sent_invitation(invitation_id: int) -> Invitation:
    """Return an open invitation the current user sent, or answer 404."""
    invitation = find_open_invitation(invitation_id)
    if invitation is None or not may_manage_invitation(current_user, invitation):
        deny()
    return invitation


def renew_invitation(invitation: Invitation) -> None:
    """Sent again: listed for as long as the fresh link works."""
    invitation.expires_at = utcnow() + invitation_lifetime()
    db.flush()
