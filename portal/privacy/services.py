"""What the portal holds about a client: found by following every foreign key from their
account row, so a table added later is exported and erased without anyone remembering to.

Export (GDPR art. 15 and 20), erasure with an anonymised tombstone (art. 17) and restriction
(art. 18, for records the municipality must keep), and the retention purge.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from flask_login import current_user
from sqlalchemy import Table, and_, delete, or_, select

from portal.accounts.models import AccountToken, Invitation, LoginSession
from portal.caseload.services import leads_client
from portal.core.audit import AuditEntry
from portal.core.authz import load_or_deny, require
from portal.core.db import Base, db, utcnow
from portal.core.held_forms import purge_held_forms
from portal.core.identity import Role, User
from portal.core.outbox import OutboxEmail, drop_held_emails
from portal.core.submissions import FormSubmission
from portal.intake.services import wipe_unaccepted_referrals
from portal.privacy.models import PurgeRun
from portal.privacy.traces import (
    drop_emails,
    drop_held_forms,
    drop_invitations_to,
    emails_about,
    held_forms_about,
)

# Never exported: secrets that would let someone act as the client.
SECRET_COLUMNS = {"password_hash", "token_hash", "code_hash", "totp_secret", "token"}


def _key(table: Table):
    return tuple(table.primary_key.columns)


def _references() -> list[tuple[Table, object, Table]]:
    """(child table, its foreign key column, parent table) for every foreign key to an id."""
    return [
        (table, fk.parent, fk.column.table)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.name == "id"
    ]


def client_rows(client_id: int) -> dict[Table, dict[tuple, dict]]:
    """Every row that refers to the client, directly or through one of their rows."""
    users = Base.metadata.tables["users"]
    found: dict[Table, dict[tuple, dict]] = defaultdict(dict)
    row = db.execute(select(users).where(users.c.id == client_id)).mappings().one()
    found[users][(client_id,)] = dict(row)
    frontier = {users: {client_id}}
    while frontier:
        next_frontier = defaultdict(set)
        for child, column, parent in _references():
            ids = frontier.get(parent)
            # Other accounts (the specialist, an inviter) are not the client's data.
            if not ids or child is users:
                continue
            for match in db.execute(select(child).where(column.in_(ids))).mappings():
                key = tuple(match[c.name] for c in _key(child))
                if key not in found[child]:
                    found[child][key] = dict(match)
                    if "id" in child.c:
                        next_frontier[child].add(match["id"])
        frontier = next_frontier
    return found


def export_client_data(client: User) -> dict[str, list[dict]]:
    """The client's data as {table: [rows]}, secrets left out, values as JSON-friendly text."""
    exported = {}
    for table, rows in client_rows(client.id).items():
        exported[table.name] = [
            {name: _plain(value) for name, value in row.items() if name not in SECRET_COLUMNS}
            for row in rows.values()
        ]
    return dict(sorted(exported.items()))


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    return str(value)


def erase_client(actor: User, client: User) -> None:
    """Remove everything about the client, for a lead of the client's team; their account
    row stays as an anonymised tombstone, so ids in other records stay consistent.

    Every row that refers to them goes, also the job development log's entries for them
    (the specialist's contact was about this person, and its note is in their words or about
    them), and what names them without a foreign key: e-mails to or about them, sent or not,
    forms held for anyone on a page about them, and invitations to their address
    (portal.privacy.traces). Anonymous feedback leads to nobody and stays."""
    require(actor.role == Role.ADMIN and leads_client(actor, client))
    found = client_rows(client.id)
    users = Base.metadata.tables["users"]
    drop_emails(emails_about(client, found, sent_too=True))
    drop_held_forms(held_forms_about(client, found))
    drop_invitations_to(client)
    for table in reversed(Base.metadata.sorted_tables):
        if table is users or table not in found:
            continue
        keys = list(found[table])
        columns = _key(table)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            condition = or_(
                *(and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in chunk)
            )
            db.execute(delete(table).where(condition))
    client.name = "—"
    client.email = f"erased-{client.id}@invalid.example"
    client.username = None
    client.password_hash = client.locale = client.phone = client.totp_secret = None
    client.specialist_id = client.invited_by_id = None
    client.digest_opt_in, client.digest_sent_at, client.mfa_enabled_at = False, None, None
    client.restricted_at = None
    client.erased_at = utcnow()
    db.flush()


def restrict_client(actor: User, client: User, restricted: bool) -> None:
    """Keep the records but stop using them: staff and employers no longer see the client
    (portal.core.restriction), no check-ins or e-mails go out, and those still waiting in
    the outbox are dropped (not held: sent after a lifted restriction they would be stale).
    The client can still sign in and download their data."""
    require(actor.role == Role.ADMIN and leads_client(actor, client) and client.erased_at is None)
    client.restricted_at = utcnow() if restricted else None
    if restricted:
        drop_emails(emails_about(client, client_rows(client.id), sent_too=False))
        drop_held_emails(client.id)
    db.flush()


def purge_expired(
    now: datetime, audit_days: int, technical_days: int, referral_days: int = 90
) -> PurgeRun:
    """Remove what is kept no longer than needed, and log the run itself."""
    run = PurgeRun(started_at=now)
    db.add(run)
    technical = now - timedelta(days=technical_days)
    removed = {
        "audit_entries": db.execute(
            delete(AuditEntry).where(AuditEntry.created_at < now - timedelta(days=audit_days))
        ).rowcount,
        "sent_emails": db.execute(
            delete(OutboxEmail).where(
                OutboxEmail.sent_at.is_not(None), OutboxEmail.sent_at < technical
            )
        ).rowcount,
        "sign_in_sessions": db.execute(
            delete(LoginSession).where(LoginSession.last_seen_at < technical)
        ).rowcount,
        "used_or_expired_links": db.execute(
            delete(AccountToken).where(
                or_(AccountToken.expires_at < technical, AccountToken.used_at < technical)
            )
        ).rowcount,
        "form_tokens": db.execute(
            delete(FormSubmission).where(FormSubmission.created_at < technical)
        ).rowcount,
        # Ignored after a day anyway (portal.core.held_forms): kept no longer than that.
        "held_forms": purge_held_forms(now),
        # Listed to their sender only until the link expires (portal.accounts.invitations).
        "expired_invitations": db.execute(
            delete(Invitation).where(Invitation.expires_at <= now)
        ).rowcount,
        # Who a person is, in a referral nobody accepted (portal.intake): kept as counts only.
        "unaccepted_referrals": wipe_unaccepted_referrals(now, referral_days),
    }
    run.removed = removed
    run.finished_at = utcnow()
    db.flush()
    return run


def load_client_for_privacy(client_id: int) -> User:
    """Return a participant of a team the current user leads (restricted too, not erased),
    or answer 404: another team's participant is not there for this lead."""
    return load_or_deny(
        User,
        client_id,
        lambda client: client.erased_at is None and leads_client(current_user, client),
        noted_client=lambda client: client.id,
    )
