"""Passkeys: the person's list under My account (add, name, remove), and signing in with one.

The browser's part needs JavaScript (portal.js asks for the options, lets the phone make or
use the passkey, and sends its answer in the page's ordinary form); without it the buttons
stay hidden and the password works as before. Routes join the accounts blueprint."""

from flask import flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import PasskeyForm, PasskeySignInForm
from portal.accounts.models import Passkey
from portal.accounts.passkeys import (
    PasskeyRefused,
    list_passkeys,
    register_passkey,
    registration_options,
    remove_passkey,
    sign_in_options,
    user_of_passkey,
)
from portal.accounts.services import AccountError
from portal.accounts.throttle import refusal_throttle
from portal.accounts.views import bp, sign_in_user
from portal.core.authz import load_or_deny, public, signed_in
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.navigation import see_other

JSON = {"Content-Type": "application/json", "Cache-Control": "no-store"}
PASSKEYS = "accounts/passkeys.html"


# A passkey that is not accepted counts with the wrong passwords from the same address.
passkey_throttle = refusal_throttle("passkey_refused")


def _passkeys_page(form: PasskeyForm, status: int = 200):
    page = render_template(PASSKEYS, form=form, passkeys=list_passkeys(current_user))
    return page, status


@bp.route("/account/passkeys")
@signed_in
def passkeys():
    return _passkeys_page(PasskeyForm(formdata=None))


@bp.route("/account/passkeys/options", methods=["POST"])
@signed_in
def passkey_options():
    return registration_options(current_user), 200, JSON


@bp.route("/account/passkeys", methods=["POST"])
@signed_in
def add_passkey():
    form = PasskeyForm()
    if form.validate_on_submit():
        try:
            register_passkey(current_user, form.credential.data or "", form.name.data)
        except AccountError as error:
            show_field_error(form, error)
        else:
            db.commit()
            flash(_("The passkey is saved. Next time, sign in with it."), "success")
            return see_other(url_for("accounts.passkeys"))
    return _passkeys_page(form, 422)


@bp.route("/account/passkeys/<int:passkey_id>/remove", methods=["POST"])
@signed_in
def remove_passkey_view(passkey_id: int):
    passkey = load_or_deny(Passkey, passkey_id, lambda key: key.user_id == current_user.id)
    name = passkey.name
    remove_passkey(passkey)
    db.commit()
    flash(_("The passkey %(name)s is removed.", name=name), "success")
    return see_other(url_for("accounts.passkeys"))


@bp.route("/login/passkey/options", methods=["POST"])
@public
def passkey_sign_in_options():
    return sign_in_options(), 200, JSON


@bp.route("/login/passkey", methods=["POST"])
@passkey_throttle
@public
def passkey_sign_in():
    form = PasskeySignInForm()
    if form.validate_on_submit():
        try:
            user = user_of_passkey(form.credential.data or "")
        except PasskeyRefused:
            db.rollback()
            g.passkey_refused = True
        else:
            # The passkey is two factors in one (the device, and the face, finger or PIN
            # that unlocks it): no code is asked, for staff either.
            return sign_in_user(user, form.next.data)
    flash(_("The passkey was not accepted. Try again, or sign in with your password."), "error")
    return see_other(url_for("accounts.login", next=request.form.get("next") or None))
