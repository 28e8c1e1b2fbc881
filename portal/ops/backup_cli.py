"""`flask backup ...`: the documented backup and restore path (portal.ops.backup does the
work; tests/test_backup.py restores a backup and compares the checksums)."""

import click
from flask.cli import AppGroup

from portal.ops.backup import (
    BackupError,
    backup_database,
    restore_database,
    table_fingerprints,
)

backup_cli = AppGroup("backup", help="Back up and restore the whole database.")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH when it exists.")
def backup_create(path: str, force: bool) -> None:
    """Write a backup of the database to PATH (pg_dump custom format, or an SQLite file)."""
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
    for name, (rows, digest) in table_fingerprints().items():
        click.echo(f"{name}\t{rows}\t{digest}")
