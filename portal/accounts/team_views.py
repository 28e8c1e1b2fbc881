"""The team lead's accounts page: switch an account off or on, reset two-factor sign-in.

Each action has its own confirmation page naming the person (a plain GET page and a POST
form, so it works without JavaScript). Someone of a team the lead does not lead, or the lead
themselves, is answered 404 like anything else this user may not see.
"""

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.forms import ConfirmForm, WorkingHoursForm
from portal.accounts.lifecycle import (
    deactivate_account,
    load_managed_account,
    reactivate_account,
    reset_two_factor,
    set_weekly_hours,
    team_accounts,
)
from portal.accounts.mfa import mfa_required
from portal.core.authz import deny, led_team_ids, roles_required
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import ROLE_LABELS, Role, Team, User
from portal.core.navigation import see_other
from portal.meetings.outreach import TRIES_BEFORE_CLOSING, tries_before

bp = Blueprint("team", __name__, url_prefix="/team/accounts")

# What each confirmation page asks, the button that confirms, and what is said afterwards.
ACTIONS = {
    "deactivate": (
        _l("Switch off the account of %(name)s?"),
        _l(
            "%(name)s is signed out at once on every device and cannot sign in until the "
            "account is switched on again. Nothing is deleted, and no e-mail is sent to them."
        ),
        _l("Switch off the account"),
        _l("The account of %(name)s is switched off."),
    ),
    "reactivate": (
        _l("Switch the account of %(name)s on again?"),
        _l("%(name)s can sign in again with their old password."),
        _l("Switch the account on"),
        _l("The account of %(name)s is switched on again."),
    ),
    "reset_two_factor": (
        _l("Reset two-factor sign-in for %(name)s?"),
        _l(
            "For a lost or new phone. %(name)s is signed out everywhere, the old authenticator "
            "and recovery codes stop working, and at the next sign-in they set up the "
            "authenticator app again."
        ),
        _l("Reset two-factor sign-in"),
        _l("Two-factor sign-in for %(name)s is reset."),
    ),
}


def _usable(action: str, person: User) -> bool:
    if action == "deactivate":
        return person.deactivated_at is None
    if action == "reactivate":
        return person.deactivated_at is not None
    return mfa_required(person) and person.mfa_enabled_at is not None


@bp.route("")
@roles_required(Role.ADMIN)
def accounts():
    context = {
        "people": team_accounts(current_user),
        "role_labels": ROLE_LABELS,
        # A lead of several teams reads whose team each person is in.
        "several_teams": len(led_team_ids(current_user)) > 1,
        # Each led team's benefits questions are edited on a page of their own.
        "teams": db.scalars(
            select(Team).where(Team.id.in_(led_team_ids(current_user))).order_by(Team.name)
        ).all(),
    }
    return render_template("accounts/team_accounts.html", **context)


def _outreach_note(person: User) -> str | None:
    """Before a participant's account is switched off: the tries to reach them lately, since
    IPS ends nobody's support for missed meetings (portal.caseload.outreach)."""
    if person.role != Role.CLIENT:
        return None
    tries = tries_before(person.id, local_today())
    said = ngettext(
        "Their specialist has noted %(num)d try to get in touch in the last 60 days.",
        "Their specialist has noted %(num)d tries to get in touch in the last 60 days.",
        tries,
    )
    if tries >= TRIES_BEFORE_CLOSING:
        return said
    advice = _(
        "If %(name)s has gone quiet, keep trying first, in more than one way: missed meetings "
        "never end IPS. Switch the account off when they no longer want the support.",
        name=person.name,
    )
    return f"{said} {advice}"


def _confirm(user_id: int, action: str, carry_out):
    person = load_managed_account(user_id)
    if not _usable(action, person):  # done meanwhile, e.g. in another tab
        return see_other(url_for("accounts.team.accounts"))
    question, explanation, button, done = ACTIONS[action]
    form = ConfirmForm()
    if form.validate_on_submit():
        carry_out(person, current_user, request.endpoint or action)
        db.commit()
        flash(str(done) % {"name": person.name}, "success")
        return see_other(url_for("accounts.team.accounts"))
    context = {
        "person": person,
        "question": str(question) % {"name": person.name},
        "explanation": str(explanation) % {"name": person.name},
        "outreach": _outreach_note(person) if action == "deactivate" else None,
        "button": button,
        "form": form,
    }
    return render_template("accounts/confirm_account_action.html", **context)


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int):
    return _confirm(user_id, "deactivate", deactivate_account)


@bp.route("/<int:user_id>/reactivate", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int):
    return _confirm(user_id, "reactivate", reactivate_account)


@bp.route("/<int:user_id>/two-factor/reset", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reset_two_factor_view(user_id: int):
    return _confirm(user_id, "reset_two_factor", reset_two_factor)


@bp.route("/<int:user_id>/hours", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def working_hours(user_id: int):
    person = load_managed_account(user_id)
    if person.role != Role.SPECIALIST:
        deny()
    form = WorkingHoursForm(hours=person.weekly_hours)
    if form.validate_on_submit():
        set_weekly_hours(person, form.hours.data)
        db.commit()
        flash(_("The working hours of %(name)s are saved.", name=person.name), "success")
        return see_other(url_for("accounts.team.accounts"))
    status = 422 if form.errors else 200
    return render_template("accounts/working_hours.html", person=person, form=form), status
