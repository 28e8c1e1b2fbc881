"""The e-mail digest clients can ask for: what is new for them in the portal, without content.

It names only kinds of things and how many (a new meeting, a summary to read), never a
text, a name, a place or a time, since e-mail is not a safe place for health data. A client
gets at most one a run (daily, from a timer), and only when something is new since the last.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted
from portal.meetings.models import Meeting


def _counts_since(column, *conditions) -> dict[int, int]:
    """Per opted-in client: how many meetings have `column` later than their last digest."""
    since = func.coalesce(User.digest_sent_at, User.created_at)
    rows = db.execute(
        select(Meeting.client_id, func.count(Meeting.id))
        .join(User, User.id == Meeting.client_id)
        .where(User.digest_opt_in.is_(True), Meeting.cancelled_at.is_(None), column > since)
        .where(*conditions)
        .group_by(Meeting.client_id)
    )
    return dict(rows.all())


def send_digests(now: datetime | None = None) -> int:
    """Queue a digest for every client who asked for one and has something new; return how
    many were queued. The caller commits."""
    now = now or utcnow()
    new_meetings = _counts_since(Meeting.created_at, Meeting.starts_at > now)
    new_summaries = _counts_since(Meeting.summary_at, Meeting.response.is_(None))
    # A recorded meeting also brings an invitation to say how it went (see portal.feedback).
    new_invitations = _counts_since(
        Meeting.summary_at, Meeting.feedback_closed_at.is_(None), Meeting.starts_at <= now
    )
    clients = db.scalars(
        select(User).where(
            User.role == Role.CLIENT,
            User.digest_opt_in.is_(True),
            User.password_hash.is_not(None),
            not_restricted(),
        )
    )
    queued = 0
    for client in clients:
        meetings, summaries = new_meetings.get(client.id, 0), new_summaries.get(client.id, 0)
        invitations = new_invitations.get(client.id, 0)
        client.digest_sent_at = now
        if not (meetings or summaries or invitations):
            continue
        queue_email_in_language(
            client,
            _l("There is news for you in the portal"),
            "email/digest.txt",
            about=client,
            user=client,
            meetings=meetings,
            summaries=summaries,
            invitations=invitations,
            link=external_url("site.home"),
        )
        queued += 1
    return queued
