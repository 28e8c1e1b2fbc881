"""`flask teams ...`: the installation administrator's work on the server.

One installation serves one organisation with several teams; the administrator creates the
teams in their country and names their leads here, rather than through a web account that
would see across teams (see portal.accounts.models).
"""

import re

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.accounts.services import find_user_by_email
from portal.core.db import db
from portal.core.identity import Country, Role, Team, TeamLead, User

teams_cli = AppGroup("teams", help="Create teams, set their country, name and remove their leads.")
COUNTRIES = click.Choice([country.value for country in Country], case_sensitive=False)


def team_named(name: str) -> Team:
    team = db.scalar(select(Team).where(Team.name == name))
    if team is None:
        raise click.ClickException(f"No team called {name}")
    return team


def ensure_team(name: str, country: Country | None = None) -> Team:
    """Return the team called `name`, created in `country` (Denmark unless given) when new."""
    team = db.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, country=country or Country.DENMARK)
        db.add(team)
        db.flush()
    elif country is not None and team.country != country:
        raise click.ClickException(
            f"The team {name} is in {team.country.value}; change it with "
            f"flask teams set-country {name} {country.value}"
        )
    return team


@teams_cli.command("create")
@click.argument("name")
@click.option("--country", type=COUNTRIES, required=True, help="DK or SE: its institutions.")
def teams_create(name: str, country: str) -> None:
    """Create the team NAME in a country."""
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise click.ClickException("A team name has 1 to 120 characters.")
    if db.scalar(select(Team.id).where(func.lower(Team.name) == name.lower())) is not None:
        raise click.ClickException(f"There is already a team called {name}")
    team = ensure_team(name, Country(country.upper()))
    db.commit()
    click.echo(f"Created team {team.name} ({team.country.value}, id {team.id})")


@teams_cli.command("list")
def teams_list() -> None:
    """List the teams: id, name, country, leads, specialists and participants (counts only)."""
    leads: dict[int, list[str]] = {}
    for team_id, email in db.execute(
        select(TeamLead.team_id, User.email)
        .join(User, User.id == TeamLead.user_id)
        .order_by(User.email)
    ):
        leads.setdefault(team_id, []).append(email)
    # Accounts in use: someone who left (switched off) or an erased participant is not counted.
    counts = {
        (team_id, role): count
        for team_id, role, count in db.execute(
            select(User.team_id, User.role, func.count(User.id))
            .where(
                User.role.in_([Role.SPECIALIST, Role.CLIENT]),
                User.deactivated_at.is_(None),
                User.erased_at.is_(None),
            )
            .group_by(User.team_id, User.role)
        )
    }
    click.echo("id\tname\tcountry\tleads\tspecialists\tparticipants")
    for team in db.scalars(select(Team).order_by(Team.name)):
        fields = (
            team.id,
            team.name,
            team.country.value,
            ", ".join(leads.get(team.id, [])) or "-",
            counts.get((team.id, Role.SPECIALIST), 0),
            counts.get((team.id, Role.CLIENT), 0),
        )
        click.echo("\t".join(str(field) for field in fields))


@teams_cli.command("set-country")
@click.argument("name")
@click.argument("country", type=COUNTRIES)
def teams_set_country(name: str, country: str) -> None:
    """Set the country (DK or SE) of the team NAME."""
    team = team_named(name)
    team.country = Country(country.upper())
    db.commit()
    click.echo(f"{team.name} is in {team.country.value}")


@teams_cli.command("set-public-name")
@click.argument("name")
@click.argument("public_name")
def teams_set_public_name(name: str, public_name: str) -> None:
    """Show the team NAME on the public "I would like to work" page as PUBLIC_NAME ("" to
    take it off). Choose a name that does not say IPS or what kind of support it is: the
    page is read before sign-in, perhaps by an employer contact."""
    team = team_named(name)
    public_name = " ".join(public_name.split())
    if len(public_name) > 120:
        raise click.ClickException("A public name has at most 120 characters.")
    if re.search(r"\bIPS\b", public_name, re.IGNORECASE):
        raise click.ClickException("The public name must not say IPS.")
    team.public_name = public_name or None
    db.commit()
    if team.public_name:
        click.echo(f"{team.name} is on the public page as {team.public_name}")
    else:
        click.echo(f"{team.name} is not on the public page")


def _lead_account(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail {email}")
    if user.role != Role.ADMIN:
        raise click.ClickException(
            f"{user.email} is a {user.role.value} account; only team lead (admin) accounts "
            "lead teams. Create one with flask users create --role admin."
        )
    return user


@teams_cli.command("add-lead")
@click.argument("email")
@click.argument("team")
def teams_add_lead(email: str, team: str) -> None:
    """Make the team lead account EMAIL a lead of TEAM too."""
    lead, chosen = _lead_account(email), team_named(team)
    if db.get(TeamLead, (chosen.id, lead.id)) is not None:
        click.echo(f"{lead.email} already leads {chosen.name}")
        return
    db.add(TeamLead(team_id=chosen.id, user_id=lead.id))
    if lead.team_id is None:  # a lead's own team is one they lead
        lead.team_id = chosen.id
    db.commit()
    click.echo(f"{lead.email} now leads {chosen.name}")


@teams_cli.command("remove-lead")
@click.argument("email")
@click.argument("team")
def teams_remove_lead(email: str, team: str) -> None:
    """Stop the team lead account EMAIL leading TEAM; it sees nothing of the team after."""
    lead, chosen = _lead_account(email), team_named(team)
    link = db.get(TeamLead, (chosen.id, lead.id))
    if link is None:
        raise click.ClickException(f"{lead.email} does not lead {chosen.name}")
    db.delete(link)
    db.flush()
    if lead.team_id == chosen.id:
        # What a lead sees follows team_leads alone; their own team stays one of those.
        lead.team_id = db.scalar(
            select(TeamLead.team_id)
            .join(Team, Team.id == TeamLead.team_id)
            .where(TeamLead.user_id == lead.id)
            .order_by(Team.name)
            .limit(1)
        )
    db.commit()
    left = ", ".join(team.name for team in lead.led_teams) or "no team"
    click.echo(f"{lead.email} no longer leads {chosen.name}; leads {left}")
