"""The second step of signing in, enrolment in two-factor sign-in, and its settings.

Between the password and the code, the session holds only who is half signed in, for ten
minutes; nothing is reachable until the code is right.
"""

import time

from flask import Blueprint, flash, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.accounts.forms import CodeForm, DisableMfaForm, RenewCodesForm
from portal.accounts.login import note_sign_in
from portal.accounts.mfa import (
    disable_mfa,
    enable_mfa,
    mfa_required,
    new_recovery_codes,
    new_secret,
    qr_code,
    recovery_codes_left,
    verify_second_factor,
)
from portal.accounts.next_page import next_page_url
from portal.accounts.passwords import verify_password
from portal.accounts.sessions import start_login_session
from portal.accounts.throttle import (
    note_wrong_password,
    password_throttle,
    signed_in_account,
    wrong_password_given,
)
from portal.core.authz import public, signed_in
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.identity import User
from portal.core.navigation import see_other

bp = Blueprint("mfa", __name__)

PENDING_SECONDS = 600
CODE_LIMIT = "5 per minute; 30 per hour"


def _pending_account_key() -> str:
    """Code guesses are counted per account too, whichever address or browser they come from."""
    pending = session.get("mfa_pending") or {}
    return f"mfa-account:{pending.get('user')}"


def _wrong_code(response) -> bool:
    return response.status_code != 303


def begin_second_step(user: User, next_url: str):
    """After a right password: ask for the code, or for enrolment when staff have none."""
    session["mfa_pending"] = {"user": user.id, "next": next_url, "at": int(time.time())}
    if user.mfa_enabled_at is None:
        return see_other(url_for("mfa.setup"))
    return see_other(url_for("mfa.code"))


def _pending_user() -> User | None:
    pending = session.get("mfa_pending")
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop("mfa_pending", None)
        return None
    user = db.get(User, pending["user"])
    # Switched off between the password and the code: back to the start, like anyone else.
    return user if user is not None and user.deactivated_at is None else None


def _finish(user: User):
    pending = session.pop("mfa_pending", {})
    session.pop("mfa_secret", None)
    start_login_session(user)
    db.commit()
    login_user(user)
    note_sign_in(user)
    return next_page_url(pending.get("next"))


def _again_from_the_start():
    flash(_("Please sign in again."), "info")
    return see_other(url_for("accounts.login"))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"], deduct_when=_wrong_code)  # only wrong codes count
@limiter.limit(CODE_LIMIT, key_func=_pending_account_key, methods=["POST"], deduct_when=_wrong_code)
@public
def code():
    user = _pending_user()
    if user is None or user.mfa_enabled_at is None:
        return _again_from_the_start()
    form = CodeForm()
    if form.validate_on_submit():
        if verify_second_factor(user, form.code.data):
            return see_other(_finish(user))
        db.commit()  # a used recovery code stays used only if it let someone in; none did
        form.code.errors.append(_("That code is not right. Try the newest code in the app."))
    status = 422 if form.errors else 200
    return render_template("accounts/mfa_code.html", form=form), status


def _setup_page(user: User, form: CodeForm, template: str, status: int = 200, **context):
    secret = session.get("mfa_secret") or new_secret()
    session["mfa_secret"] = secret
    context |= {"form": form, "qr": qr_code(user, secret), "secret": secret}
    return render_template(template, **context), status


@bp.route("/login/setup", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"])
@public
def setup():
    """Staff switch two-factor sign-in on before their first sign-in completes."""
    user = _pending_user()
    if user is None or user.mfa_enabled_at is not None or not mfa_required(user):
        return _again_from_the_start()
    form = CodeForm()
    if form.validate_on_submit():
        codes = enable_mfa(user, session.get("mfa_secret", ""), form.code.data)
        if codes is not None:
            next_url = _finish(user)
            return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors.append(_("That code is not right. Try the newest code in the app."))
    return _setup_page(user, form, "accounts/mfa_setup.html", 422 if form.errors else 200)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@signed_in
def settings():
    """Clients switch it on or off; everyone can make new recovery codes."""
    form = CodeForm()
    if current_user.mfa_enabled_at is None and form.validate_on_submit():
        codes = enable_mfa(current_user, session.get("mfa_secret", ""), form.code.data)
        if codes is not None:
            session.pop("mfa_secret", None)
            db.commit()
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=url_for("accounts.account")
            )
        form.code.errors.append(_("That code is not right. Try the newest code in the app."))
    if current_user.mfa_enabled_at is None:
        return _setup_page(
            current_user, form, "accounts/mfa_settings.html", 422 if form.errors else 200
        )
    return _settings_page(RenewCodesForm(prefix="renew", formdata=None))


def _settings_page(renew_form: RenewCodesForm, status: int = 200):
    context = {
        "left": recovery_codes_left(current_user),
        "renew_form": renew_form,
        "off_form": DisableMfaForm(formdata=None),
    }
    return render_template("accounts/mfa_settings.html", **context), status


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@password_throttle(signed_in_account, wrong_password_given)  # counted as failed sign-ins
@signed_in
def renew_codes():
    if current_user.mfa_enabled_at is None:
        return see_other(url_for("mfa.settings"))
    form = RenewCodesForm(prefix="renew")
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            codes = new_recovery_codes(current_user)
            db.commit()
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=url_for("mfa.settings")
            )
        note_wrong_password()
        form.password.errors.append(
            _("The password is not right, so your recovery codes are the same as before.")
        )
    return _settings_page(form, 422)


@bp.route("/account/two-factor/off", methods=["POST"])
@limiter.limit(CODE_LIMIT)
@password_throttle(signed_in_account, wrong_password_given)  # counted as failed sign-ins
@signed_in
def switch_off():
    form = DisableMfaForm()
    if mfa_required(current_user):
        flash(_("Two-factor sign-in is required for staff."), "error")
    elif form.validate_on_submit() and verify_password(
        current_user.password_hash, form.password.data
    ):
        disable_mfa(current_user)
        db.commit()
        flash(_("Two-factor sign-in is off."), "success")
    else:
        if form.password.data:
            note_wrong_password()
        flash(_("The password is not right, so two-factor sign-in is still on."), "error")
    return see_other(url_for("mfa.settings"))
