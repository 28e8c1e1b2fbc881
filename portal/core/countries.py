"""Whose country a page speaks of: a Danish and a Swedish team may share one installation.

A person's country is their team's; PORTAL_COUNTRY (DK or SE) stands in for an account without
a team and for a reader who is not signed in. Crisis lines, the agencies a plan step can belong
to and the authorities named in legal texts all ask here, so they never disagree.
"""

from flask import current_app
from sqlalchemy import inspect

from portal.core.db import db
from portal.core.identity import Country, Team


def country_of(user) -> Country:
    """Return `user`'s team's country, else the installation's (also for anonymous readers)."""
    team_id = getattr(user, "team_id", None)  # Flask-Login's anonymous user has no team
    if team_id is None:
        return installation_country()
    # The relationship keeps the team with the user (one query a request, however often a
    # page asks); a user row from a session now closed (a test's factory) asks by its id.
    team = db.get(Team, team_id) if inspect(user).detached else user.team
    return team.country


def installation_country() -> Country:
    """The installation's PORTAL_COUNTRY; an unknown value counts as Denmark, the default."""
    try:
        return Country(current_app.config["PORTAL_COUNTRY"])
    except ValueError:
        return Country.DENMARK
