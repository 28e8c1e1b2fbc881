"""`flask users ...`: accounts made and listed by the installation's operator.

Switching an account off and on is portal.accounts.cli; this group carries those commands
too, so the operator finds every account command under one name."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.cli import users_deactivate, users_reactivate
from portal.accounts.passwords import password_problem
from portal.accounts.services import AccountError, NewAccount, create_user, find_user_by_email
from portal.accounts.teams_cli import COUNTRIES, ensure_team, team_named
from portal.core.db import db
from portal.core.identity import Country, EmployerOrganisation, Role, Team, User

users_cli = AppGroup("users", help="Create, list, deactivate and reactivate user accounts.")
users_cli.add_command(users_deactivate)
users_cli.add_command(users_reactivate)


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
        fields = (user.id, user.role.value, user.sign_in_name, _listed_name(user), where, status)
        click.echo("\t".join(str(field) for field in fields))
