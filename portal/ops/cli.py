"""Command-line tools: database migrations, teams, users, reports, demo data, translations and
the outbox.

The installation's administrator works here rather than in the portal: they create teams and
name their leads, and see figures for all teams, never a participant's data (#18)."""

import signal
import sys
import time
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from babel.messages.frontend import CommandLineInterface as BabelCLI
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.cli import users_deactivate, users_reactivate
from portal.accounts.passwords import password_problem
from portal.accounts.services import AccountError, NewAccount, create_user, find_user_by_email
from portal.accounts.teams_cli import COUNTRIES, ensure_team, team_named, teams_cli
from portal.core.db import db
from portal.core.identity import Country, EmployerOrganisation, Role, Team, User
from portal.reports.cli import reports_cli

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"

db_cli = AppGroup("db", help="Create and change the database schema (Alembic).")
users_cli = AppGroup("users", help="Create, list, deactivate and reactivate user accounts.")
users_cli.add_command(users_deactivate)
users_cli.add_command(users_reactivate)
translate_cli = AppGroup("translate", help="Extract, update and compile the translations.")
outbox_cli = AppGroup("outbox", help="Send the e-mails waiting in the outbox.")
checkins_cli = AppGroup("checkins", help="Ask employers for the check-ins that are due.")
digest_cli = AppGroup("digest", help="E-mail clients who asked for it when something is new.")
privacy_cli = AppGroup("privacy", help="Data protection chores.")
backup_cli = AppGroup("backup", help="Back up and restore the whole database.")


def alembic_config() -> AlembicConfig:
    """Return Alembic's configuration (from pyproject.toml) aimed at this app's database."""
    config = AlembicConfig(toml_file=str(ROOT / "pyproject.toml"))
    config.set_main_option("sqlalchemy.url", current_app.config["DATABASE_URL"].replace("%", "%%"))
    return config


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    alembic_command.upgrade(alembic_config(), revision)


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: one step)."""
    alembic_command.downgrade(alembic_config(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    alembic_command.revision(alembic_config(), message=message, autogenerate=True)


@db_cli.command("check")
def db_check() -> None:
    """Fail when the models and the migrations disagree."""
    alembic_command.check(alembic_config())


def _read_password(from_stdin: bool, user_inputs: tuple[str, ...]) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, user_inputs)
    if problem:
        raise click.ClickException(str(problem))
    return password


@users_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--team",
    help="Team name: staff join it (created when new); an employer contact is linked to its "
    "record of --employer (the team must exist).",
)
@click.option("--country", type=COUNTRIES, help="The country of a team created here (DK).")
@click.option("--specialist", help="E-mail of the client's employment specialist.")
@click.option("--employer", help="Workplace of an employer contact; created in --team when new.")
@click.option("--locale", type=click.Choice(["da", "sv", "en"]), default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(
    role, email, name, team, country, specialist, employer, locale, password_stdin
) -> None:
    """Create an active account with a password."""
    if role == Role.EMPLOYER and not team:
        # A contact person is linked to one team's record of their workplace (#18).
        raise click.ClickException(
            "An employer contact needs --team: the team that works with them."
        )
    password = _read_password(password_stdin, (email, name))
    account = NewAccount(role=Role(role), email=email, name=name, locale=locale, workplace=employer)
    if team and role == Role.EMPLOYER:
        # A typo must not make a new team for a contact person: the team exists already.
        account.team_id = team_named(team).id
    elif team:
        account.team_id = ensure_team(team, Country(country.upper()) if country else None).id
    if specialist:
        owner = find_user_by_email(specialist)
        if owner is None or owner.role != Role.SPECIALIST:
            raise click.ClickException(f"No specialist with the e-mail {specialist}")
        account.specialist_id, account.team_id = owner.id, owner.team_id
    try:
        user = create_user(account, password=password)
    except AccountError as error:
        db.rollback()
        raise click.ClickException(error.message) from None
    db.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id})")


def _listed_name(user: User) -> str:
    # A restricted client's records are kept but not used (GDPR art. 18): not even the
    # operator's list says who they are. The id and address stay, to act on the account.
    return "(restricted)" if user.restricted_at is not None else user.name


@users_cli.command("list")
def users_list() -> None:
    """List every account: id, role, e-mail, name, team or workplaces, status."""
    rows = db.execute(
        select(User, Team.name)
        .outerjoin(Team, User.team_id == Team.id)
        .options(selectinload(User.employers).joinedload(EmployerOrganisation.team))
        .order_by(User.role, User.email)
    )
    for user, team in rows:
        status = "active" if user.is_active else "invited"
        status = "deactivated" if user.deactivated_at else status
        # A contact person's workplaces: each team's record they are linked to.
        workplaces = ", ".join(f"{e.name} ({e.team.name})" for e in user.employers)
        where = team or workplaces or "-"
        fields = (user.id, user.role.value, user.email, _listed_name(user), where, status)
        click.echo("\t".join(str(field) for field in fields))


def _babel(*args: str) -> None:
    BabelCLI().run(["pybabel", "-q", *args])


def extract_messages(output: Path = POT_FILE) -> None:
    """Collect every translatable string from the code into a .pot file."""
    _babel(
        "extract",
        "-F",
        str(ROOT / "pyproject.toml"),
        "-k",
        "_l",
        "-k",
        "lazy_ngettext:1,2",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(output),
        str(ROOT / "portal"),
    )


def compile_translations() -> None:
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect every translatable string from the code into translations/messages.pot."""
    extract_messages()


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into the Danish and Swedish catalogs."""
    extract_messages()
    _babel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-wrap", "--ignore-obsolete")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile the catalogs to .mo files (generated, not committed)."""
    compile_translations()


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
    from flask import current_app

    from portal.core.db import utcnow
    from portal.privacy.services import purge_expired

    cfg = current_app.config
    run = purge_expired(utcnow(), cfg["AUDIT_RETENTION_DAYS"], cfg["TECHNICAL_RETENTION_DAYS"])
    db.commit()
    removed = ", ".join(f"{what} {count}" for what, count in run.removed.items())
    click.echo(f"purge run {run.id}: removed {removed}")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH when it exists.")
