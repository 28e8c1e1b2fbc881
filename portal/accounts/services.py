"""Account operations: signing in, one-time links, invitations and passwords (the signed-in
browsers themselves are portal.accounts.sessions).

Each function checks what it must, changes state and flushes; the caller commits once.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import AccountToken, Invitation, TokenPurpose
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.sessions import end_other_login_sessions
from portal.core.authz import deny
from portal.core.dates import local_today
from portal.core.db import db, is_unique_violation, utcnow
from portal.core.forms import FieldError
from portal.core.identity import (
    EmployerContactLink,
    EmployerOrganisation,
    Role,
    Team,
    TeamLead,
    User,
)
from portal.core.navigation import external_url
from portal.core.outbox import queue_email
from portal.core.signed_links import LinkProblem, hash_token, new_token, read, refuse_spent, sign

# In every invitation and reset link already sent: another salt would close them all.
LINK_SALT = "account-link"


class AccountError(FieldError):
    """A request that cannot be carried out; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


# --- signing in -------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, or None (same time either way).

    A switched-off account gets None too, after the same check: the answer tells nobody that
    the account exists, and only someone with the right password could tell it apart anyway."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user.deactivated_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


# --- one-time links ---------------------------------------------------------------------


def _max_age(purpose: TokenPurpose):
    key = "INVITATION_MAX_AGE" if purpose == TokenPurpose.INVITATION else "PASSWORD_RESET_MAX_AGE"
    return current_app.config[key]


def issue_link_token(user: User, purpose: TokenPurpose, created_by: User | None = None) -> str:
    """Store a new one-time token for `user` and return its signed form for the link."""
    max_age = _max_age(purpose)
    raw = new_token()
    db.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(raw),
            created_by_id=created_by.id if created_by else None,
            expires_at=utcnow() + max_age,
        )
    )
    db.flush()
    return sign({"t": raw, "p": purpose.value}, LINK_SALT)


def check_link_token(signed: str, purpose: TokenPurpose) -> AccountToken:
    """Return the unused, unexpired token behind a link, or raise LinkProblem with the reason."""
    data = read(signed, LINK_SALT, _max_age(purpose))
    if not isinstance(data, dict) or data.get("p") != purpose.value:
        raise LinkProblem("invalid")
    token = db.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == hash_token(str(data.get("t"))),
            AccountToken.purpose == purpose,
        )
    )
    if token is None:
        raise LinkProblem("invalid")
    refuse_spent(token, token.used_at, token.expires_at)
    return token


def _use_tokens(user: User, purpose: TokenPurpose) -> None:
    """Spend every open token of this kind, so an older link cannot be used afterwards."""
    for token in db.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    ):
        token.used_at = utcnow()


def send_link(user: User, purpose: TokenPurpose, signed: str, inviter: User | None) -> None:
    endpoint = (
        "accounts.accept_invitation"
        if purpose == TokenPurpose.INVITATION
        else ("accounts.reset_password")
    )
    template = "invitation" if purpose == TokenPurpose.INVITATION else "password_reset"
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        link = external_url(endpoint, token=signed)
        subject = (
            _("Your invitation: choose a password")
            if purpose == TokenPurpose.INVITATION
            else _("Choose a new password")
        )
        body = render_template(
            f"accounts/email/{template}.txt", user=user, link=link, inviter=inviter
        )
    queue_email(user.email, subject, body)


# --- creating accounts ------------------------------------------------------------------


@dataclass
class NewAccount:
    role: Role
    email: str
    name: str
    locale: str | None = None
    # Staff and clients: their team. Employer contacts: the team whose record of `workplace`
    # they are linked to (the contact's own account belongs to no team).
    team_id: int | None = None
    specialist_id: int | None = None
    workplace: str | None = None


def find_or_create_employer(team_id: int, name: str) -> EmployerOrganisation:
    """Return this team's record of the employer called `name`, made when the team has none."""
    employer = db.scalar(
        select(EmployerOrganisation).where(
            EmployerOrganisation.team_id == team_id,
            func.lower(EmployerOrganisation.name) == name.lower(),
        )
    )
    if employer is None:
        employer = EmployerOrganisation(team_id=team_id, name=name)
        db.add(employer)
        db.flush()
    return employer


def link_employer_contact(contact: User, employer: EmployerOrganisation) -> None:
    """Link a contact person's account to one team's record of their employer (once)."""
    if db.get(EmployerContactLink, (contact.id, employer.id)) is None:
        db.add(EmployerContactLink(user_id=contact.id, employer_id=employer.id))
        db.flush()


