"""E-mail goes through the outbox to a real SMTP server: once each, retried when it fails."""

from contextlib import contextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.db import db
from portal.core.outbox import OutboxEmail, queue_email, send_pending_emails
from tests.helpers import post_form, sign_in


def queue(app, count=1):
    with app.app_context():
        for n in range(count):
            queue_email(f"person{n}@example.org", "A subject", f"Body {n}")
        db.commit()


def test_an_invitation_is_delivered_over_smtp_by_the_worker(app, client, people, mail_server):
    sign_in(client, people["specialist_a"].email)
    post_form(
        client,
        "/invitations",
        {"role": "client", "name": "Nina Ny", "email": "nina@example.org", "language": "da"},
    )
    assert mail_server.messages == []  # nothing is sent inside the web request
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent 1, failed 0" in result.output
    [message] = mail_server.messages
    assert message["To"] == "nina@example.org"
    assert message["Subject"] == "Din invitation: vælg en adgangskode"
    assert "/invitation/" in message.get_content()
    with app.app_context():
        stored = db.scalar(select(OutboxEmail))
        assert stored.sent_at is not None and stored.body == ""  # the link is not kept


def test_each_email_is_sent_once_even_when_workers_overlap(app, mail_server):
    queue(app, 3)
    with app.app_context():
        assert send_pending_emails() == (3, 0)
    with app.app_context():
        assert send_pending_emails() == (0, 0)
    assert sorted(m["To"] for m in mail_server.messages) == [
        "person0@example.org",
        "person1@example.org",
        "person2@example.org",
    ]


@contextmanager
def held_by_another_worker(app, email_id):
    """Hold an e-mail as a worker busy sending it would: a row lock on PostgreSQL (kept for
    the block), a committed claim on SQLite."""
    from portal.core.db import utcnow
    from portal.core.outbox import _claim

    with app.app_context():
        if db.get_bind().dialect.name != "postgresql":
            assert _claim(email_id, utcnow()) is True
            yield
            return
        with Session(db.get_bind()) as other:
            other.execute(
                select(OutboxEmail).where(OutboxEmail.id == email_id).with_for_update()
            ).one()
            yield
            other.rollback()


# Commits: on PostgreSQL the other worker's row lock must be on a connection of its own.
@pytest.mark.commits
def test_an_email_another_worker_is_sending_is_left_alone(app, mail_server):
    queue(app, 2)
    with app.app_context():
        first, second = db.scalars(select(OutboxEmail.id).order_by(OutboxEmail.id)).all()
    with held_by_another_worker(app, first), app.app_context():
        assert send_pending_emails() == (1, 0)  # worker two sends only the other one
    assert [m["To"] for m in mail_server.messages] == ["person1@example.org"]
    with app.app_context():
        assert db.get(OutboxEmail, first).sent_at is None
        assert db.get(OutboxEmail, second).sent_at is not None


def test_a_failed_send_is_kept_and_retried(app, mail_server):
    queue(app)
    app.config["MAIL_PORT"], real_port = 1, app.config["MAIL_PORT"]  # nobody listens on port 1
    try:
        with app.app_context():
            assert send_pending_emails() == (0, 1)
            email = db.scalar(select(OutboxEmail))
            assert email.sent_at is None and email.attempts == 1 and email.last_error
            email.next_attempt_at = email.created_at  # the back-off has passed
            db.commit()
    finally:
        app.config["MAIL_PORT"] = real_port
    with app.app_context():
        assert send_pending_emails() == (1, 0)
    assert len(mail_server.messages) == 1


# Commits: two worker threads, each with its own connection.
@pytest.mark.commits
def test_two_workers_at_once_send_every_email_exactly_once(app, mail_server):
    from concurrent.futures import ThreadPoolExecutor

    queue(app, 20)

    def worker(_n):
        with app.app_context():
            return send_pending_emails()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(worker, range(2)))
    assert sum(sent for sent, _failed in results) == 20
    recipients = sorted(message["To"] for message in mail_server.messages)
    assert recipients == sorted(f"person{n}@example.org" for n in range(20))
