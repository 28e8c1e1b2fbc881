"""Translated error pages without internals; htmx requests get a short alert instead."""

import logging

from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.authz import NotAllowed
from portal.db import db
from portal.htmx import is_fragment_request

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in the request was wrong"), _l("Please go back and try again.")),
    403: (
        _l("This page is not for your account"),
        _l("Your account does not have access to this."),
    ),
    404: (
        _l("We could not find that page"),
        _l("The address may be mistyped, or the page may have moved."),
    ),
    405: (_l("That did not work"), _l("Please go back and try again.")),
    409: (
        _l("Someone else saved a change at the same time"),
        _l("Nothing was lost. Please look at the newer version and try again."),
    ),
    410: (_l("This link no longer works"), _l("Please ask for a new link.")),
    413: (_l("That was too much to send"), _l("Please send less at a time.")),
    422: (_l("Please check what you wrote"), _l("Something in the form needs a change.")),
    429: (
        _l("Too many attempts"),
        _l("Please wait a few minutes and try again. This protects your account."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("It is not your fault. Please try again in a moment."),
    ),
    503: (
        _l("The portal is resting for a moment"),
        _l(
            "We cannot reach our data right now. Nothing you sent was saved. Please try again soon."
        ),
    ),
}
CSRF_MESSAGE = (
    _l("The form had expired"),
    _l("For your safety, forms stop working after a while. Please go back, reload and try again."),
)


def render_error(code: int, title=None, message=None):
    """Render a translated error page (or an alert for htmx) with the given status code."""
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    context = {"code": code, "title": title or default_title, "message": message or default_message}
    if is_fragment_request():
        # Show the alert in the page's message region instead of wherever the swap aimed.
        headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return render_template("errors/_alert.html", **context), code, headers
    return render_template("errors/error.html", **context), code


def _handle_http(error: HTTPException):
    return render_error(error.code or 500)


def _handle_not_allowed(_error: NotAllowed):
    return render_error(403)


def _handle_csrf(_error: CSRFError):
    return render_error(400, *CSRF_MESSAGE)


def stop_using_the_database() -> None:
    """Let the rest of this request go on without the database: the failed transaction is
    dropped, and the page is drawn for an anonymous visitor, since drawing it for the user
    would have to load them from the database that just failed (and so fail again)."""
    try:
        db.rollback()
    except SQLAlchemyError:
        log.debug("Rollback after a database failure failed too", exc_info=True)
    # Flask-Login keeps the request's user in g._login_user; an anonymous one there stops it
    # from asking the database again.
    g._login_user = current_app.login_manager.anonymous_user()


def _handle_database_down(error: OperationalError):
    log.error("Database unavailable: %s", type(error.orig).__name__ if error.orig else error)
    log.debug("Database error detail", exc_info=error)
    stop_using_the_database()
    return render_error(503)


def _handle_unexpected(error: InternalServerError):
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError):
        return _handle_database_down(original)
    if isinstance(original, ServiceUnavailable):
        return render_error(503)
    log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=original)
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(NotAllowed, _handle_not_allowed)
    app.register_error_handler(OperationalError, _handle_database_down)
    app.register_error_handler(InternalServerError, _handle_unexpected)
    app.register_error_handler(HTTPException, _handle_http)
