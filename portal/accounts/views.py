"""Routes for accounts: signing in and out, the one-time password links and the person's own
settings; each view parses a form, calls one service and commits once.

The invitations page and the lead's page of the team's accounts are their own modules:
portal.accounts.invitation_views adds its routes to this blueprint, and
portal.accounts.team_views is a blueprint inside it."""

from flask import Blueprint, Flask, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from portal.accounts.eid import eid_enabled, eid_link_of, eid_name
from portal.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    SetPasswordForm,
)
from portal.accounts.links import check_link_token
from portal.accounts.login import note_sign_in
from portal.accounts.mfa import mfa_required
from portal.accounts.mfa_views import begin_second_step
from portal.accounts.models import TokenPurpose
from portal.accounts.next_page import next_page_url
from portal.accounts.same_answer import request_password_reset
from portal.accounts.services import (
    AccountError,
    accept_invitation,
    authenticate,
    change_password,
    reset_password,
    update_profile,
)
from portal.accounts.sessions import end_login_session, keep_session_alive, start_login_session
from portal.accounts.team_views import bp as team_bp
from portal.accounts.throttle import (
    ADDRESS_LIMIT,
    account_in_form,
    note_wrong_password,
    password_throttle,
    signed_in_account,
    wrong_password_given,
)
from portal.core.authz import public, signed_in
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.forms import show_field_error
from portal.core.i18n import use_account_language
from portal.core.identity import Role, User
from portal.core.menu import LAST, register_layout_link, register_menu_entry
from portal.core.navigation import register_quiet_endpoint, see_other
from portal.core.signed_links import LinkProblem

bp = Blueprint("accounts", __name__)
bp.register_blueprint(team_bp)  # the lead's page of the team's accounts: accounts.team.*

LOGIN_LIMIT = ADDRESS_LIMIT
LINK_PROBLEM = "errors/link_problem.html"


def _sign_in(user: User) -> None:
    start_login_session(user)
    db.commit()
    login_user(user)
    note_sign_in(user)


def sign_in_user(user: User, next_value: str | None):
    """Sign `user` in and go on to the page they came for (or home)."""
    _sign_in(user)
    return see_other(next_page_url(next_value))


def _failed(response) -> bool:
    return response.status_code != 303


