"""S10/S11/P7 over every route: for every role, with and without htmx, whatever the answer
(a page, a fragment, a download, a redirect, 403, 404), the security headers are there, and
no HTML answer carries inline script or style or refers to another host."""

import re

import pytest
from flask import request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound, RequestEntityTooLarge, TooManyRequests

from portal.core import last_resort
from tests.database import make_test_app
from tests.helpers import csrf_token_from, signed_in

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


def test_headers_on_every_route_for_every_role(app, make_client, people, login_as, anna_things):
    ids = {
        **anna_things,
        "token": "not-a-token",
        "team_id": people["team"].id,
        "employer_id": people["employer"].employers[0].id,
        "user_id": people["client_a"].id,
        "entry_id": 1,
        "contact_id": people["employer"].id,
    }
    urls = get_urls(app, ids)
    assert len(urls) >= 40
    statuses = set()
    for who in PEOPLE:
        browser = login_as(who) if who else make_client()
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


# An error of each kind, raised before anything else on the request (CSRF included).
INJECTED = {
    "404": NotFound,
    "409": lambda: StaleDataError("UPDATE statement on table 'goals' matched 1 of 2 rows"),
    "413": RequestEntityTooLarge,
    "429": TooManyRequests,
    "500": lambda: RuntimeError("a bug"),
    "503": lambda: OperationalError("UPDATE", {}, Exception("database is locked")),
}


STATIC_PAGES = {int(page.stem) for page in last_resort.PAGES.glob("[0-9][0-9][0-9].html")}


@pytest.fixture
def erring_app(app, database_url):
    """The portal as in production (errors answered, not raised), failing on request: the
    X-Fail header names the error, X-Break-Page makes the error page's own drawing fail."""
    erring = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)

    def fail_as_asked():
        if kind := request.headers.get("X-Fail"):
            raise INJECTED[kind]()

    def break_the_page():
        if request.headers.get("X-Break-Page"):
            raise RuntimeError("the error page's context failed")
        return {}

    erring.before_request_funcs.setdefault(None, []).insert(0, fail_as_asked)
    erring.template_context_processors[None].append(break_the_page)
    yield erring
    erring.extensions["db_engine"].dispose()


def test_every_error_on_every_route_and_method_has_every_header(erring_app, people):
    """R10 with S10: 404, 405, 409, 413, 429, 500 and 503 on every route, also when the error
    page itself cannot be drawn (the static last-resort page), each with every header."""
    browser = signed_in(erring_app.test_client, people, "specialist_a")
    statuses = set()
    for n, rule in enumerate(erring_app.url_map.iter_rules()):
        url = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule)
        htmx = {"HX-Request": "true"} if n % 2 else {}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for kind in INJECTED:
                for broken in ({}, {"X-Break-Page": "yes"}):
                    response = browser.open(
                        url, method=method, headers={"X-Fail": kind, **htmx, **broken}
                    )
                    where = (method, url, kind, broken)
                    # Without its page, the static page of its own status, or else 500.
                    expected = int(kind) if not broken or int(kind) in STATIC_PAGES else 500
                    assert response.status_code == expected, where
                    assert_safe(response, where)
                    statuses.add(response.status_code)
        for method in {"GET", "POST", "PUT", "DELETE"} - rule.methods:  # 405, or another rule's
            response = browser.open(url, method=method, headers=htmx)
            assert response.status_code < 500, (method, url)
            assert_safe(response, (method, url))
            statuses.add(response.status_code)
    # And the real ones: a body too large, then too many sign-in attempts.
    too_large = browser.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert too_large.status_code == 413
    assert_safe(too_large, "413")
    stranger = erring_app.test_client()
    form = {
        "csrf_token": csrf_token_from(stranger.get("/login").get_data(as_text=True)),
        "email": people["client_a"].email,
        "password": "wrong-password-1",
    }
    answers = [stranger.post("/login", data=form) for _ in range(8)]
    assert 429 in {answer.status_code for answer in answers}
    for answer in answers:
        assert_safe(answer, ("POST", "/login", answer.status_code))
    assert {404, 405, 409, 413, 429, 500, 503} <= statuses
