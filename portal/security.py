"""Security headers, cookie flags, and one-time links kept out of every log."""

import logging
import re

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.extensions import csrf, limiter, talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
FRAME_OPTIONS = "DENY"
# Flask-WTF checks over HTTPS that a form was sent from a page of this site, by its Referer.
# "no-referrer" sent none, so every form failed behind TLS; "same-origin" sends it to this site
# only, so no address (a check-in link's token, a client's page) ever reaches another site,
# and the check still holds (README, "The reverse proxy").
REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = {"geolocation": "()", "camera": "()", "microphone": "()"}
HSTS_MAX_AGE = 63072000


def security_headers(https: bool) -> list[tuple[str, str]]:
    """Return the headers every answer carries, from the settings talisman is given: for an
    answer made where talisman's after-request hook does not run (the last-resort error page)."""
    headers = [
        (
            "Content-Security-Policy",
            "; ".join(f"{k} {v}" for k, v in CONTENT_SECURITY_POLICY.items()),
        ),
        ("X-Frame-Options", FRAME_OPTIONS),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
        ("Permissions-Policy", ", ".join(f"{k}={v}" for k, v in PERMISSIONS_POLICY.items())),
        ("Cache-Control", "no-store"),
    ]
    if https:  # as talisman: HSTS only means something on an answer sent over HTTPS
        headers.append(("Strict-Transport-Security", f"max-age={HSTS_MAX_AGE}; includeSubDomains"))
    return headers


# The secret part of a one-time link: invitation, password reset, employer check-in.
TOKEN_IN_PATH = re.compile(r"(/(?:invitation|password/reset|check-in)/)[^\s/?\"']+")
# The development mail log shows whole e-mails on purpose (refused in production).
UNREDACTED_LOGGERS = {"portal.outbox"}
_make_record = logging.getLogRecordFactory()


def _redacting_record(*args, **kwargs) -> logging.LogRecord:
    """Every log record, from any library (werkzeug's and gunicorn's request lines too), has
    one-time link tokens replaced before any handler sees it."""
    record = _make_record(*args, **kwargs)
    if record.name in UNREDACTED_LOGGERS:
        return record
    message = record.getMessage()
    redacted = TOKEN_IN_PATH.sub(r"\1[redacted]", message)
    if redacted != message:
        record.msg, record.args = redacted, None
    return record


def init_app(app: Flask) -> None:
    logging.setLogRecordFactory(_redacting_record)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf.init_app(app)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=False,  # TLS ends at the reverse proxy; HSTS is still sent over HTTPS
        strict_transport_security=True,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        strict_transport_security_include_subdomains=True,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options=FRAME_OPTIONS,
        referrer_policy=REFERRER_POLICY,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        permissions_policy=PERMISSIONS_POLICY,
    )

    @app.after_request
    def _no_store(response):
        # Pages may carry personal data or form tokens: never keep them in any cache.
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
