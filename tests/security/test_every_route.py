"""S10/S11/P7 over every route: for every role, with and without htmx, whatever the answer
(a page, a fragment, a download, a redirect, 403, 404), the security headers are there, and
no HTML answer carries inline script or style or refers to another host."""

import re

from tests.conftest import signed_in

CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
PEOPLE = (None, "client_a", "specialist_a", "employer", "admin")


def get_urls(app, ids: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        urls.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule))
    return urls


def assert_safe(response, where) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    for directive in CSP_DIRECTIVES:
        assert directive in csp, (where, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    assert "no-store" in headers.get("Cache-Control", ""), where
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", html), where
        assert "<style" not in html and " style=" not in html, where
        assert not re.search(r"\son[a-z]+=", html), where
        assert not re.search(r"(src|href)=\"(https?:)?//", html), where  # P7: no other host


def test_headers_on_every_route_for_every_role(app, make_client, people, anna_things):
    ids = {
        **anna_things,
        "token": "not-a-token",
        "team_id": people["team"].id,
        "employer_id": people["employer"].employer_id,
        "user_id": people["client_a"].id,
        "entry_id": 1,
        "contact_id": people["employer"].id,
    }
    urls = get_urls(app, ids)
    assert len(urls) >= 40
    statuses = set()
    for who in PEOPLE:
        browser = signed_in(make_client, people, who) if who else make_client()
        for url in urls:
            for headers in ({}, {"HX-Request": "true"}):
                response = browser.get(url, headers=headers)
                statuses.add(response.status_code)
                assert response.status_code < 500, (who, url)
                assert_safe(response, (who, url, headers))
    # Every kind of answer was seen: pages, redirects to sign in, refusals, missing things.
    assert {200, 302, 403, 404} <= statuses


def test_static_files_are_cacheable_but_still_sniff_safe(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
