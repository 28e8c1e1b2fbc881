"""What runs without a person at the keyboard: the outbox worker, and the daily timers that
ask employers for check-ins, send the digests and purge what is past its retention.

Each is safe to run again: a second run finds nothing left to do. The features' own modules
are imported inside the commands, as a command needs only its own."""

import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup

from portal.core.db import db

outbox_cli = AppGroup("outbox", help="Send the e-mails waiting in the outbox.")
checkins_cli = AppGroup("checkins", help="Ask employers for the check-ins that are due.")
digest_cli = AppGroup("digest", help="E-mail clients who asked for it when something is new.")
privacy_cli = AppGroup("privacy", help="Data protection chores.")


@outbox_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running and send new e-mails as they come.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def outbox_send(watch: bool, interval: float) -> None:
    """Send pending e-mails once each (safe to run in several copies)."""
    from portal.core.outbox import send_pending_emails

    stopping = []
    if watch:
        # systemd stops the worker with SIGTERM: finish the e-mail in hand, then leave.
        signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
    while True:
        sent, failed = send_pending_emails()
        click.echo(f"sent {sent}, failed {failed}")
        db.close()
        if not watch or stopping:
            return
        time.sleep(interval)
        if stopping:
            return


@checkins_cli.command("send")
def checkins_send() -> None:
    """Ask employers for every check-in that is due today (run daily from a timer)."""
    from portal.core.dates import local_today
    from portal.placements.services.checkins import send_due_checkins

    run = send_due_checkins(local_today())
    db.commit()
    click.echo(
        f"check-ins sent: {run.sent}; not sent: {run.without_contact} without a contact "
        f"person's e-mail, {run.not_allowed} where the participant has not allowed the "
        "employer to be told"
    )


@digest_cli.command("send")
def digest_send() -> None:
    """Queue the content-free digest for clients with news (run daily from a timer)."""
    from portal.messaging.digest import send_digests

    queued = send_digests()
    db.commit()
    click.echo(f"digests queued: {queued}")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Delete what is kept past its retention period (run daily); each run is logged."""
    from portal.core.db import utcnow
    from portal.privacy.services import purge_expired

    cfg = current_app.config
    run = purge_expired(
        utcnow(),
        cfg["AUDIT_RETENTION_DAYS"],
        cfg["TECHNICAL_RETENTION_DAYS"],
        cfg["REFERRAL_RETENTION_DAYS"],
    )
    db.commit()
    removed = ", ".join(f"{what} {count}" for what, count in run.removed.items())
    click.echo(f"purge run {run.id}: removed {removed}")
