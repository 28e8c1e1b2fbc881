"""Where sign-in returns someone: always a page they were on, never a piece of one.

A background request (the unread badge, a conversation's poll) is not a page: opened after
sign-in it shows an empty fragment, and the person believes the password was wrong.
"""

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.core.menu import layout_url
from portal.core.navigation import background_endpoints, safe_next_url


def _page_endpoint(path: str) -> str | None:
    """The endpoint a GET of `path` opens, or None when it opens no page of ours."""
    root = request.script_root
    if root and path.startswith(root + "/"):
        path = path[len(root) :]
    try:
        endpoint, _args = current_app.create_url_adapter(request).match(path, method="GET")
    except RequestRedirect as moved:  # a missing trailing slash: the page it points to
        return _page_endpoint(urlsplit(moved.new_url).path)
    except HTTPException:  # no such page, or one only posted to (sign-out, keep-alive)
        return None
    return endpoint


def next_page_url(target: str | None) -> str:
    """Return `target` when it is a local page one may open; else the home page."""
    url = safe_next_url(target)
    endpoint = _page_endpoint(urlsplit(url).path)
    if endpoint is None or endpoint in background_endpoints():
        return layout_url("home")
    return url


def _local_path(url: str | None) -> str | None:
    """The path (and query) of an absolute URL on this host, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def page_to_return_to() -> str:
    """The page the person was on when this request came: for htmx the address the browser
    shows, for a plain POST the same-origin page that sent it, for a plain GET the page."""
    if request.headers.get("HX-Request") == "true":
        candidate = _local_path(request.headers.get("HX-Current-URL"))
    elif request.method in ("GET", "HEAD"):
        candidate = request.full_path.rstrip("?")
    else:
        candidate = _local_path(request.referrer)
    return next_page_url(candidate)
