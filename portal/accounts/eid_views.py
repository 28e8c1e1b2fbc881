"""National eID: signing in with it, linking it under My account or with a code from paper,
and removing the link. Every way starts with a form posted here, goes to the broker, and
comes back to one address (accounts.eid_return, registered with the broker), where the
errand kept in the session says what the answer was for.

Routes join the accounts blueprint (accounts.*): portal.accounts.views imports this module
once it has made the blueprint."""

from flask import abort, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.eid import (
    EidIdentity,
    EidRefused,
    EidUnavailable,
    begin_eid,
    counts_as_two_factors,
    eid_enabled,
    identity_from_answer,
    link_eid,
    take_errand,
    unlink_eid,
    user_of_eid,
)
from portal.accounts.forms import EidSignInForm, PaperCodeForm
from portal.accounts.mfa import mfa_required
from portal.accounts.mfa_views import begin_second_step
from portal.accounts.paper import code_token, spend_code, still_open_code
from portal.accounts.services import AccountError
from portal.accounts.sessions import end_login_session
from portal.accounts.throttle import (
    ADDRESS_LIMIT,
    account_in_form,
    password_throttle,
    refusal_throttle,
)
from portal.accounts.views import bp, sign_in_user
from portal.core.authz import public, signed_in
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.i18n import current_language, use_account_language
from portal.core.navigation import external_url, see_other

# An answer that proves no one counts with the wrong passwords from the same address.
eid_throttle = refusal_throttle("eid_refused", methods=("GET",))
# Where each errand goes back to when the answer is refused.
START_PAGES = {"link": "accounts.account", "code": "accounts.eid_with_code"}


def _go_to_broker(errand: dict, back_to: str):
    if not eid_enabled():
        abort(404)
    try:
        return begin_eid(errand, external_url("accounts.eid_return"), current_language())
    except EidUnavailable:
        flash(_eid_unavailable(), "error")
        return see_other(url_for(back_to))


def _eid_unavailable() -> str:
    return _("The eID service cannot be reached just now. Try again later, or sign in another way.")


@bp.route("/login/eid", methods=["POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"])
@public
def eid_sign_in():
    form = EidSignInForm()
    if not form.validate_on_submit():
        abort(400)
    return _go_to_broker({"do": "sign-in", "next": form.next.data or ""}, "accounts.login")


def _code_not_taken(response) -> bool:
    return response.status_code != 302  # 302: on the way to the broker with a right code


@bp.route("/login/paper/eid", methods=["GET", "POST"])
@password_throttle(account_in_form, _code_not_taken)  # a wrong code counts as a wrong password
@public
def eid_with_code():
    if not eid_enabled():
        abort(404)
    form = PaperCodeForm()
    if form.validate_on_submit():
        token = code_token(form.email.data, form.code.data)
        if token is not None:
            errand = {"do": "code", "token": token.id, "user": token.user_id}
            return _go_to_broker(errand, "accounts.eid_with_code")
        form.code.errors.append(_("The user name or the sign-in code is not right."))
    status = 422 if form.errors else 200
    return render_template("accounts/eid_with_code.html", form=form), status


@bp.route("/account/eid", methods=["POST"])
@limiter.limit(ADDRESS_LIMIT)
@signed_in
def start_eid_link():
    if not EidSignInForm().validate_on_submit():
        abort(400)
    return _go_to_broker({"do": "link", "user": current_user.id}, "accounts.account")


@bp.route("/account/eid/remove", methods=["POST"])
@signed_in
def remove_eid_link():
    if not EidSignInForm().validate_on_submit():
        abort(400)
    try:
        unlink_eid(current_user)
    except AccountError as error:
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("Your eID is no longer linked to your account."), "success")
    return see_other(url_for("accounts.account"))


@bp.route("/login/eid/return")
@eid_throttle
@public
def eid_return():
    """The broker sends the browser back here with its answer (or a refusal)."""
    if not eid_enabled():
        abort(404)
    errand = take_errand()
    back_to = url_for(START_PAGES.get(errand.get("do"), "accounts.login"))
    try:
        identity = identity_from_answer()
    except EidUnavailable:
        flash(_eid_unavailable(), "error")
        return see_other(back_to)
    except EidRefused:
        db.rollback()
        if request.args.get("error") == "access_denied":  # the person chose to stop
            flash(_("The sign-in with eID was stopped. Nothing has changed."), "info")
        else:
            g.eid_refused = True
            message = _("The sign-in with eID did not succeed. Try again, or sign in another way.")
            flash(message, "error")
        return see_other(back_to)
    if errand.get("do") == "link":
        return _link_to_signed_in_user(errand, identity)
    if errand.get("do") == "code":
        return _link_with_code(errand, identity)
    return _sign_in_with_eid(errand, identity)


def _sign_in_with_eid(errand: dict, identity: EidIdentity):
    user = user_of_eid(identity)
    if user is None:
        g.eid_refused = True
        return render_template("accounts/eid_unknown.html"), 403
    db.commit()  # when it was last used
    needs_code = mfa_required(user) or user.mfa_enabled_at is not None
    if needs_code and not counts_as_two_factors(identity):
        return begin_second_step(user, errand.get("next") or "")
    return sign_in_user(user, errand.get("next"))


def _link_to_signed_in_user(errand: dict, identity: EidIdentity):
    if not current_user.is_authenticated or errand.get("user") != current_user.id:
        g.eid_refused = True
        flash(_("You were signed out meanwhile. Sign in, and link your eID again."), "error")
        return see_other(url_for("accounts.login"))
    try:
        link_eid(current_user, identity)
    except AccountError as error:
        db.rollback()
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("Your eID is linked. Next time you can sign in with it."), "success")
    return see_other(url_for("accounts.account"))


def _link_with_code(errand: dict, identity: EidIdentity):
    token = still_open_code(errand.get("token"), errand.get("user"))
    if token is None:
        flash(_("The sign-in code no longer works. Ask for a new one."), "error")
        return see_other(url_for("accounts.eid_with_code"))
    user = token.user
    use_account_language(user.locale)
    try:
        link_eid(user, identity)
    except AccountError as error:
        db.rollback()
        flash(str(error), "error")
        return see_other(url_for("accounts.eid_with_code"))
    if current_user.is_authenticated:
        end_login_session(current_user)
    spend_code(user)
    welcome = _("Welcome! Your eID is linked and you are signed in. Next time, sign in with it.")
    flash(welcome, "success")
    return sign_in_user(user, None)
