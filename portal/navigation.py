"""Where to send a person next: only ever to a path on this site."""

from urllib.parse import urlsplit

from flask import redirect, url_for


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