def backup_create(path: str, force: bool) -> None:
    """Write a backup of the database to PATH (pg_dump custom format, or an SQLite file)."""
    from portal.ops.backup import BackupError, backup_database

    try:
        written = backup_database(path, overwrite=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {written}")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm that every row is replaced by the backup's.")
def backup_restore(path: str, yes: bool) -> None:
    """Replace every row of the database with the backup in PATH (stop the app first)."""
    from portal.ops.backup import BackupError, restore_database

    if not yes:
        raise click.ClickException(
            "A restore replaces every row in the database with the backup's. "
            "Stop the app servers and workers, then run again with --yes."
        )
    try:
        restore_database(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path}")


@backup_cli.command("checksums")
def backup_checksums() -> None:
    """Print each table's name, row count and SHA-256 of its rows, to compare two databases."""
    from portal.ops.backup import table_fingerprints

    for name, (rows, digest) in table_fingerprints().items():
        click.echo(f"{name}\t{rows}\t{digest}")


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def demo_data(if_empty: bool) -> None:
    """Load the demo teams and accounts listed in the README."""
    from portal.demo.seed import load_demo_data

    if current_app.config["PORTAL_ENV"] == "production":
        # The demo accounts' password and two-factor secrets stand in the source for anyone.
        raise click.ClickException("Demo data is never loaded in production (PORTAL_ENV).")
    if if_empty and db.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already has accounts; demo data not loaded.")
        return
    checkin_link = load_demo_data()
    db.commit()
    click.echo("Demo data loaded.")
    click.echo(f"Kim Larsen's check-in for Anna (no sign-in needed): {checkin_link}")


def init_app(app: Flask) -> None:
    for group in (
        db_cli,
        teams_cli,
        users_cli,
        reports_cli,
        translate_cli,
        outbox_cli,
        checkins_cli,
        digest_cli,
        privacy_cli,
        backup_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(demo_data)