@bp.route("/login", methods=["GET", "POST"])
@password_throttle(account_in_form, _failed)  # only failures count
@public
def login():
    if current_user.is_authenticated:  # signed in in another tab meanwhile
        return see_other(next_page_url(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None and (user.mfa_enabled_at or mfa_required(user)):
            return begin_second_step(user, form.next.data)
        if user is not None:
            _sign_in(user)
            return see_other(next_page_url(form.next.data))
        form.email.errors.append(_("The e-mail address or the password is not right."))
    form.password.data = ""
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    end_login_session(current_user)
    db.commit()
    logout_user()
    flash(_("You have signed out."), "success")
    return see_other(url_for("accounts.login"))


@bp.route("/session/keep-alive", methods=["POST"])
@signed_in
def keep_alive():
    """The "stay signed in" button of the warning before the idle timeout."""
    keep_session_alive(current_user)
    db.commit()
    return "", 204


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.commit()
        flash(
            _(
                "If there is an account with this e-mail address, we have sent it a link to "
                "choose a new password. The link works once, for one hour."
            ),
            "success",
        )
        return see_other(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 422 if form.errors else 200


def _password_link_page(token: str, purpose: TokenPurpose, template: str, complete):
    """Check a one-time link, then show its choose-a-password form and `complete` it."""
    try:
        link = check_link_token(token, purpose)
    except LinkProblem as problem:
        return render_template(LINK_PROBLEM, reason=problem.reason, kind=purpose.value), 410
    use_account_language(link.user.locale)
    form = SetPasswordForm()
    form.known_user_inputs = (link.user.email, link.user.name)
    if form.validate_on_submit():
        return complete(link, form.password.data)
    status = 422 if form.errors else 200
    return render_template(template, form=form, user=link.user), status


def _leave_current_session() -> None:
    if current_user.is_authenticated:
        end_login_session(current_user)
        logout_user()


@bp.route("/password/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def reset_password_view(token: str):
    def complete(link, password):
        _leave_current_session()
        reset_password(link, password)
        db.commit()
        flash(_("Your new password is saved. Sign in with it now."), "success")
        return see_other(url_for("accounts.login"))

    return _password_link_page(
        token, TokenPurpose.PASSWORD_RESET, "accounts/reset_password.html", complete
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"], endpoint="accept_invitation")
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def accept_invitation_view(token: str):
    def complete(link, password):
        _leave_current_session()
        user = accept_invitation(link, password)
        if mfa_required(user):  # staff set up two-factor sign-in before they are in
            db.commit()
            flash(
                _("Welcome! Your password is saved. One more step: two-factor sign-in."), "success"
            )
            return begin_second_step(user, "")
        _sign_in(user)
        flash(_("Welcome! Your password is saved and you are signed in."), "success")
        return see_other(url_for("site.home"))

    return _password_link_page(
        token, TokenPurpose.INVITATION, "accounts/accept_invitation.html", complete
    )


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    profile = ProfileForm(prefix="profile", obj=current_user)
    if request.method == "GET":
        profile.language.data = current_user.locale or request.cookies.get("lang") or "da"
    password = ChangePasswordForm(prefix="password")
    if profile.validate_on_submit():
        update_profile(current_user, profile.name.data, profile.language.data, profile.digest.data)
        db.commit()
        flash(_("Your settings are saved."), "success")
        return see_other(url_for("accounts.account"))
    status = 422 if profile.errors else 200
    return render_template("accounts/account.html", profile=profile, password=password), status


@bp.route("/account/password", methods=["POST"])
@limiter.limit(LOGIN_LIMIT)
@password_throttle(signed_in_account, wrong_password_given)  # counted as failed sign-ins
@signed_in
def change_password_view():
    profile = ProfileForm(prefix="profile", formdata=None, obj=current_user)
    profile.language.data = current_user.locale or "da"
    password = ChangePasswordForm(prefix="password")
    password.known_user_inputs = (current_user.sign_in_name, current_user.name)
    if password.validate_on_submit():
        try:
            change_password(current_user, password.current_password.data, password.password.data)
        except AccountError as error:
            note_wrong_password()  # the only refusal change_password makes
            show_field_error(password, error)
        else:
            db.commit()
            flash(_("Your new password is saved. You are signed out on other devices."), "success")
            return see_other(url_for("accounts.account"))
    return render_template("accounts/account.html", profile=profile, password=password), 422


def init_app(app: Flask) -> None:
    """Invitations and the account in the menu; signing in and out, and keeping the session
    alive, in the layout (keep-alive is asked by portal.js alone)."""
    for role in (Role.SPECIALIST, Role.ADMIN):
        register_menu_entry(app, role, "accounts.invitations", _l("Invitations"), position=80)
    for role in Role:
        register_menu_entry(app, role, "accounts.account", _l("My account"), position=LAST)
    register_layout_link(app, "login", "accounts.login")
    register_layout_link(app, "logout", "accounts.logout")
    register_layout_link(app, "keep_alive", "accounts.keep_alive")
    register_layout_link(app, "forgot_password", "accounts.forgot_password")
    register_quiet_endpoint(app, "accounts.keep_alive")
    app.jinja_env.globals.update(
        eid_enabled=eid_enabled, eid_name=eid_name, eid_link_of=eid_link_of
    )


# Last, once `bp` exists: the invitations page's routes join this blueprint (its endpoints
# stay accounts.*), before create_app registers it.
from portal.accounts import (  # noqa: E402, F401
    eid_views,
    invitation_views,
    paper_views,
    passkey_views,
)
