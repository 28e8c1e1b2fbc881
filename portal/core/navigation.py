"""Where to send a person next: only ever to a path on this site."""

from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, url_for

from portal.core.menu import layout_url


def safe_next_url(target: str | None, default_endpoint: str | None = None) -> str:
    """Return `target` when it is a local path, otherwise the default page (no open redirect):
    `default_endpoint`, or the home page the layout links to."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint) if default_endpoint else layout_url("home")


def see_other(url: str):
    """Answer a finished POST with a 303, so reloading the page does not send it again."""
    return redirect(url, code=303)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail or a calendar file, built on PUBLIC_URL alone: never on
    the request's Host or X-Forwarded-Host header, which an attacker sets at will to make a
    reset or invitation link point to their own site. Works without a request (the CLI)."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        # config.py always sets it (a default outside production), so this is a bad override.
        raise RuntimeError("PUBLIC_URL is not set; e-mailed links need the portal's address")
    with current_app.test_request_context("/", base_url=base):
        return url_for(endpoint, _external=True, **values)


def register_background_endpoint(app: Flask, endpoint: str) -> None:
    """Mark a request the page makes by itself (a poll): not the person being active, not a
    page to return to after sign-in, and answered with a bare 401 once the session ended."""
    app.extensions.setdefault("portal.background_endpoints", set()).add(endpoint)
    register_quiet_endpoint(app, endpoint)


def register_quiet_endpoint(app: Flask, endpoint: str) -> None:
    """Mark a request only the page's script makes: once the session ended it gets a bare
    401 (portal.js shows a notice) instead of moving the page to the sign-in form."""
    app.extensions.setdefault("portal.quiet_endpoints", set()).add(endpoint)


def background_endpoints(app: Flask | None = None) -> frozenset[str]:
    app = app or current_app
    return frozenset(app.extensions.get("portal.background_endpoints", ()))


def quiet_endpoints(app: Flask | None = None) -> frozenset[str]:
    app = app or current_app
    return frozenset(app.extensions.get("portal.quiet_endpoints", ()))
