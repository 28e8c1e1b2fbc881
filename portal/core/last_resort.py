"""The last resort: when even the error page fails, a static page in all three languages.

The translated error pages need templates, Babel, the signed-in user and often the database;
any of them may be what failed. The static pages in static/errors/ need none of them (nginx
serves the same files for its own errors), and the security headers come from
security_headers(), since talisman's after-request hook does not run for an answer made here.
"""

import logging
import sys
from pathlib import Path

from flask import Flask, Response, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from portal.core.security import security_headers

log = logging.getLogger(__name__)

PAGES = Path(__file__).parent.parent / "static" / "errors"
# Errors that mean "the database cannot be reached now" (503), not "the portal is broken" (500).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
# Read once at start-up: when the page is needed, even the disk may be part of the trouble.
_PAGES: dict[int, bytes] = {}


def load_pages() -> None:
    """Read every static error page (500.html, 503.html, ...) into memory."""
    for path in PAGES.glob("[0-9][0-9][0-9].html"):
        _PAGES[int(path.stem)] = path.read_bytes()
    if not {500, 503} <= _PAGES.keys():
        raise RuntimeError(f"static error pages 500.html and 503.html missing in {PAGES}")


def status_for(error: BaseException | None) -> int:
    """503 when the database is behind the error (or behind the error it caused), else 500."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return 503
        seen.add(id(error))
        error = getattr(error, "original_exception", None) or error.__context__
    return 500


def static_page(code: int, https: bool, fragment: bool) -> tuple[int, list, bytes]:
    """Return (status, headers, body) of the static page for `code` (the 500 page when there
    is none: what failed then was the portal, whatever the first error was)."""
    if code not in _PAGES:
        code = 500
    body = _PAGES[code]
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *security_headers(https),
    ]
    if fragment:  # as errors.render_error: htmx shows it in the message region
        headers += [("HX-Retarget", "#flash"), ("HX-Reswap", "innerHTML")]
    return code, headers, body


def last_resort_response(code: int) -> Response:
    """The static page as a Flask response, for an error handler whose own page failed."""
    status, headers, body = static_page(
        code, request_is_https(request.environ), _fragment(request.environ)
    )
    return Response(body, status=status, headers=headers)


def request_is_https(environ: dict) -> bool:
    """Talisman's rule for HSTS: the request came over HTTPS, or the proxy says it did."""
    return (
        environ.get("wsgi.url_scheme") == "https"
        or environ.get("HTTP_X_FORWARDED_PROTO", "http") == "https"
    )


def _fragment(environ: dict) -> bool:
    # portal.core.htmx.is_fragment_request, read from the environ: the request may be gone.
    return environ.get("HTTP_HX_REQUEST") == "true" and "true" not in (
        environ.get("HTTP_HX_BOOSTED"),
        environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST"),
    )


class LastResort:
    """WSGI middleware: any exception that escapes Flask becomes the static page."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = False

        def note_start(status, headers, exc_info=None):
            nonlocal started
            started = True
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, note_start)
        except Exception as error:
            if self._propagate():
                raise  # tests and the debugger want the exception itself
            log.critical(
                "The error page failed on %s %s; the static page was sent",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                exc_info=error,
            )
            status, headers, body = static_page(
                status_for(error), request_is_https(environ), _fragment(environ)
            )
            reason = "Service Unavailable" if status == 503 else "Internal Server Error"
            # If a failed answer had begun, exc_info lets these headers replace its own.
            start_response(f"{status} {reason}", headers, sys.exc_info() if started else None)
            return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _propagate(self) -> bool:
        propagate = self.app.config["PROPAGATE_EXCEPTIONS"]
        return (self.app.testing or self.app.debug) if propagate is None else propagate


def init_app(app: Flask) -> None:
    load_pages()
    # Wrapped last, so it is outermost (around ProxyFix too) and catches whatever escapes.
    app.wsgi_app = LastResort(app, app.wsgi_app)
