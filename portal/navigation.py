"""Where to send a person next: only ever to a path on this site."""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, redirect, url_for


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
    """An absolute link for an e-mail, built on PUBLIC_URL and never on the request's Host
    header (which an attacker could set to make a reset link point to their own site)."""
    base = current_app.config.get("PUBLIC_URL")
    if base is None and has_request_context():
        return url_for(endpoint, _external=True, **values)  # development without PUBLIC_URL
    with current_app.test_request_context("/", base_url=base or "http://127.0.0.1:5000"):
        return url_for(endpoint, _external=True, **values)
