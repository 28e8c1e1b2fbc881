"""Account operations: signing in, creating accounts, and passwords and settings (one-time
links are portal.accounts.links, the invitations a user sent portal.accounts.invitations, the
signed-in browsers portal.accounts.sessions).

Each function checks what it must, changes state and flushes; the caller commits once.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.links import issue_fresh_link, send_link, spend_open_links
from portal.accounts.models import AccountToken, TokenPurpose
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.sessions import end_other_login_sessions
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


class AccountError(FieldError):
    """A request that cannot be carried out; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def find_user_by_username(username: str) -> User | None:
    """The participant who signs in with this user name (no e-mail address has one)."""
    wanted = (username or "").strip().lower()
    if not wanted or "@" in wanted:
        return None
    return db.scalar(select(User).where(User.username == wanted))


def find_user_to_sign_in(identifier: str) -> User | None:
    """By e-mail address, or by user name for a participant who has no e-mail."""
    if "@" in (identifier or ""):
        return find_user_by_email(identifier)
    return find_user_by_username(identifier)


# --- signing in -------------------------------------------------------------------------


def may_sign_in(user: User) -> bool:
    """An account a proof without a password (a passkey, an eID) may sign in: neither switched
    off nor erased, and activated (is_active)."""
    return user.deactivated_at is None and user.is_active


def authenticate(identifier: str, password: str) -> User | None:
    """Return the active user with this e-mail address (or user name) and password, or None
    (same time either way).

    A switched-off account gets None too, after the same check: the answer tells nobody that
    the account exists, and only someone with the right password could tell it apart anyway."""
    user = find_user_to_sign_in(identifier)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user.deactivated_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


# --- creating accounts ------------------------------------------------------------------


@dataclass
class NewAccount:
    role: Role
    email: str | None  # None for a participant who signs in with a paper code (paper.py)
    name: str
    locale: str | None = None
    # Staff and clients: their team. Employer contacts: the team whose record of `workplace`
    # they are linked to (the contact's own account belongs to no team).
    team_id: int | None = None
    specialist_id: int | None = None
    workplace: str | None = None
    # Participants: the day they joined IPS when it was not today (a referral's date).
    enrolled_on: date | None = None
    username: str | None = None


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
    email = normalise_email(account.email) if account.email is not None else None
    if email is None and (account.role != Role.CLIENT or not account.username):
        raise AccountError(_("Write the e-mail address."), "email")
    if email is not None and find_user_by_email(email) is not None:
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
        username=account.username if account.role == Role.CLIENT else None,
        enrolled_on=(account.enrolled_on or local_today()) if account.role == Role.CLIENT else None,
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
    signed = issue_fresh_link(invitee, TokenPurpose.INVITATION, actor)
    send_link(invitee, TokenPurpose.INVITATION, signed, actor)


# --- passwords and settings -------------------------------------------------------------


def accept_invitation(token: AccountToken, password: str) -> User:
    """Set the invitee's first password, activate the account and spend the link."""
    user = token.user
    user.password_hash = hash_password(password)
    user.activated_at = utcnow()
    spend_open_links(user, TokenPurpose.INVITATION)
    return user


def reset_password(token: AccountToken, password: str) -> User:
    """Set a new password from a reset link, spend the link and sign out every browser."""
    user = token.user
    user.password_hash = hash_password(password)
    spend_open_links(user, TokenPurpose.PASSWORD_RESET)
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
