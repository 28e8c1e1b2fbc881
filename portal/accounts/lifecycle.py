"""The end and return of an account: switching it off and on, and resetting two-factor sign-in.

A team lead does this for the staff and participants of the teams they lead; `flask users
deactivate` / `reactivate` does it for anyone. Each is written to the access log (portal.core.audit)
with who did it. A switched-off account keeps its records (switching off is not erasure, see
portal.privacy) but every browser it is signed in on is out at once, it cannot sign in (it is
told the same as for a wrong password, so nobody learns the account exists) and no e-mail is
sent to it.
"""

from flask_login import current_user
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session, joinedload

from portal.accounts.mfa import mfa_required
from portal.accounts.models import AccountToken, LoginSession, RecoveryCode
from portal.core.audit import AuditEntry
from portal.core.authz import NotAllowed, led_team_ids, load_or_deny
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.outbox import OutboxEmail
from portal.core.restriction import not_restricted

MANAGED_ROLES = (Role.SPECIALIST, Role.ADMIN, Role.CLIENT)
# The actor_role of a change made with `flask users ...` on the server (no account did it).
COMMAND_LINE = "command line"


def may_manage_account(lead: User, person: User) -> bool:
    """A team lead manages the staff and participants of the teams they lead (anyone of
    another team is not there for them), but not themselves."""
    return (
        lead.role == Role.ADMIN
        and person.team_id in led_team_ids(lead)
        and person.role in MANAGED_ROLES
        and person.id != lead.id
        and person.erased_at is None
    )


def team_accounts(lead: User) -> list[User]:
    """The accounts the lead manages, staff first, then participants, each by name."""
    people = db.scalars(
        select(User)
        .options(joinedload(User.team))
        .where(
            User.team_id.in_(led_team_ids(lead)),
            User.role.in_(MANAGED_ROLES),
            User.id != lead.id,
            User.erased_at.is_(None),
            # Restricted records are reached by their data protection page, nameless on the
            # team page, not listed here by name (portal.core.restriction).
            not_restricted(),
        )
        .order_by(User.name, User.id)
    )
    return sorted(people, key=lambda person: person.role == Role.CLIENT)


def _end_every_session(person: User) -> None:
    """Every browser this account is signed in on is signed out on the server: a copied
    cookie is worth nothing from the next request on."""
    db.execute(delete(LoginSession).where(LoginSession.user_id == person.id))


def _write_audit(person: User, actor: User | None, action: str, via: str) -> None:
    db.add(
        AuditEntry(
            actor_id=actor.id if actor else None,
            actor_role=actor.role.value if actor else COMMAND_LINE,
            client_id=person.id,
            action=action,
            what=via[:60],
        )
    )


def deactivate_account(person: User, actor: User | None, via: str) -> bool:
    """Switch the account off; False when it already was (nothing is written then)."""
    if person.deactivated_at is not None:
        return False
    person.deactivated_at = utcnow()
    _end_every_session(person)
    now = utcnow()
    # An invitation or reset link already sent would otherwise still set a password.
    db.execute(
        update(AccountToken)
        .where(AccountToken.user_id == person.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    db.execute(
        delete(OutboxEmail).where(
            OutboxEmail.recipient == person.email, OutboxEmail.sent_at.is_(None)
        )
    )
    _write_audit(person, actor, "deactivate", via)
    db.flush()
    return True


def reactivate_account(person: User, actor: User | None, via: str) -> bool:
    """Switch the account on again with its old password; False when it was not off."""
    if person.deactivated_at is None:
        return False
    person.deactivated_at = None
    _write_audit(person, actor, "reactivate", via)
    db.flush()
    return True


def reset_two_factor(person: User, actor: User, via: str) -> None:
    """Forget a staff member's authenticator and recovery codes (a lost phone) and sign them
    out: at their next sign-in they set up a new authenticator before they are in."""
    if not mfa_required(person):
        raise ValueError("only staff have a two-factor sign-in to reset")
    person.totp_secret = person.totp_last_step = person.mfa_enabled_at = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == person.id))
    _end_every_session(person)
    _write_audit(person, actor, "reset-2fa", via)
    db.flush()


@event.listens_for(Session, "before_flush")
def _send_nothing_to_switched_off_accounts(session, _context, _instances) -> None:
    """No e-mail is queued for a switched-off account, whichever feature writes it: this is
    the one place every outbox row passes before it is stored."""
    new_mail = [obj for obj in session.new if isinstance(obj, OutboxEmail)]
    if not new_mail:
        return
    with session.no_autoflush:
        switched_off = set(
            session.scalars(
                select(User.email).where(
                    User.email.in_({mail.recipient for mail in new_mail}),
                    User.deactivated_at.is_not(None),
                )
            )
        )
    for mail in new_mail:
        if mail.recipient in switched_off:
            session.expunge(mail)


def load_managed_account(user_id: int) -> User:
    """Return an account of a team the lead leads (not the lead's own), or answer 404."""
    return load_or_deny(User, user_id, lambda person: may_manage_account(current_user, person))


def set_weekly_hours(person: User, hours) -> None:
    """A specialist's contracted hours a week (None: full-time), which the fidelity review's
    caseload per full-time post counts (portal.fidelity.measures)."""
    if person.role != Role.SPECIALIST:
        raise NotAllowed
    person.weekly_hours = hours
