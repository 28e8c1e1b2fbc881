"""Routes for intake: the public "I would like to work" page, a treatment contact's referral,
and the team's list of waiting referrals, each to accept or close. Every referral is found
through load_referral (404 outside the user's team, or once it is no longer waiting)."""

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.paper import show_paper_code
from portal.core.authz import public, roles_required
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.forms import show_field_error
from portal.core.i18n import current_language
from portal.core.identity import Role
from portal.core.menu import register_menu_entry
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.intake.forms import (
    HONEYPOT,
    ClinicReferralForm,
    CloseReferralForm,
    ReachableForm,
    SelfReferralForm,
)
from portal.intake.models import CLOSING_LABELS, SOURCE_LABELS, ClosingReason
from portal.intake.services import (
    Reachable,
    ReferralError,
    accept_by_email,
    accept_with_paper_code,
    accepted_by,
    close_referral,
    load_public_team,
    load_referral,
    note_try,
    public_teams,
    refer_by_clinic,
    refer_oneself,
    referring_teams,
    waiting_referrals,
)

bp = Blueprint("intake", __name__)

# Generous for a family asking for several people, tight for a program filling the list.
ASK_LIMIT = "5 per hour; 20 per day"


def _reachable(form: ReachableForm) -> Reachable:
    return Reachable(
        name=form.name.data,
        email=form.email.data or None,
        phone=form.phone.data or None,
        work_wish=form.work_wish.data or None,
        locale=current_language(),
    )


# --- the public page ----------------------------------------------------------------------


@bp.route("/i-would-like-to-work")
@public
def teams():
    every = public_teams()
    if len(every) == 1:
        return see_other(url_for("intake.ask", team_id=every[0].id))
    return render_template("intake/teams.html", teams=every)


@bp.route("/i-would-like-to-work/<int:team_id>", methods=["GET", "POST"])
@limiter.limit(ASK_LIMIT, methods=["POST"])
@public
def ask(team_id: int):
    team = load_public_team(team_id) or abort(404)
    form = SelfReferralForm()
    if form.validate_on_submit():
        # A program fills in every field it finds; a person never sees this one.
        if not form.data.get(HONEYPOT):
            refer_oneself(team, _reachable(form))
            db.commit()
        return see_other(url_for("intake.thanks", team_id=team.id))
    status = 422 if form.errors else 200
    return render_template("intake/ask.html", form=form, team=team), status


@bp.route("/i-would-like-to-work/<int:team_id>/thanks")
@public
def thanks(team_id: int):
    team = load_public_team(team_id) or abort(404)
    return render_template("intake/thanks.html", team=team)


# --- a clinic's referral --------------------------------------------------------------------


def _clinic_form() -> ClinicReferralForm:
    form = ClinicReferralForm()
    form.team.choices = [SelectChoice(team.id, team.name) for team in referring_teams(current_user)]
    return form


@bp.route("/refer", methods=["GET", "POST"])
@roles_required(Role.PARTNER)
def refer():
    form = _clinic_form()
    if form.validate_on_submit():
        if not already_submitted(form, current_user):
            try:
                refer_by_clinic(current_user, form.team.data, _reachable(form))
            except ReferralError as error:
                show_field_error(form, error)
                db.rollback()
                return render_template("intake/refer.html", form=form), 422
            db.commit()
        flash(
            _(
                "The referral is sent. The team gets in touch with the person. You will see "
                "nothing about them unless they choose to share with you."
            ),
            "success",
        )
        return see_other(url_for("site.home"))
    return render_template("intake/refer.html", form=form), 422 if form.errors else 200


# --- the team's referrals -------------------------------------------------------------------


@bp.route("/referrals")
@roles_required(Role.SPECIALIST, Role.ADMIN)
def referrals():
    return render_template(
        "intake/referrals.html",
        referrals=waiting_referrals(current_user),
        source_labels=SOURCE_LABELS,
    )


def _referral_page(referral, close_form=None, status: int = 200):
    body = render_template(
        "intake/referral.html",
        referral=referral,
        close_form=close_form or CloseReferralForm(formdata=None),
        source_labels=SOURCE_LABELS,
        may_accept=current_user.role == Role.SPECIALIST,
    )
    return body, status


@bp.route("/referrals/<int:referral_id>")
@roles_required(Role.SPECIALIST, Role.ADMIN)
def referral(referral_id: int):
    return _referral_page(load_referral(referral_id))


@bp.route("/referrals/<int:referral_id>/try", methods=["POST"])
@roles_required(Role.SPECIALIST, Role.ADMIN)
def note_a_try(referral_id: int):
    referral = load_referral(referral_id)
    note_try(current_user, referral)
    db.commit()
    flash(_("The try is noted."), "success")
    return see_other(url_for("intake.referral", referral_id=referral.id))


@bp.route("/referrals/<int:referral_id>/close", methods=["POST"])
@roles_required(Role.SPECIALIST, Role.ADMIN)
def close(referral_id: int):
    referral = load_referral(referral_id)
    form = CloseReferralForm()
    if not form.validate():
        return _referral_page(referral, form, 422)
    try:
        close_referral(current_user, referral, ClosingReason(form.reason.data))
    except ReferralError as error:
        show_field_error(form, error)
        return _referral_page(referral, form, 422)
    db.commit()
    reason = CLOSING_LABELS[referral.closing_reason]
    flash(_("The referral is closed: %(reason)s.", reason=reason), "success")
    return see_other(url_for("intake.referrals"))


@bp.route("/referrals/<int:referral_id>/accept", methods=["POST"])
@roles_required(Role.SPECIALIST)
def accept(referral_id: int):
    if accepted_by(current_user, referral_id):
        # A double tap on a slow phone: the first tap made the account, and its answer (the
        # paper code, shown once) is gone from the screen. Say what to do rather than 404.
        flash(
            _(
                "You have already accepted this referral: the person is in your caseload. If "
                "the sign-in code was not noted down, make a new one on their pages."
            ),
            "info",
        )
        return see_other(url_for("site.home"))
    referral = load_referral(referral_id)
    way = request.form.get("way")
    if way == "email" and referral.email:
        name = referral.name
        accept_by_email(current_user, referral)
        db.commit()
        flash(_("%(name)s is in your caseload, and the invitation is sent.", name=name), "success")
        return see_other(url_for("site.home"))
    if way == "paper":
        paper = accept_with_paper_code(current_user, referral)
        db.commit()
        return show_paper_code(paper)
    abort(422)  # no button sends anything else: the error page asks to check what was sent


def init_app(app: Flask) -> None:
    for role in (Role.SPECIALIST, Role.ADMIN):
        register_menu_entry(app, role, "intake.referrals", _l("Referrals"), position=75)
