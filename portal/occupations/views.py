"""The job form's title suggestions: occupations of the national list of the specialist's
country holding what they have typed, for the title field's list of suggestions (htmx fills
it as they type; without JavaScript the field is a plain text field)."""

from flask import Blueprint, Flask, render_template, request
from flask_login import current_user

from portal.core.authz import roles_required
from portal.core.countries import country_of
from portal.core.identity import Role
from portal.core.navigation import register_quiet_endpoint
from portal.occupations.services import find_titles

bp = Blueprint("occupations", __name__)


@bp.route("/occupations/titles")
@roles_required(Role.SPECIALIST)
def titles():
    typed = request.args.get("title", "")[:200]
    found = find_titles(country_of(current_user), typed)
    return render_template("occupations/_titles.html", titles=found)


def init_app(app: Flask) -> None:
    # Asked while typing: after a long pause the session may have ended, and moving the page
    # to the sign-in form would take the half-written job form with it (portal.js says so).
    register_quiet_endpoint(app, "occupations.titles")
