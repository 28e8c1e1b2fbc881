"""Who may do what: route classification, role guards and object-level predicates."""

import logging
from collections.abc import Callable
from functools import wraps

from flask import abort, g, has_request_context, request
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.core.audit import note_access
from portal.core.db import db
from portal.core.identity import Role, TeamLead, User

log = logging.getLogger(__name__)

PUBLIC = "public"
PROTECTED = "protected"


class NotAllowed(Exception):
    """The user may see this thing but not do this to it (answered with 403)."""


def public(view: Callable) -> Callable:
    """Mark a view as open to anonymous visitors (the route test requires a mark)."""
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable:
    """Require a signed-in user with one of `roles`; anyone else signed in gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded = login_required(wrapped)
        guarded.access = PROTECTED  # type: ignore[attr-defined]
        return guarded

    return decorator


def signed_in(view: Callable) -> Callable:
    """Require any signed-in user."""
    return roles_required()(view)


def may_view_client(user: User, client: User) -> bool:
    """Return True when `user` may see this client's data: the client and their specialist
    (not while the client's records are restricted, see portal.privacy)."""
    if client.role != Role.CLIENT:
        return False
    if user.id == client.id:
        return True
    return client.restricted_at is None and is_own_client(user, client)


def is_own_client(user: User, client: User) -> bool:
    """Return True when `user` is this client's employment specialist."""
    return user.role == Role.SPECIALIST and client.specialist_id == user.id


def led_team_ids(user: User) -> set[int]:
    """The ids of the teams `user` leads (none unless they are a team lead). A team lead sees
    and manages these teams only: teams are the boundary of need-to-know."""
    if user.role != Role.ADMIN:
        return set()
    # Asked several times on one page (the view, its services, the form's choices): read once
    # per request. Outside a request (the command line, tests' services) it is read each time.
    memo = g.setdefault("led_team_ids", {}) if has_request_context() else {}
    if user.id not in memo:
        query = select(TeamLead.team_id).where(TeamLead.user_id == user.id)
        memo[user.id] = frozenset(db.scalars(query))
    return set(memo[user.id])


def leads_team(user: User, team_id: int | None) -> bool:
    """Return True when `user` is a lead of the team `team_id`."""
    return team_id is not None and team_id in led_team_ids(user)


def may_write_own_words(user: User, client: User) -> bool:
    """Goals and the career profile are the client's own words: only the client writes them."""
    return user.id == client.id and client.role == Role.CLIENT


def require(allowed: bool) -> None:
    """Stop a service with NotAllowed unless `allowed`."""
    if not allowed:
        raise NotAllowed


def deny() -> None:
    """Answer 404 for something this user may not see, and log the refusal (never what was
    in it): repeated refusals are how a guessing attacker shows up."""
    log.warning(
        "Access denied: %s %s for user %s (%s)",
        request.method,
        request.url_rule.rule if request.url_rule else "?",
        getattr(current_user, "id", None),
        getattr(getattr(current_user, "role", None), "value", "anonymous"),
    )
    abort(404)


def load_or_deny(model, record_id: int, allowed: Callable, noted_client: Callable | None = None):
    """Return the `model` row with this id when `allowed(row)` holds, or answer 404 as for a
    row that is not there (never 403, which would say it exists). With `noted_client`, note
    that the current user saw the records of the client it names. The base of every
    "load one of mine or 404" helper."""
    record = db.get(model, record_id)
    if record is None or not allowed(record):
        deny()
    if noted_client is not None:
        note_access(noted_client(record))
    return record


def load_client(client_id: int) -> User:
    """Return the client whose data the current user may see, or answer 404 (never 403)."""
    client = db.get(User, client_id)
    if client is None or not may_view_client(current_user, client):
        deny()
    note_access(client.id)
    return client


def load_client_record(model, record_id: int, usable=lambda record: True):
    """Return (record, its client) for a record with a client_id that the current user may
    see, or answer 404. The base of each feature's load-and-authorise helper."""
    record = db.get(model, record_id)
    client = db.get(User, record.client_id) if record is not None and usable(record) else None
    if client is None or not may_view_client(current_user, client):
        deny()
    note_access(client.id)
    return record, client


def may_invite(user: User, role: Role) -> bool:
    """Admins invite staff; specialists invite their clients and employer contacts."""
    if user.role == Role.ADMIN:
        return role in (Role.SPECIALIST, Role.ADMIN)
    if user.role == Role.SPECIALIST:
        return role in (Role.CLIENT, Role.EMPLOYER)
    return False


def invitable_roles(user: User) -> list[Role]:
    return [role for role in Role if may_invite(user, role)]
