"""Translated error pages without internals; htmx requests get a short alert instead.

Every handler first drops the failed request's transaction, so the page never reads from it.
A page that still cannot be drawn is drawn again for an anonymous visitor without the
database, and failing that, the static page of portal.core.last_resort is sent.
"""

import logging
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.core import last_resort
from portal.core.authz import NotAllowed
from portal.core.db import db, is_unique_violation
from portal.core.htmx import is_fragment_request
from portal.core.last_resort import DATABASE_UNAVAILABLE, last_resort_response, request_is_https
from portal.core.security import security_headers

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
    """Render a translated error page (or an alert for htmx) with the given status code; if
    that fails, draw it again without the database, and then send the static page."""
    try:
        return _render_error(code, title, message)
    except Exception:
        log.exception("The %s page failed; drawing it again without the database", code)
    stop_using_the_database()
    try:
        return _render_error(code, title, message)
    except Exception:
        log.exception("The %s page failed again; sending the static page", code)
    return last_resort_response(code)


def _render_error(code: int, title=None, message=None) -> Response:
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    context = {"code": code, "title": title or default_title, "message": message or default_message}
    if is_fragment_request():
        # Show the alert in the page's message region instead of wherever the swap aimed.
        response = make_response(render_template("errors/_alert.html", **context), code)
        response.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
    else:
        response = make_response(render_template("errors/error.html", **context), code)
    # Talisman adds these again after the handler; but if an after-request hook fails on an
    # error's answer, Flask sends it as it is, so it must carry them already.
    response.headers.update(security_headers(request_is_https(request.environ)))
    return response


def roll_back() -> bool:
    """Drop the transaction the failed request left (a failed one refuses every read with
    PendingRollbackError, and nothing half-done may be kept); return False if that failed."""
    if "db_session" not in g:
        return True  # the request never used the database
    try:
        db.rollback()
    except Exception:
        log.debug("Rollback after a failure failed too", exc_info=True)
        return False
    return True


def stop_using_the_database() -> None:
    """Let the rest of this request go on without the database: the failed transaction is
    dropped, and the page is drawn for an anonymous visitor, since drawing it for the user
    would have to load them from the database that just failed (and so fail again)."""
    roll_back()
    _as_anonymous()


def _as_anonymous() -> None:
    # Flask-Login keeps the request's user in g._login_user; an anonymous one there stops it
    # from asking the database again. The language is then chosen without the user's setting.
    g._login_user = current_app.login_manager.anonymous_user()
    refresh()


def _rolls_back_first(handler):
    """Wrap an error handler so it starts from a clean (or no) database session."""

    @wraps(handler)
    def handle(error):
        if not roll_back():
            _as_anonymous()
        return handler(error)

    return handle


def _handle_http(error: HTTPException):
    return render_error(error.code or 500)


def _handle_not_allowed(_error: NotAllowed):
    return render_error(403)


def _handle_csrf(_error: CSRFError):
    return render_error(400, *CSRF_MESSAGE)


def _handle_conflict(error: StaleDataError):
    # Two saves of the same rows at once (the version column): the later one lost, whole.
    log.info("Conflicting save on %s %s: %s", request.method, request.path, error)
    return render_error(409)


def _handle_integrity(error: IntegrityError):
    if is_unique_violation(error):  # the same thing saved twice at once; the first one won
        log.info("Duplicate save on %s %s", request.method, request.path)
        return render_error(409)
    log.exception("Integrity error on %s %s", request.method, request.path, exc_info=error)
    return render_error(500)


def _handle_database_down(error: Exception):
    orig = getattr(error, "orig", None)
    log.error("Database unavailable: %s", type(orig or error).__name__)
    log.debug("Database error detail", exc_info=error)
    stop_using_the_database()
    return render_error(503)


def _handle_unexpected(error: InternalServerError):
    original = getattr(error, "original_exception", None)
    if isinstance(original, DATABASE_UNAVAILABLE):
        return _handle_database_down(original)
    if isinstance(original, ServiceUnavailable):
        return render_error(503)
    log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=original)
    return render_error(500)


HANDLERS = [
    (CSRFError, _handle_csrf),
    (NotAllowed, _handle_not_allowed),
    (StaleDataError, _handle_conflict),
    (IntegrityError, _handle_integrity),
    *((error, _handle_database_down) for error in DATABASE_UNAVAILABLE),
    (InternalServerError, _handle_unexpected),
    (HTTPException, _handle_http),
]


def init_app(app: Flask) -> None:
    for error, handler in HANDLERS:
        app.register_error_handler(error, _rolls_back_first(handler))
    last_resort.init_app(app)