def create_user(account: NewAccount, password: str | None = None, invited_by: User | None = None):
    """Create a user (active when a password is given); a taken e-mail raises AccountError."""
    email = normalise_email(account.email)
    if find_user_by_email(email) is not None:
        raise AccountError(_("There is already an account with this e-mail address."), "email")
    if account.role in (Role.SPECIALIST,) and account.team_id is None:
        raise AccountError(_("Choose the team the specialist belongs to."), "team")
    if account.team_id is not None and db.get(Team, account.team_id) is None:
        raise AccountError(_("Choose the team the specialist belongs to."), "team")
    if account.role == Role.CLIENT and account.specialist_id is None:
        raise AccountError(_("A participant needs an employment specialist."), "specialist")
    if account.role == Role.EMPLOYER and not account.workplace:
        raise AccountError(_("Write the name of the workplace."), "workplace")
    if account.role == Role.EMPLOYER and account.team_id is None:
        raise AccountError(_("Choose the team that works with this employer."), "team")
    user = User(
        email=email,
        name=account.name,
        role=account.role,
        locale=account.locale,
        team_id=account.team_id if account.role != Role.EMPLOYER else None,
        specialist_id=account.specialist_id if account.role == Role.CLIENT else None,
        invited_by_id=invited_by.id if invited_by else None,
        enrolled_on=local_today() if account.role == Role.CLIENT else None,
    )
    if password is not None:
        user.password_hash = hash_password(password)
        user.activated_at = utcnow()
    db.add(user)
    try:
        db.flush()
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        # The same address sent twice at once: both passed the check above, and the unique
        # e-mail let only one in. The whole transaction goes, so nothing half-saved is left.
        db.rollback()
        raise AccountError(
            _("There is already an account with this e-mail address."), "email"
        ) from None
    if account.role == Role.EMPLOYER:
        link_employer_contact(user, find_or_create_employer(account.team_id, account.workplace))
    if account.role == Role.ADMIN and account.team_id is not None:
        db.add(TeamLead(team_id=account.team_id, user_id=user.id))
        db.flush()
    return user


def resend_invitation(actor: User, invitee: User) -> None:
    """Spend the old invitation links and send a fresh one."""
    _use_tokens(invitee, TokenPurpose.INVITATION)
    signed = issue_link_token(invitee, TokenPurpose.INVITATION, actor)
    send_link(invitee, TokenPurpose.INVITATION, signed, actor)


def accept_invitation(token: AccountToken, password: str) -> User:
    """Set the invitee's first password, activate the account and spend the link."""
    user = token.user
    user.password_hash = hash_password(password)
    user.activated_at = utcnow()
    _use_tokens(user, TokenPurpose.INVITATION)
    return user


def invitation_lifetime() -> timedelta:
    """How long an invitation's link works, and so how long the invitation is listed."""
    return _max_age(TokenPurpose.INVITATION)


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


def renew_invitation(invitation: Invitation) -> None:
    """Sent again: listed for as long as the fresh link works."""
    invitation.expires_at = utcnow() + invitation_lifetime()
    db.flush()


# --- passwords and settings -------------------------------------------------------------


def reset_password(token: AccountToken, password: str) -> User:
    """Set a new password from a reset link, spend the link and sign out every browser."""
    user = token.user
    user.password_hash = hash_password(password)
    _use_tokens(user, TokenPurpose.PASSWORD_RESET)
    user.login_token = None
    end_other_login_sessions(user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; other browsers are signed out."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("The current password is not right."), "current_password")
    user.password_hash = hash_password(new_password)
    end_other_login_sessions(user)


def update_profile(user: User, name: str, language: str, digest: bool | None = None) -> None:
    user.name = name
    user.locale = language
    if digest is not None and user.role == Role.CLIENT and digest != user.digest_opt_in:
        user.digest_opt_in = digest
        # The first digest tells only of what comes after this moment.
        user.digest_sent_at = utcnow()


def set_language(user: User | None, language: str) -> None:
    if user is not None:
        user.locale = language


def load_sent_invitation(invitation_id: int) -> Invitation:
    """Return an open invitation the current user sent, or answer 404."""
    invitation = find_open_invitation(invitation_id)
    if invitation is None or not may_manage_invitation(current_user, invitation):
        deny()
    return invitation
