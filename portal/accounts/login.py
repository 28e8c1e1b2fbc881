"""Flask-Login set-up: users are loaded through their server-side sign-in session, and a
session that has ended neither traps the page nor loses what the person wrote."""

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts.next_page import page_to_return_to
from portal.accounts.sessions import load_user_by_login_token
from portal.core.authz import PROTECTED
from portal.core.db import db
from portal.core.extensions import login_manager
from portal.core.held_forms import (
    HOLD_ONLY_FIELD,
    add_held_page,
    form_fields_to_hold,
    hold_form,
    note_held_pages,
)
from portal.core.htmx import is_fragment_request
from portal.core.navigation import background_endpoints, quiet_endpoints, see_other

# Whose session ended in this browser (set when the server finds it expired): a form sent
# after that, from a page that did not know yet, is held for that account.
ENDED_USER_KEY = "ended_user"


def _hold_for_ended_session(page: str) -> None:
    user_id = g.get("ended_user_id") or session.get(ENDED_USER_KEY)
    if isinstance(user_id, int) and hold_form(user_id, page, form_fields_to_hold()):
        db.commit()
        flash(_l("What you wrote is kept. Sign in again and it will be back on the page."), "info")


def _unauthorised():
    if g.get("session_expired"):
        flash(_l("You were signed out because the portal was not used for a while."), "info")
    if request.endpoint in quiet_endpoints():
        # The page asked by itself (or portal.js on its behalf): moving the whole page to the
        # sign-in form would take a half-written message with it. portal.js shows a notice.
        return "", 401, {"HX-Trigger": "session-ended"}
    page = page_to_return_to()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        _hold_for_ended_session(page)
    login_url = url_for("accounts.login", next=page)
    if request.headers.get("HX-Request") == "true" or is_fragment_request():
        # A whole login page swapped into a corner helps nobody: send the browser there.
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url, code=303 if request.method != "GET" else 302)


def _hold_only():
    """Hold a form that "Sign in again" sent with text typed in: keep it, never save it.

    Still signed in (another tab signed in meanwhile): hold it anyway, show the page again."""
    if request.method != "POST" or HOLD_ONLY_FIELD not in request.form:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "access", None) != PROTECTED:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    page = page_to_return_to()
    if hold_form(current_user.id, page, form_fields_to_hold()):
        db.commit()
        add_held_page(page)
    return see_other(page)


def _load_user(raw: str):
    user = load_user_by_login_token(raw, active=request.endpoint not in background_endpoints())
    if g.get("ended_user_id"):
        session[ENDED_USER_KEY] = g.ended_user_id
    return user


def note_sign_in(user) -> None:
    """Someone signed in: the ended session's account no longer speaks for this browser, and
    the pages with a form held for this account will fill it in."""
    session.pop(ENDED_USER_KEY, None)
    note_held_pages(user.id)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorised)
    # After the CSRF check (portal.core.security registers it first): a hold is a real form post.
    app.before_request(_hold_only)
