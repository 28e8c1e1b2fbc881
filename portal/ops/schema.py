"""`flask db ...`: the database schema, made and changed by the Alembic migrations only.

alembic_config is also how the tests, the benchmark and the deployment test build their
databases: the same migrations as production, never the models' create_all."""

from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import AppGroup

# Alembic's settings are in the checkout's pyproject.toml, beside portal/.
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

db_cli = AppGroup("db", help="Create and change the database schema (Alembic).")


def alembic_config() -> AlembicConfig:
    """Return Alembic's configuration (from pyproject.toml) aimed at this app's database."""
    config = AlembicConfig(toml_file=str(PYPROJECT))
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
