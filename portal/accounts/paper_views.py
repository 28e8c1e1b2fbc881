"""Accounts without e-mail: the specialist makes one and prints its sign-in code, or a new
code for a lost password; the participant signs in with the user name and the code and
chooses a password; what would have been e-mailed is read on the home page.

Its routes join the accounts blueprint (accounts.*): portal.accounts.views imports this
module once it has made the blueprint."""

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.accounts.forms import CodeSignInForm, PaperAccountForm
from portal.accounts.login import note_sign_in
from portal.accounts.paper import (
    choose_password_with_code,
    create_paper_account,
    make_new_code,
    may_make_code,
    open_code,
    redeem_code,
    show_paper_code,
)
from portal.accounts.sessions import end_login_session, start_login_session
from portal.accounts.throttle import account_in_form, password_throttle
from portal.accounts.views import bp
from portal.core.authz import deny, load_client, public, roles_required, signed_in
from portal.core.db import db
from portal.core.forms import record_id
from portal.core.i18n import current_language, use_account_language
from portal.core.identity import Role
from portal.core.navigation import see_other
from portal.core.outbox import drop_held_emails
from portal.core.submissions import already_submitted


@bp.route("/invitations/without-email", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def paper_account():
    form = PaperAccountForm()
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        if already_submitted(form, current_user):
            flash(
                _(
                    "The account is already made, and its code was shown once. If it was not "
                    "noted down, make a new code on the participant's pages."
                ),
                "info",
            )
            return see_other(url_for("site.home"))
        paper = create_paper_account(current_user, form.name.data, form.language.data)
        db.commit()
        return show_paper_code(paper)
    status = 422 if form.errors else 200
    return render_template("accounts/paper_account.html", form=form), status


@bp.route("/clients/<int:client_id>/sign-in")
@roles_required(Role.SPECIALIST)
def sign_in_code(client_id: int):
    client = load_client(client_id)
    if not may_make_code(current_user, client):
        deny()
    return render_template("accounts/sign_in_code.html", client=client, code=open_code(client))


@bp.route("/clients/<int:client_id>/sign-in", methods=["POST"])
@roles_required(Role.SPECIALIST)
def new_sign_in_code(client_id: int):
    client = load_client(client_id)
    if not may_make_code(current_user, client):
        deny()
    paper = make_new_code(current_user, client)
    db.commit()
    return show_paper_code(paper)


def _failed(response) -> bool:
    return response.status_code != 303


@bp.route("/login/paper", methods=["GET", "POST"])
@password_throttle(account_in_form, _failed)  # a wrong code counts as a wrong password
@public
def code_login():
    form = CodeSignInForm()
    form.known_user_inputs = (form.email.data or "",)
    if form.validate_on_submit():
        user = redeem_code(form.email.data, form.code.data)
        if user is not None:
            use_account_language(user.locale)
            if current_user.is_authenticated:
                end_login_session(current_user)
            choose_password_with_code(user, form.password.data)
            start_login_session(user)
            db.commit()
            login_user(user)
            note_sign_in(user)
            flash(_("Welcome! Your password is saved and you are signed in."), "success")
            # The person who needed a code on paper is the one a password troubles most.
            flash(
                _(
                    "Next time you can sign in with one tap instead: add a passkey under My "
                    "account."
                ),
                "info",
            )
            return see_other(url_for("site.home"))
        form.code.errors.append(_("The user name or the sign-in code is not right."))
    form.password.data = form.confirm.data = ""
    status = 422 if form.errors else 200
    return render_template("accounts/code_login.html", form=form), status


@bp.route("/held-emails/read", methods=["POST"])
@signed_in
def held_emails_read():
    newest = request.form.get("up_to", type=record_id)  # None for anything but an id
    if newest is not None:
        drop_held_emails(current_user.id, newest)
        db.commit()
    return see_other(url_for("site.home"))
