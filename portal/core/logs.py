"""Logging: one JSON object per line in production, and one line per request with nothing
in it that points at a person.

The line names the route pattern (`/clients/<int:client_id>/goals`), never the address that
was asked for, so no id, one-time token or search word reaches the log; it leaves out the IP
address and the browser too. Who looked at whose data is the access log's job (audit.py),
kept in the database where it can be shown to the client and purged on time.
"""

import logging
import re
import time
import uuid

from flask import Flask, current_app, g, request
from pythonjsonlogger.json import JsonFormatter

log = logging.getLogger("portal.request")
# A request id from the reverse proxy is kept, so its log and ours can be matched up.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _start_timer() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex


def log_quietly(app: Flask, endpoint: str) -> None:
    """Log `endpoint`'s requests at debug level only: a feature registers its probes, which the
    load balancer calls every few seconds and which would drown the rest."""
    app.extensions.setdefault("quiet_in_log", set()).add(endpoint)


def _log_request(response):
    started = g.get("request_started")
    # Only a user this request already loaded: looking one up here would cost a static file
    # a database query. (Flask-Login keeps the loaded user in g._login_user.)
    user = g.get("_login_user")
    role = getattr(getattr(user, "role", None), "value", None)
    quiet = current_app.extensions.get("quiet_in_log", ())
    level = logging.DEBUG if request.endpoint in quiet else logging.INFO
    fields = {
        "request_id": g.get("request_id"),
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "bytes": response.calculate_content_length(),
        "role": role or "anonymous",
        "htmx": request.headers.get("HX-Request") == "true",
    }
    # The message repeats the main fields, so a plain-text log reads well too.
    message = "%(method)s %(route)s %(status)s %(duration_ms)s ms"
    log.log(level, message, fields, extra=fields)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def make_formatter(kind: str) -> logging.Formatter:
    """`json` for a log collector (production's default), `text` for a person reading."""
    if kind == "json":
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")


def configure_logging(app: Flask) -> None:
    """Send the portal's log to standard error (the tests and the debugger bring their own)."""
    if app.debug or app.testing:
        return
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(make_formatter(app.config["LOG_FORMAT"]))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    # Registered before the other after-request hooks, so it runs last and sees the final
    # status and the compressed size.
    app.after_request(_log_request)
