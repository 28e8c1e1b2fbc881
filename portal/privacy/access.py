""" "Who has looked at my data", as a person reads it: one line per person and day.

The audit log keeps one row per page (portal.core.audit): a specialist's two minutes of work make
twenty rows, which reads like being watched. The participant instead reads, per person and
day, what they looked at and what they changed. The database folds the rows by the hour
(one query however long the log is); the hours are then folded into the reader's days here,
since a day's bounds depend on the time zone and an hour's do not (whole-hour offsets).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from babel.lists import format_list
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from sqlalchemy import String, cast, func, select

from portal.core.audit import AuditEntry
from portal.core.db import db
from portal.core.identity import User
from portal.privacy.forms import ACCOUNT_EVENTS, ACTION_LABELS, WHAT_LABELS, YOUR_LABELS

# More than a year of daily visits by a few people; older days are in the export.
SHOWN_HOURS = 2000
# The order actions are told in: looking first, then changes, then the account's life.
ACTION_ORDER = ("view", "change", "deactivate", "reactivate", "reset-2fa", "new-code")


@dataclass
class Visit:
    """What one person (or the portal's administrator) did with the data on one day."""

    day: date
    last_at: datetime
    actor_name: str | None
    actor_role: str
    # action -> the parts of the data (keys of WHAT_LABELS, or the raw page), in order
    actions: dict[str, list[str]] = field(default_factory=dict)


def _part(what: str) -> str:
    feature = what.split(".")[0]
    return feature if feature in WHAT_LABELS else what


def list_visits(client_id: int) -> list[Visit]:
    """The client's access log by person and day, newest first."""
    hour = func.substr(cast(AuditEntry.created_at, String), 1, 13)
    last_at = func.max(AuditEntry.created_at)
    rows = db.execute(
        select(
            AuditEntry.actor_id,
            User.name,
            AuditEntry.actor_role,
            AuditEntry.action,
            AuditEntry.what,
            last_at,
        )
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.client_id == client_id)
        .group_by(
            AuditEntry.actor_id,
            User.name,
            AuditEntry.actor_role,
            AuditEntry.action,
            AuditEntry.what,
            hour,
        )
        .order_by(last_at.desc())
        .limit(SHOWN_HOURS)
    ).all()
    zone = get_timezone()
    visits: dict[tuple, Visit] = {}
    for actor_id, name, role, action, what, at in rows:
        moment = at if at.tzinfo else at.replace(tzinfo=UTC)
        day = moment.astimezone(zone).date()
        # A gone account is "someone no longer here"; each such row stays its own person.
        key = (actor_id, role, day) if actor_id is not None else (None, role, day, name)
        visit = visits.get(key)
        if visit is None:
            visit = visits[key] = Visit(day, moment, name, role)
        parts = visit.actions.setdefault(action, [])
        if _part(what) not in parts:
            parts.append(_part(what))
    for visit in visits.values():
        order = list(WHAT_LABELS)
        visit.actions = {
            action: sorted(parts, key=lambda p: order.index(p) if p in order else len(order))
            for action, parts in sorted(
                visit.actions.items(),
                key=lambda item: ACTION_ORDER.index(item[0]) if item[0] in ACTION_ORDER else 99,
            )
        }
    return sorted(visits.values(), key=lambda visit: (visit.day, visit.last_at), reverse=True)


def describe_visit(visit: Visit) -> str:
    """ "looked at your goals, your plan and your messages; changed your plan"."""
    locale = get_locale()
    told = []
    for action, parts in visit.actions.items():
        if action in ACCOUNT_EVENTS:
            told.append(str(ACCOUNT_EVENTS[action]))
            continue
        things = format_list([str(YOUR_LABELS.get(part, part)) for part in parts], locale=locale)
        doing = ACTION_LABELS.get(action, action)
        told.append(_("%(action)s %(things)s", action=doing, things=things))
    return "; ".join(told)
