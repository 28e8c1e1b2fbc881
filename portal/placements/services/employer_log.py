"""The job development log: recording employer contacts and counting them per week.

IPS asks each specialist for about 6 face-to-face employer contacts a week; a contact on a
client's behalf needs that client's consent to contact the employer.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.authz import may_view_client, require
from portal.core.dates import local_today, recent_day_problem
from portal.core.db import db
from portal.core.forms import FieldError
from portal.core.identity import EmployerOrganisation, Role, User
from portal.core.restriction import of_usable_client, usable_caseload
from portal.goals.models import Goal
from portal.placements.models import EmployerContact
from portal.placements.services.consent import may_contact
from portal.placements.services.employers import create_employer, find_employer

WEEKLY_TARGET = 6  # face-to-face employer contacts per specialist and week (IPS fidelity)
WEEKS_SHOWN = 8
LOG_SHOWN = 50


class LogError(FieldError):
    """Input that cannot be saved; `field` names the form field it concerns."""


@dataclass
class ContactData:
    contact_on: date
    employer_id: int
    new_employer: str | None
    in_person: bool
    client_id: int | None
    note: str | None
    goal_id: int | None = None  # which of the client's wishes it follows


@dataclass
class Week:
    starts_on: date
    in_person: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.in_person + self.other


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _employer(actor: User, data: ContactData) -> EmployerOrganisation:
    if data.new_employer:
        if data.employer_id:
            raise LogError(_l("Choose an employer or write a new name, not both."), "new_employer")
        existing = find_employer(actor.team_id, data.new_employer)
        return existing or create_employer(actor, data.new_employer)
    employer = db.get(EmployerOrganisation, data.employer_id) if data.employer_id else None
    # Only the team's own records: another team's employer is not in the list, nor accepted.
    if employer is None or employer.team_id != actor.team_id:
        raise LogError(_l("Choose an employer, or write the name of a new one."), "employer")
    return employer


def log_employer_contact(actor: User, data: ContactData) -> EmployerContact:
    require(actor.role == Role.SPECIALIST)
    problem = recent_day_problem(data.contact_on)
    if problem:
        raise LogError(problem, "contact_on")
    client = db.get(User, data.client_id) if data.client_id else None
    if data.client_id and (client is None or not may_view_client(actor, client)):
        raise LogError(_l("Choose one of your participants."), "client")
    goal = _goal(client, data.goal_id)
    employer = _employer(actor, data)
    if client is not None and not may_contact(client.id, employer.id):
        message = _l(
            "%(name)s has not allowed you to contact this employer. Ask on the participant's "
            "consent page first.",
            name=client.name,
        )
        raise LogError(message, "client")
    contact = EmployerContact(
        specialist_id=actor.id,
        employer_id=employer.id,
        client_id=client.id if client else None,
        goal_id=goal.id if goal else None,
        contact_on=data.contact_on,
        in_person=data.in_person,
        note=data.note or None,
    )
    db.add(contact)
    db.flush()
    return contact


def _goal(client: User | None, goal_id: int | None) -> Goal | None:
    """The participant's own goal the contact follows: one of theirs, and not put away."""
    if not goal_id:
        return None
    goal = db.get(Goal, goal_id)
    if client is None or goal is None or goal.client_id != client.id or goal.archived_at:
        raise LogError(_l("Choose one of this participant's wishes, or none."), "goal")
    return goal


def log_goals(clients: list[User]) -> list[Goal]:
    """The wishes a contact can follow: the participants' goals not put away, by participant."""
    return list(
        db.scalars(
            select(Goal)
            .where(
                Goal.client_id.in_([client.id for client in clients]), Goal.archived_at.is_(None)
            )
            .order_by(Goal.client_id, Goal.position, Goal.id)
        )
    )


def log_clients(specialist: User) -> list[User]:
    """The participants a contact can be logged for: the caseload, less restricted records."""
    return list(db.scalars(usable_caseload([specialist.id])))


def remove_employer_contact(actor: User, contact: EmployerContact) -> None:
    require(contact.specialist_id == actor.id)
    db.delete(contact)
    db.flush()


def recent_contacts(specialist: User) -> list[EmployerContact]:
    return list(
        db.scalars(
            select(EmployerContact)
            .options(joinedload(EmployerContact.employer), joinedload(EmployerContact.client))
            .where(
                EmployerContact.specialist_id == specialist.id,
                # Entries for a client whose records are restricted leave the log, note and all.
                of_usable_client(EmployerContact.client_id),
            )
            .order_by(EmployerContact.contact_on.desc(), EmployerContact.id.desc())
            .limit(LOG_SHOWN)
        )
    )


def weekly_counts(specialist: User, today: date | None = None) -> list[Week]:
    """The last WEEKS_SHOWN weeks (Monday to Sunday), newest first, in one query."""
    current = week_start(today or local_today())
    starts = [current - timedelta(weeks=back) for back in range(WEEKS_SHOWN)]
    counts = {start: Week(start) for start in starts}
    rows = db.execute(
        select(EmployerContact.contact_on, EmployerContact.in_person).where(
            EmployerContact.specialist_id == specialist.id,
            EmployerContact.contact_on >= current - timedelta(weeks=WEEKS_SHOWN - 1),
            of_usable_client(EmployerContact.client_id),  # counted like the team report does
        )
    )
    for contact_on, in_person in rows:
        week = counts.get(week_start(contact_on))
        if week is not None:
            if in_person:
                week.in_person += 1
            else:
                week.other += 1
    return list(counts.values())
