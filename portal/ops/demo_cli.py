"""`flask demo-data`: the demo teams and accounts the README lists (`make run` loads them
into an empty database)."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User


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
