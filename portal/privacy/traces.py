"""Where a client appears outside the rows that point at them by a foreign key: e-mails in
the outbox (addressed to them, naming them, or linking to one of their things, such as the
new-message e-mail to their specialist or a check-in link to the employer), forms held
for someone else on a page about them, and invitations sent to their address (kept for the
inviter's list, with the name the inviter typed). Erasure removes these; restriction drops
the e-mails still waiting, so none about the person goes out."""

import json
import re
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import Table, delete, select
from werkzeug.exceptions import HTTPException

from portal.accounts.models import Invitation
from portal.core.db import db
from portal.core.held_forms import HeldForm
from portal.core.identity import User
from portal.core.outbox import OutboxEmail

LINK = re.compile(r"https?://\S+")
# The view arguments of the portal's addresses that name a row, and that row's table.
ARG_TABLES = {
    "client_id": "users",
    "conversation_id": "conversations",
    "goal_id": "goals",
    "job_id": "jobs",
    "meeting_id": "meetings",
    "checkin_id": "checkins",
    "consent_id": "employer_consents",
    "step_id": "plan_steps",
    "item_id": "plan_items",
    "suggestion_id": "profile_suggestions",
    "signal_id": "struggling_signals",
}


def _things(found: dict[Table, dict]) -> set[tuple[str, int]]:
    """(table, id) of each of the client's rows (portal.privacy.services.client_rows)."""
    return {
        (table.name, row["id"])
        for table, rows in found.items()
        for row in rows.values()
        if "id" in row
    }


def _checkin_id(token: str) -> int | None:
    # Read, not verified: the link was written by the portal into its own outbox.
    try:
        payload = URLSafeSerializer("").load_payload(token.rsplit(".", 2)[0].encode())
    except (BadData, ValueError):
        return None
    return payload[0] if isinstance(payload, list) and payload else None


def _points_at(address: str, things: set[tuple[str, int]]) -> bool:
    """True when a portal address (a link or a page) is about one of `things`."""
    path = urlsplit(address).path
    # E-mailed links carry PUBLIC_URL's own path (a portal served under /ips, say) first.
    root = urlsplit(current_app.config.get("PUBLIC_URL") or "").path.rstrip("/")
    if root and path.startswith(root + "/"):
        path = path[len(root) :]
    try:
        endpoint, args = current_app.url_map.bind("portal").match(path)
    except HTTPException:
        return False
    if endpoint == "checkins.answer_by_link":
        return ("checkins", _checkin_id(args["token"])) in things
    return any((ARG_TABLES.get(name), value) in things for name, value in args.items())


def _names(client: User):
    """A search for the client's full name or e-mail address as whole words."""
    marks = [re.escape(mark) for mark in (client.name, client.email) if mark and mark.strip()]
    return re.compile(rf"(?<![\w@.]){'|'.join(marks)}(?![\w@])", re.IGNORECASE)


def emails_about(client: User, found: dict, sent_too: bool) -> list[int]:
    """The outbox e-mails to the client or about them (waiting ones only, unless `sent_too`).
    Sent e-mails keep no body (portal.core.outbox), so those are found by address and subject."""
    names, things = _names(client), _things(found)
    query = select(OutboxEmail.id, OutboxEmail.recipient, OutboxEmail.subject, OutboxEmail.body)
    if not sent_too:
        query = query.where(OutboxEmail.sent_at.is_(None))
    return [
        email_id
        for email_id, recipient, subject, body in db.execute(query)
        if (client.email and recipient.casefold() == client.email.casefold())
        or names.search(f"{subject}\n{body}")
        or any(_points_at(link, things) for link in LINK.findall(body))
    ]


def held_forms_about(client: User, found: dict) -> list[int]:
    """Forms held for anyone on a page about the client, or with the client's name in them."""
    names, things = _names(client), _things(found)
    return [
        held.id
        for held in db.scalars(select(HeldForm))
        if held.user_id == client.id
        or _points_at(held.page, things)
        or names.search(json.dumps(held.fields, ensure_ascii=False))
    ]


def drop_emails(ids: list[int]) -> int:
    if not ids:
        return 0
    return db.execute(delete(OutboxEmail).where(OutboxEmail.id.in_(ids))).rowcount


def drop_held_forms(ids: list[int]) -> int:
    if not ids:
        return 0
    return db.execute(delete(HeldForm).where(HeldForm.id.in_(ids))).rowcount


def drop_invitations_to(client: User) -> int:
    """Delete the invitations sent to the client's address, by anyone: the address is how
    they name the person (the name is whatever the inviter typed, so it is not matched)."""
    if not client.email:  # a participant without e-mail was never invited by e-mail
        return 0
    email = client.email.strip().lower()  # stored as normalise_email left it
    return db.execute(delete(Invitation).where(Invitation.email == email)).rowcount
