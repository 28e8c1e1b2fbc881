"""`flask users deactivate EMAIL` and `flask users reactivate EMAIL`, for any account.

For the installation's operators (someone who left a team whose lead is away, or a lead
themselves). Written to the access log as done from the command line, with the server's user.
"""

import getpass

import click
from flask.cli import with_appcontext

from portal.accounts.lifecycle import deactivate_account, reactivate_account
from portal.accounts.services import find_user_by_email
from portal.core.db import db


def _via(command: str) -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        who = "?"
    # "accounts." first: the person's "who has looked at my data" shows it as their account.
    return f"accounts.cli users {command} ({who})"


def _account(email: str):
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail {email}")
    return user


@click.command("deactivate")
@click.argument("email")
@with_appcontext
def users_deactivate(email: str) -> None:
    """Switch an account off: signed out everywhere at once, no sign-in, no e-mail."""
    user = _account(email)
    changed = deactivate_account(user, None, _via("deactivate"))
    db.commit()
    click.echo(f"Deactivated {user.email}" if changed else f"{user.email} was already deactivated")


@click.command("reactivate")
@click.argument("email")
@with_appcontext
def users_reactivate(email: str) -> None:
    """Switch an account on again; it signs in with its old password."""
    user = _account(email)
    changed = reactivate_account(user, None, _via("reactivate"))
    db.commit()
    click.echo(f"Reactivated {user.email}" if changed else f"{user.email} was not deactivated")
