"""The employer organisations specialists work with, and the people to ask at each.

A contact person is an employer account without a password until they accept an invitation:
check-in links reach them by e-mail either way, so an account is their choice, not a must.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import EmployerOrganisation, Role, User
from portal.accounts.services import AccountError, NewAccount, create_user, resend_invitation
from portal.authz import require
from portal.db import db, is_unique_violation


def list_employers() -> list[tuple[EmployerOrganisation, int]]:
    """Every organisation with its number of contact persons, in one query."""
    contacts = (
        select(func.count(User.id))
        .where(User.employer_id == EmployerOrganisation.id, User.role == Role.EMPLOYER)
        .scalar_subquery()
    )
    rows = db.execute(select(EmployerOrganisation, contacts).order_by(EmployerOrganisation.name))
    return [(employer, count) for employer, count in rows]


def list_contacts(employer_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .where(User.employer_id == employer_id, User.role == Role.EMPLOYER)
            .order_by(User.name)
        )
    )


def contacts_by_employer() -> dict[int, list[User]]:
    """All contact persons grouped by organisation, for the job form's choices."""
    grouped: dict[int, list[User]] = {}
    for contact in db.scalars(select(User).where(User.role == Role.EMPLOYER).order_by(User.name)):
        grouped.setdefault(contact.employer_id, []).append(contact)
    return grouped


def find_employer(name: str) -> EmployerOrganisation | None:
    """The organisation of this name, whatever its capitals."""
    return db.scalar(
        select(EmployerOrganisation).where(func.lower(EmployerOrganisation.name) == name.lower())
    )


def create_employer(actor: User, name: str) -> EmployerOrganisation:
    require(actor.role == Role.SPECIALIST)
    if find_employer(name) is not None:
        raise AccountError(_("This workplace is already in the list."), "name")
    employer = EmployerOrganisation(name=name)
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
    """Add a contact person; with `invite`, they also get an e-mail to choose a password."""
    require(actor.role == Role.SPECIALIST)
    account = NewAccount(
        role=Role.EMPLOYER, email=email, name=name, locale=locale, workplace=employer.name
    )
    contact = create_user(account)
    contact.employer_id = employer.id
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
