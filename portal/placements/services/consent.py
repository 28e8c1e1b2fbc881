"""Asking for, giving and withdrawing consent per employer; only the client gives or withdraws.

Every change is kept as a ConsentEvent with the exact sentence the client saw and its version,
so it can always be shown what was agreed to, when, and in which words.
"""

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.authz import (
    is_own_client,
    load_client_record,
    may_view_client,
    may_write_own_words,
    require,
)
from portal.core.db import db, utcnow
from portal.core.identity import EmployerOrganisation, User
from portal.placements.models import Category, ConsentEvent, Disclosure, EmployerConsent
from portal.placements.services.disclosure import drop_unsent_checkins

# Change this when the wording below changes in meaning; history shows which version was seen.
WORDING_VERSION = "2026-11"
GIVEN, WITHDRAWN = "given", "withdrawn"


def consent_wording(category: Category, consent: EmployerConsent, specialist: User | None) -> str:
    """The sentence the client agrees to, in the page's language, with the names filled in."""
    employer = consent.employer.name
    if category == Category.CONTACT:
        if specialist is None:
            return _(
                "My employment specialist may contact %(employer)s about me and my work.",
                employer=employer,
            )
        return _(
            "%(who)s may contact %(employer)s about me and my work.",
            who=specialist.name,
            employer=employer,
        )
    if category == Category.NAME:
        return _(
            "%(employer)s may see my first name and job title when they are asked how my work "
            "is going.",
            employer=employer,
        )
    return _(
        "What %(who)s may tell %(employer)s about my getting support from the IPS team.",
        who=specialist.name if specialist else _("my employment specialist"),
        employer=employer,
    )


def list_consents(client_id: int) -> list[EmployerConsent]:
    return list(
        db.scalars(
            select(EmployerConsent)
            .options(joinedload(EmployerConsent.employer))
            .join(EmployerOrganisation, EmployerOrganisation.id == EmployerConsent.employer_id)
            .where(EmployerConsent.client_id == client_id)
            .order_by(EmployerOrganisation.name)
        )
    )


def get_consent(client_id: int, employer_id: int) -> EmployerConsent | None:
    return db.scalar(
        select(EmployerConsent).where(
            EmployerConsent.client_id == client_id, EmployerConsent.employer_id == employer_id
        )
    )


def may_contact(client_id: int, employer_id: int | None) -> bool:
    """True while the client lets their specialist contact this employer (and their records
    are not restricted, see portal.privacy)."""
    consent = get_consent(client_id, employer_id) if employer_id else None
    return consent is not None and consent.may_contact and consent.client.restricted_at is None


def request_consent(actor: User, client: User, employer: EmployerOrganisation) -> EmployerConsent:
    """Put an employer on the client's consent page, with nothing given yet (or as it stands)."""
    require(is_own_client(actor, client) or may_write_own_words(actor, client))
    consent = get_consent(client.id, employer.id)
    if consent is None:
        consent = EmployerConsent(client_id=client.id, employer_id=employer.id)
        consent.requested_by_id = actor.id
        consent.employer = employer
        db.add(consent)
        db.flush()
    return consent


def _record(actor: User, consent: EmployerConsent, category: Category, value: str, note=None):
    db.add(
        ConsentEvent(
            consent_id=consent.id,
            client_id=consent.client_id,
            actor_id=actor.id,
            category=category,
            value=value,
            note=note,
            wording=consent_wording(category, consent, consent.client.specialist),
            wording_version=WORDING_VERSION,
            locale=str(get_locale() or "en"),
        )
    )
    consent.updated_at = utcnow()


def set_permission(actor: User, consent: EmployerConsent, category: Category, given: bool):
    """Give or withdraw permission to contact, or to show name and title; only the client."""
    require(may_write_own_words(actor, consent.client) and category != Category.DISCLOSURE)
    field = "may_contact" if category == Category.CONTACT else "share_name"
    if getattr(consent, field) == given:
        return  # a repeated press changes nothing and adds no history
    setattr(consent, field, given)
    _record(actor, consent, category, GIVEN if given else WITHDRAWN)
    _drop_unsent_checkins(consent)


def set_disclosure(actor: User, consent: EmployerConsent, choice: Disclosure, note: str | None):
    """Say what the specialist may tell the employer about the support; only the client."""
    require(may_write_own_words(actor, consent.client))
    note = note or None
    if consent.disclosure == choice and consent.disclosure_note == note:
        return
    consent.disclosure, consent.disclosure_note = choice, note
    _record(actor, consent, Category.DISCLOSURE, choice.value, note)
    _drop_unsent_checkins(consent)


def _drop_unsent_checkins(consent: EmployerConsent) -> None:
    """A change takes effect at once: a check-in e-mail written in the old words and still
    waiting in the outbox goes with this transaction, not to the employer."""
    db.flush()
    drop_unsent_checkins(consent)


def list_consent_events(client: User, viewer: User, limit: int = 100) -> list[ConsentEvent]:
    require(may_view_client(viewer, client))
    return list(
        db.scalars(
            select(ConsentEvent)
            .options(joinedload(ConsentEvent.consent).joinedload(EmployerConsent.employer))
            .where(ConsentEvent.client_id == client.id)
            .order_by(ConsentEvent.id.desc())
            .limit(limit)
        )
    )


def load_consent(consent_id: int) -> tuple[EmployerConsent, User]:
    return load_client_record(EmployerConsent, consent_id)
