"""The e-mail worker is killed in the middle of sending: once restarted (here as two workers at
once) it sends every waiting e-mail, each exactly once, and it stops cleanly on SIGTERM."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from alembic import command as alembic_command
from sqlalchemy import select

from portal.core.db import db
from portal.core.outbox import OutboxEmail, queue_email
from portal.ops.schema import alembic_config
from tests.database import make_test_app, throwaway_database
from tests.production.live import ROOT, server_environment, wait_for
from tests.smtp import free_port

pytestmark = pytest.mark.production

EMAILS = 8


class SlowMailServer:
    """A real SMTP server that takes its time over each recipient, as a busy one does, and
    says when a delivery is under way (so the test can kill the worker right then)."""

    def __init__(self, delay: float):
        self.delay = delay
        self.received = []  # (Message-ID, To) of each message accepted
        self.recipient_started = threading.Event()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipient_started.set()
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        headers = envelope.content.decode()
        message_id = next(
            line.split(":", 1)[1].strip()
            for line in headers.splitlines()
            if line.lower().startswith("message-id:")
        )
        self.received.append((message_id, envelope.rcpt_tos[0]))
        return "250 Message accepted for delivery"

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *_exc):
        self._controller.stop()


def start_worker(database_url: str, mail_port: int, log) -> subprocess.Popen:
    env = {**os.environ, **server_environment(database_url, MAIL_PORT=str(mail_port))}
    command = [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send"]
    return subprocess.Popen(
        [*command, "--watch", "--interval", "0.2"], cwd=ROOT, env=env, stdout=log, stderr=log
    )


@pytest.fixture
def outbox_database(tmp_path_factory):
    with throwaway_database(tmp_path_factory, "outbox", postgresql=True) as url:
        app = make_test_app(url)
        with app.app_context():
            alembic_command.upgrade(alembic_config(), "head")
            for n in range(EMAILS):
                queue_email(f"person{n}@example.org", "Nyt i portalen", f"Hej {n}")
            db.commit()
        yield app
        app.extensions["db_engine"].dispose()


def outbox_rows(app) -> list[OutboxEmail]:
    with app.app_context():
        return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_a_worker_killed_mid_send_leaves_nothing_unsent_and_nothing_sent_twice(
    outbox_database, tmp_path
):
    app = outbox_database
    url = app.config["DATABASE_URL"]
    with SlowMailServer(delay=0.3) as mail, open(tmp_path / "worker.log", "ab") as log:
        worker = start_worker(url, mail.port, log)
        wait_for(lambda: len(mail.received) >= 2, 30, "two e-mails to be delivered")
        mail.recipient_started.clear()
        wait_for(mail.recipient_started.is_set, 10, "the next delivery to begin")
        worker.send_signal(signal.SIGKILL)  # no chance to tidy up
        worker.wait(timeout=10)
        delivered_before_restart = len(mail.received)
        assert delivered_before_restart < EMAILS  # it really died mid-way
        # What the database calls sent is exactly what the mail server has.
        assert sum(row.sent_at is not None for row in outbox_rows(app)) == len(mail.received)

        workers = [start_worker(url, mail.port, log) for _ in range(2)]
        wait_for(
            lambda: all(row.sent_at is not None for row in outbox_rows(app)),
            60,
            "every e-mail to be sent",
        )
        for again in workers:
            again.send_signal(signal.SIGTERM)  # systemd's way of stopping it
        assert [again.wait(timeout=20) for again in workers] == [0, 0]

    copies = Counter(message_id for message_id, _to in mail.received)
    assert len(copies) == EMAILS and set(copies.values()) == {1}, copies
    assert sorted(to for _id, to in mail.received) == sorted(
        f"person{n}@example.org" for n in range(EMAILS)
    )
    assert all(row.body == "" and row.attempts >= 1 for row in outbox_rows(app))
