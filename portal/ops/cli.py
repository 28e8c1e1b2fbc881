"""Command-line tools: database migrations, teams, users, reports, the lists of occupations,
demo data, translations, the outbox and the daily timers, and backups; each group lives in the
module named for it, and all are registered here.

The installation's administrator works here rather than in the portal: they create teams and
name their leads, and see figures for all teams, never a participant's data (#18)."""

from flask import Flask

from portal.accounts.teams_cli import teams_cli
from portal.occupations.cli import occupations_cli
from portal.ops.backup_cli import backup_cli
from portal.ops.catalogs import translate_cli
from portal.ops.demo_cli import demo_data
from portal.ops.scheduled_cli import checkins_cli, digest_cli, outbox_cli, privacy_cli
from portal.ops.schema import db_cli
from portal.ops.users_cli import users_cli
from portal.reports.cli import reports_cli


def init_app(app: Flask) -> None:
    for group in (
        db_cli,
        teams_cli,
        users_cli,
        reports_cli,
        occupations_cli,
        translate_cli,
        outbox_cli,
        checkins_cli,
        digest_cli,
        privacy_cli,
        backup_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(demo_data)
