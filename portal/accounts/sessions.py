"""Signed-in browsers: each is a row of its token's hash, kept while neither idle too long nor
too old, and ended by signing out, by a new password, or from the server."""

from datetime import timedelta

from flask import current_app, g
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from portal.accounts.models import LoginSession
from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.core.signed_links import hash_token, new_token


def start_login_session(user: User) -> None:
    """Record a new signed-in browser and give the user its token for the cookie."""
    raw = new_token()
    db.add(LoginSession(user_id=user.id, token_hash=hash_token(raw)))
    user.login_token = raw
    db.flush()


SEEN_EVERY = timedelta(minutes=1)  # how often the idle clock is written down


def load_user_by_login_token(raw: str, active: bool = True) -> User | None:
    """The signed-in user, while their session is neither idle too long nor too old; an
    expired session is deleted on the server (so the cookie is worth nothing after)."""
    row = db.execute(
        select(User, LoginSession)
        .join(LoginSession, LoginSession.user_id == User.id)
        .options(joinedload(User.team))
        .where(LoginSession.token_hash == hash_token(raw), User.deactivated_at.is_(None))
    ).first()
    if row is None:
        return None
    user, login = row
    now, cfg = utcnow(), current_app.config
    if now - login.last_seen_at > cfg["SESSION_IDLE_TIMEOUT"] or (
        now - login.created_at > cfg["SESSION_ABSOLUTE_TIMEOUT"]
    ):
        db.delete(login)
        db.commit()
        g.session_expired = True
        g.ended_user_id = user.id  # whose words a form sent now belongs to (portal.core.held_forms)
        return None
    # A short limit (the browser tests use seconds) needs the clock written down more often.
    if active and now - login.last_seen_at > min(SEEN_EVERY, cfg["SESSION_IDLE_TIMEOUT"] / 10):
        login.last_seen_at = now
        db.commit()
    user.login_token = raw
    return user


def keep_session_alive(user: User) -> None:
    """The user said "stay signed in": restart the idle clock (not the absolute one)."""
    if user.login_token:
        db.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == hash_token(user.login_token))
            .values(last_seen_at=utcnow())
        )


def end_login_session(user: User) -> None:
    if user.login_token:
        db.execute(
            delete(LoginSession).where(LoginSession.token_hash == hash_token(user.login_token))
        )


def end_other_login_sessions(user: User) -> None:
    """Sign the user out everywhere but here (all places when there is no current session)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if user.login_token:
        query = query.where(LoginSession.token_hash != hash_token(user.login_token))
    db.execute(query)
