"""Flask-Login set-up: users are loaded through their server-side sign-in session."""

from flask import Flask, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from portal.accounts.services import load_user_by_login_token
from portal.extensions import login_manager
from portal.htmx import is_fragment_request


def _unauthorised():
    if g.get("session_expired"):
        flash(_l("You were signed out because the portal was not used for a while."), "info")
    login_url = url_for("accounts.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true" or is_fragment_request():
        # A whole login page swapped into a corner helps nobody: send the browser there.
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url, code=303 if request.method != "GET" else 302)


# Requests the page makes by itself (polling): they are not the user being active.
BACKGROUND_ENDPOINTS = {"messaging.poll", "messaging.badge"}


def _load_user(raw: str):
    return load_user_by_login_token(raw, active=request.endpoint not in BACKGROUND_ENDPOINTS)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorised)
