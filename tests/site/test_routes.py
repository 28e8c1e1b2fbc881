"""Every route is public or protected, anonymous visitors are kept out, and errors are safe."""

import re

import pytest
from flask import abort

from portal.core.authz import PROTECTED, PUBLIC
from portal.core.navigation import quiet_endpoints
from tests.database import make_test_app
from tests.helpers import csrf_token_from, sign_in

# Public routes, each with why anonymous visitors need it.
EXPECTED_PUBLIC = {
    "static",  # stylesheet, scripts, icon
    "accounts.login",
    "accounts.forgot_password",
    "accounts.reset_password",  # the link in the reset e-mail
    "accounts.accept_invitation",  # the link in the invitation e-mail
    "accounts.code_login",  # the first sign-in with a code on paper, for a participant
    "accounts.passkey_sign_in_options",  # signing in with a passkey: its challenge
    "accounts.passkey_sign_in",
    "accounts.eid_sign_in",  # signing in with national eID: on to the broker,
    "accounts.eid_return",  # and back from it with its answer
    "accounts.eid_with_code",  # linking eID with the code on paper, instead of a password
    "intake.teams",  # "I would like to work": anyone may ask, without an account
    "intake.ask",
    "intake.thanks",
    "checkins.answer_by_link",  # the employer's check-in link: no account needed
    "mfa.code",  # the second step of signing in: only for someone half signed in
    "mfa.setup",  # staff's first two-factor set-up, the same
    "site.change_language",  # choosing a language before signing in
    "site.accessibility",
    "site.healthz",
    "site.readyz",
}


def classified(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        access = PUBLIC if rule.endpoint == "static" else getattr(view, "access", None)
        yield rule, access


def example_url(rule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "1" if "int:" in m.group(0) else "x", rule.rule)


def test_every_route_is_classified(app):
    unclassified = [
        rule.rule for rule, access in classified(app) if access not in (PUBLIC, PROTECTED)
    ]
    assert unclassified == []
    public = {rule.endpoint for rule, access in classified(app) if access == PUBLIC}
    assert public == EXPECTED_PUBLIC


def test_anonymous_visitors_never_reach_a_protected_route(app, client):
    protected = [rule for rule, access in classified(app) if access == PROTECTED]
    assert len(protected) >= 5
    # A valid CSRF token, so that the refusal comes from the sign-in check and not from CSRF.
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    for rule in protected:
        url = example_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if method != "GET" else None
            response = client.open(url, method=method, data=data)
            if rule.endpoint in quiet_endpoints(app):
                # Only the page's own script asks these: a bare 401 that moves no page.
                assert response.status_code == 401, (method, url)
                assert "HX-Redirect" not in response.headers and "Location" not in response.headers
                assert response.headers["HX-Trigger"] == "session-ended"
                continue
            assert response.status_code in (302, 303), (method, url, response.status_code)
            assert response.headers["Location"].startswith("/login"), (method, url)
            headers = {"HX-Request": "true", "X-CSRFToken": token}
            fragment = client.open(url, method=method, headers=headers)
            assert fragment.status_code == 401, (method, url)
            assert fragment.headers["HX-Redirect"].startswith("/login")


def test_a_role_guard_answers_403_in_the_users_language(client, people):
    sign_in(client, people["client_a"].email)
    client.set_cookie("lang", "sv")
    response = client.get("/invitations")
    assert response.status_code == 403
    assert '<html lang="da">' not in response.get_data(as_text=True)


def test_pages_have_no_inline_scripts_or_styles(client, people):
    sign_in(client, people["specialist_a"].email)
    for url in ["/", "/account", "/invitations", "/accessibility"]:
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers
        assert "http://" not in html.replace("http://localhost", "") and "https://" not in html


def test_static_files_are_served_and_may_be_cached(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert client.get("/static/css/portal.css").status_code == 200


def test_404_page_is_translated_and_plain(client):
    client.set_cookie("lang", "sv")
    response = client.get("/does/not/exist")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="sv">' in html
    assert "Vi kunde inte hitta sidan" in html


@pytest.fixture
def failing_app(database_url):
    app = make_test_app(database_url)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail /srv/portal/db.py SELECT password_hash FROM users")

    @app.route("/down")
    def down():
        abort(503)

    for view in (boom, down):
        view.access = PUBLIC
    return app


def test_500_page_shows_no_internals(failing_app):
    client = failing_app.test_client()
    client.set_cookie("lang", "en")
    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    for leak in ("secret detail", "Traceback", "SELECT", "/srv/portal", "RuntimeError"):
        assert leak not in html


def test_errors_in_htmx_requests_become_an_alert_in_the_message_region(failing_app):
    client = failing_app.test_client()
    client.set_cookie("lang", "da")
    response = client.get("/down", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response.headers["HX-Retarget"] == "#flash"
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'role="alert"' in html


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok"}
