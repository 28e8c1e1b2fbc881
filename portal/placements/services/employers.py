"""The employer organisations specialists work with, and the people to ask at each.

A contact person is an employer account without a password until they accept an invitation:
check-in links reach them by e-mail either way, so an account is their choice, not a must.
"""

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.services import (
    AccountError,
    NewAccount,
    create_user,
    find_user_by_email,
    link_employer_contact,
    resend_invitation,
)
from portal.core.authz import deny, load_or_deny, require
from portal.core.db import db, is_unique_violation
from portal.core.identity import EmployerContactLink, EmployerOrganisation, Role, User


def list_employers(team_id: int | None) -> list[tuple[EmployerOrganisation, int]]:
    """The team's own employer records with their number of contact persons, in one query:
    another team's employers, contacts and notes are not this team's to see."""
    contacts = (
        select(func.count(EmployerContactLink.user_id))
        .where(EmployerContactLink.employer_id == EmployerOrganisation.id)
        .scalar_subquery()
    )
    rows = db.execute(
        select(EmployerOrganisation, contacts)
        .where(EmployerOrganisation.team_id == team_id)
        .order_by(EmployerOrganisation.name)
    )
    return [(employer, count) for employer, count in rows]


def list_contacts(employer_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .join(EmployerContactLink, EmployerContactLink.user_id == User.id)
            .where(EmployerContactLink.employer_id == employer_id, User.role == Role.EMPLOYER)
            .order_by(User.name)
        )
    )


def contacts_by_employer(team_id: int | None) -> dict[int, list[User]]:
    """The contact persons of the team's employers grouped by record, for the job form."""
    grouped: dict[int, list[User]] = {}
    rows = db.execute(
        select(EmployerContactLink.employer_id, User)
        .join(User, User.id == EmployerContactLink.user_id)
        .join(EmployerOrganisation, EmployerOrganisation.id == EmployerContactLink.employer_id)
        .where(EmployerOrganisation.team_id == team_id, User.role == Role.EMPLOYER)
        .order_by(User.name)
    )
    for employer_id, contact in rows:
        grouped.setdefault(employer_id, []).append(contact)
    return grouped


def team_employer_of(contact: User, team_id: int | None) -> EmployerOrganisation | None:
    """The team's record of this contact person's employer, or None when the contact is not
    one of the team's (a contact person may be linked to the records of several teams)."""
    return db.scalar(
        select(EmployerOrganisation)
        .join(EmployerContactLink, EmployerContactLink.employer_id == EmployerOrganisation.id)
        .where(EmployerContactLink.user_id == contact.id, EmployerOrganisation.team_id == team_id)
        .order_by(EmployerOrganisation.name)
        .limit(1)
    )


def is_contact_of(contact: User, employer: EmployerOrganisation) -> bool:
    """Return True when the contact person is linked to this employer record."""
    return (
        contact.role == Role.EMPLOYER
        and db.get(EmployerContactLink, (contact.id, employer.id)) is not None
    )


def find_employer(team_id: int | None, name: str) -> EmployerOrganisation | None:
    """The team's record of the organisation of this name, whatever its capitals."""
    return db.scalar(
        select(EmployerOrganisation).where(
            EmployerOrganisation.team_id == team_id,
            func.lower(EmployerOrganisation.name) == name.lower(),
        )
    )


def create_employer(actor: User, name: str) -> EmployerOrganisation:
    """Add an employer to the actor's team (another team's record of it is theirs alone)."""
    require(actor.role == Role.SPECIALIST and actor.team_id is not None)
    if find_employer(actor.team_id, name) is not None:
        raise AccountError(_("This workplace is already in the list."), "name")
    employer = EmployerOrganisation(team_id=actor.team_id, name=name)
    db.add(employer)
    try:
        db.flush()
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        db.rollback()  # added by someone else at the same moment; nothing half-saved is kept
        raise AccountError(_("This workplace is already in the list."), "name") from None
    return employer


def add_contact(
    actor: User,
    employer: EmployerOrganisation,
    name: str,
    email: str,
    phone: str | None,
    locale: str,
    invite: bool,
) -> User:
    """Add a contact person; with `invite`, they also get an e-mail to choose a password.

    A person another team already has as a contact is linked to this team's record too: the
    account is theirs, one per person, and their name and phone stay as they keep them."""
    require(actor.role == Role.SPECIALIST and employer.team_id == actor.team_id)
    existing = find_user_by_email(email)
    if existing is not None and existing.role == Role.EMPLOYER:
        if is_contact_of(existing, employer):
            raise AccountError(_("This person is already a contact person here."), "email")
        link_employer_contact(existing, employer)
        if invite and not existing.is_active:
            invite_contact(actor, existing)
        return existing
    account = NewAccount(
        role=Role.EMPLOYER,
        email=email,
        name=name,
        locale=locale,
        team_id=employer.team_id,
        workplace=employer.name,
    )
    contact = create_user(account)
    contact.phone = phone or None
    if invite:
        invite_contact(actor, contact)
    return contact


def invite_contact(actor: User, contact: User) -> None:
    """Send a contact person an invitation to an account (again, if one is pending)."""
    require(actor.role == Role.SPECIALIST and contact.role == Role.EMPLOYER)
    require(not contact.is_active)
    contact.invited_by_id = actor.id
    resend_invitation(actor, contact)


def load_employer(employer_id: int) -> EmployerOrganisation:
    """One of the specialist's own team's employer records, or 404."""
    return load_or_deny(
        EmployerOrganisation, employer_id, lambda employer: employer.team_id == current_user.team_id
    )


def load_contact(contact_id: int) -> tuple[User, EmployerOrganisation]:
    """A contact person of the specialist's team, with the team's record of their employer."""
    contact = db.get(User, contact_id)
    employer = team_employer_of(contact, current_user.team_id) if contact else None
    if employer is None:
        deny()
    return contact, employer
