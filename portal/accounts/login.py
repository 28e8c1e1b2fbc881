"""Flask-Login set-up: users are loaded through their server-side sign-in session."""

from flask import Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from portal.accounts.services import load_user_by_login_token
from portal.extensions import login_manager
from portal.htmx import is_fragment_request


def _unauthorised():
    login_url = url_for("accounts.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true" or is_fragment_request():
        # A whole login page swapped into a corner helps nobody: send the browser there.
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url, code=303 if request.method != "GET" else 302)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.user_loader(load_user_by_login_token)
    login_manager.unauthorized_handler(_unauthorised)
