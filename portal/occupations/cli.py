"""`flask occupations ...`: the administrator imports the national lists of occupations from
the statistics offices' files (the formats are described in portal.occupations.files)."""

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup

from portal.core.db import db
from portal.occupations.files import ReadList, UnreadableFile, read_disco, read_ssyk_key
from portal.occupations.services import DISCO, LIST_NAMES, SSYK, replace_list

occupations_cli = AppGroup(
    "occupations", help="Import the national lists of occupations: DISCO-08 and SSYK 2012."
)
A_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@occupations_cli.command("import-disco")
@click.argument("csv_file", type=A_FILE)
def import_disco(csv_file: Path) -> None:
    """Import DISCO-08 from Danmarks Statistik's CSV file (dst.dk, the classification as CSV)."""
    _import(DISCO, read_disco, csv_file)


@occupations_cli.command("import-ssyk")
@click.argument("xlsx_file", type=A_FILE)
def import_ssyk(xlsx_file: Path) -> None:
    """Import SSYK 2012 from SCB's key from SSYK 2012 to ISCO-08 (scb.se, an .xlsx file)."""
    _import(SSYK, read_ssyk_key, xlsx_file)


def _import(classification: str, read: Callable[[Path], ReadList], path: Path) -> None:
    """Read the whole file first: a file that cannot be used leaves the last import in place."""
    try:
        read_list = read(path)
    except UnreadableFile as error:
        raise click.ClickException(str(error)) from None
    replace_list(classification, read_list.occupations)
    db.commit()
    groups = len({occupation.isco_group for occupation in read_list.occupations})
    click.echo(
        f"Imported {len(read_list.occupations)} occupations of {LIST_NAMES[classification]}, "
        f"in {groups} of ISCO-08's 43 sub-major groups."
    )
    if read_list.left_out:
        click.echo(f"Lines left out, without a sub-major group: {read_list.left_out}")
