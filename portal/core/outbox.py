"""Transactional e-mail outbox: written with the change, sent later by `flask outbox send`."""

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import ForeignKey, String, Text, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import Base, UTCDateTime, db, utcnow
from portal.core.identity import User

log = logging.getLogger(__name__)
# The development mail log, whole e-mails on purpose: the one logger whose e-mail addresses are
# not redacted (security.py), so it is a logger of its own, apart from the sending errors.
mail_log = logging.getLogger(f"{__name__}.mail")

CLAIM_DURATION = timedelta(minutes=5)
MAX_ATTEMPTS = 10


class OutboxEmail(Base):
    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))


class HeldEmail(Base):
    """An e-mail for someone without an e-mail address (a participant who signs in with a
    code handed over on paper): kept for them, shown at their next sign-in instead, and
    removed once they have read it."""

    __tablename__ = "held_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def queue_email(recipient: str, subject: str, body: str) -> OutboxEmail:
    """Add an e-mail to the outbox in the caller's transaction; it is sent after commit."""
    email = OutboxEmail(recipient=recipient, subject=subject, body=body)
    db.add(email)
    if current_app.config["MAIL_LOG_MESSAGES"]:
        mail_log.info("E-mail to %s: %s\n%s", recipient, subject, body)
    return email


def queue_email_in_language(
    person: User, subject, template: str, *, about, **context
) -> OutboxEmail | HeldEmail | None:
    """Queue an e-mail to `person`, written in their language (`subject` a lazy string); for
    someone without an address, keep it to be shown at their next sign-in instead.

    `about` is the client the e-mail concerns (or None): while their records are restricted
    or erased nothing about them is written, so none can go out (GDPR art. 18). Required, so
    that each new e-mail says whom it is about; portal.privacy drops those already waiting.
    """
    if about is not None and (about.restricted_at is not None or about.erased_at is not None):
        return None
    with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = str(subject), render_template(template, **context)
    if person.email:
        return queue_email(person.email, subject, body)
    held = HeldEmail(user_id=person.id, subject=subject, body=body)
    db.add(held)
    return held


def held_emails(user_id: int) -> list[HeldEmail]:
    """What was kept for this person instead of e-mailed, oldest first."""
    return list(
        db.scalars(select(HeldEmail).where(HeldEmail.user_id == user_id).order_by(HeldEmail.id))
    )


def drop_held_emails(user_id: int, up_to_id: int | None = None) -> None:
    """Read (up to the newest one shown), or no longer to be kept: removed."""
    query = delete(HeldEmail).where(HeldEmail.user_id == user_id)
    if up_to_id is not None:
        query = query.where(HeldEmail.id <= up_to_id)
    db.execute(query)


def _claim(email_id: int, now: datetime) -> bool:
    """Mark one e-mail as ours for a while; only one worker's UPDATE can match."""
    result = db.execute(
        update(OutboxEmail)
        .where(
            OutboxEmail.id == email_id,
            OutboxEmail.sent_at.is_(None),
            or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM_DURATION)
    )
    db.commit()
    return result.rowcount == 1


def _smtp_send(email: OutboxEmail) -> None:
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{email.id}")
    message.set_content(email.body)
    smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"]) as smtp:
        if cfg["MAIL_USE_STARTTLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _due(now: datetime):
    return (
        OutboxEmail.sent_at.is_(None),
        OutboxEmail.next_attempt_at <= now,
        OutboxEmail.attempts < MAX_ATTEMPTS,
        or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
    )


def _send_one(email: OutboxEmail) -> bool:
    """Try one e-mail and record the outcome (the caller commits); True when it went."""
    email.attempts += 1
    try:
        _smtp_send(email)
    except (OSError, smtplib.SMTPException) as exc:
        email.last_error = f"{type(exc).__name__}: {exc}"[:500]
        email.next_attempt_at = utcnow() + timedelta(minutes=2**email.attempts)
        email.claimed_until = None
        log.warning("Sending outbox e-mail %s failed: %s", email.id, email.last_error)
        return False
    email.sent_at = utcnow()
    # The body may hold a one-time link; once delivered there is no reason to keep it.
    email.body = ""
    return True


def _send_with_row_locks(limit: int) -> tuple[int, int]:
    """PostgreSQL: each e-mail is sent inside a transaction holding its row lock. Another
    worker skips a locked row; a worker that dies mid-send loses its connection, the lock goes
    with it, and the next worker sends that e-mail straight away (nothing waits for a lease)."""
    sent = failed = 0
    last_id = 0
    for _ in range(limit):
        email = db.scalars(
            select(OutboxEmail)
            .where(*_due(utcnow()), OutboxEmail.id > last_id)
            .order_by(OutboxEmail.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if email is None:
            break
        last_id = email.id
        if _send_one(email):
            sent += 1
        else:
            failed += 1
        db.commit()
    return sent, failed


def _send_with_claims(limit: int) -> tuple[int, int]:
    """SQLite has no row locks: a committed claim marks an e-mail as taken for a while (a
    worker that dies leaves it to be sent once the claim runs out)."""
    due_ids = db.scalars(
        select(OutboxEmail.id).where(*_due(utcnow())).order_by(OutboxEmail.id).limit(limit)
    ).all()
    sent = failed = 0
    for email_id in due_ids:
        if not _claim(email_id, utcnow()):
            continue
        if _send_one(db.get(OutboxEmail, email_id)):
            sent += 1
        else:
            failed += 1
        db.commit()
    return sent, failed


def send_pending_emails(limit: int = 100) -> tuple[int, int]:
    """Send due e-mails once each, safe with several workers; return (sent, failed)."""
    if db.get_bind().dialect.name == "postgresql":
        return _send_with_row_locks(limit)
    return _send_with_claims(limit)
