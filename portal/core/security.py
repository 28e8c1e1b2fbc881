"""Security headers, cookie flags, and one-time links, e-mail and IP addresses kept out of
every log."""

import ipaddress
import logging
import re
from urllib.parse import urlsplit

from flask import Flask, request
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.core.extensions import csrf, limiter

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


def content_security_policy(config) -> dict:
    """The policy, with the eID broker (when there is one) as a place a form may lead: the
    form that starts an eID sign-in answers with a redirect there, and Chromium holds that
    redirect to form-action too."""
    policy = dict(CONTENT_SECURITY_POLICY)
    issuer = urlsplit(config.get("EID_ISSUER") or "")
    if issuer.scheme and issuer.netloc:
        policy["form-action"] = f"'self' {issuer.scheme}://{issuer.netloc}"
    return policy


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
# The eID broker's answer in a query string (the code and state it sends the browser back with).
OIDC_ANSWER = re.compile(r"([?&](?:code|state|session_state)=)[^&\s\"']+")
# An e-mail address, also URL-encoded in a logged query string (%40 for @).
EMAIL_ADDRESS = re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
# Candidates only: each is checked with ipaddress, so a time such as 01:11:37 stays.
IPV6_CANDIDATE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*(?![\w:])")
IPV4_CANDIDATE = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w])")
# PostgreSQL's error detail repeats the refused row's values ("Failing row contains (...)",
# "Key (email)=(...)"): a name in it is no pattern to find, so the whole line goes.
DATABASE_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)
# The development mail log shows whole e-mails on purpose (refused in production).
UNREDACTED_LOGGERS = {"portal.core.outbox.mail"}
# SQLAlchemy's echo at DEBUG logs each row read ("Row (...)"): names are no pattern to find.
ROW_LOGGER, ROW_MESSAGE = "sqlalchemy.engine", "Row %r"
_make_record = logging.getLogRecordFactory()
_traceback_formatter = logging.Formatter()


def _ip_or_text(match: re.Match) -> str:
    found = match.group(0)
    # Also an address just before a colon, as in "ip=2001:db8::7: bad request".
    for candidate, rest in ((found, ""), (found[:-1], found[-1:])):
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            continue
        return "[ip]" + rest
    return found


def redact(text: str) -> str:
    """Return `text` without one-time link tokens (an eID answer's code too), e-mail
    addresses or IP addresses."""
    text = TOKEN_IN_PATH.sub(r"\1[redacted]", text)
    if "=" in text:
        text = OIDC_ANSWER.sub(r"\1[redacted]", text)
    if "@" in text or "%40" in text:
        text = EMAIL_ADDRESS.sub("[e-mail]", text)
    if ":" in text:
        text = IPV6_CANDIDATE.sub(_ip_or_text, text)
    return IPV4_CANDIDATE.sub(_ip_or_text, text)


def _redacting_record(*args, **kwargs) -> logging.LogRecord:
    """Every log record, from any library (werkzeug's and gunicorn's request lines,
    Flask-Limiter's, an exception naming a refused recipient), has one-time link tokens,
    e-mail addresses and IP addresses replaced before any handler sees it."""
    record = _make_record(*args, **kwargs)
    if record.name in UNREDACTED_LOGGERS:
        return record
    if record.msg == ROW_MESSAGE and record.name.startswith(ROW_LOGGER):
        record.msg, record.args = "Row [redacted]", None
        return record
    try:
        message = record.getMessage()
    except Exception:  # a bad format string is the handler's to report
        return record
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, None
    if record.exc_info and record.exc_info[0] is not None:
        # The traceback ends in the exception's message, which may quote what was refused.
        # Drawn as text now, redacted, and kept as exc_text (every formatter prints it).
        traceback = _traceback_formatter.formatException(record.exc_info)
        redacted = DATABASE_DETAIL.sub("DETAIL: [redacted]", redact(traceback))
        if redacted != traceback:
            record.exc_info, record.exc_text = None, redacted
    return record


def init_app(app: Flask) -> None:
    logging.setLogRecordFactory(_redacting_record)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf.init_app(app)
    limiter.init_app(app)
    # One Talisman per app, not one shared: it keeps its settings on itself, and each app's
    # policy is its own (the eID broker's address; the tests run several apps in one process).
    app.extensions["talisman"] = Talisman(
        app,
        force_https=False,  # TLS ends at the reverse proxy; HSTS is still sent over HTTPS
        strict_transport_security=True,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        strict_transport_security_include_subdomains=True,
        content_security_policy=content_security_policy(app.config),
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
