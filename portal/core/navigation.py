"""Where to send a person next: only ever to a path on this site."""

from urllib.parse import urlsplit

from flask import current_app, redirect, url_for


def safe_next_url(target: str | None, default_endpoint: str = "site.home") -> str:
    """Return `target` when it is a local path, otherwise the default page (no open redirect)."""
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
    return url_for(default_endpoint)


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
