"""Signing in and out: right and wrong credentials, redirects, revoked sessions, CSRF."""

from sqlalchemy import func, select

from portal.accounts.models import LoginSession
from portal.core.db import db
from portal.core.identity import Role
from tests.factories import TEST_PASSWORD, make_user
from tests.helpers import csrf_token_from, post_form, sign_in


def test_each_role_lands_on_its_own_home_page(client, people, make_client):
    expected = {
        "client_a": "Your employment specialist is Sofie Specialist.",
        "specialist_a": "Your caseload",
        "employer": "You are the contact person for Testfirma ApS.",
        "admin": "IPS teams",
    }
    for key, text in expected.items():
        browser = make_client()
        browser.set_cookie("lang", "en")
        response = sign_in(browser, people[key].email)
        assert response.headers["Location"] == "/"
        page = browser.get("/").get_data(as_text=True)
        assert text in page, key


def test_wrong_password_and_unknown_email_get_the_same_message(client, people):
    client.set_cookie("lang", "en")
    wrong = post_form(client, "/login", {"email": people["client_a"].email, "password": "x" * 14})
    unknown = post_form(client, "/login", {"email": "nobody@example.org", "password": "x" * 14})
    for response in (wrong, unknown):
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "The e-mail address or the password is not right." in html
        assert "x" * 14 not in html  # the password is never sent back
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)  # kept for a retry
    assert client.get("/").status_code == 302


def test_an_invited_account_without_password_cannot_sign_in(client, app, people):
    with app.app_context():
        user = make_user(Role.CLIENT, "new@example.org", specialist=people["specialist_a"])
        user.password_hash = None
        db.commit()
    response = post_form(client, "/login", {"email": "new@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 422


def test_email_is_matched_without_regard_to_case_and_spaces(client, people):
    response = post_form(
        client, "/login", {"email": "  Client.A@Example.org ", "password": TEST_PASSWORD}
    )
    assert response.status_code == 303


def test_next_goes_to_a_local_page_but_never_to_another_site(client, people, make_client):
    for target, expected in [
        ("/account", "/account"),
        ("https://evil.example/x", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
    ]:
        browser = make_client()
        html = browser.get("/login").get_data(as_text=True)
        response = browser.post(
            "/login",
            data={
                "csrf_token": csrf_token_from(html),
                "email": people["client_a"].email,
                "password": TEST_PASSWORD,
                "next": target,
            },
        )
        assert response.status_code == 303
        assert response.headers["Location"] == expected, target


def test_protected_page_sends_anonymous_visitor_to_login_and_back(client, people):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account"' in html


def test_sign_out_revokes_the_session_on_the_server(app, client, people, make_client):
    sign_in(client, people["client_a"].email)
    stolen = client.get_cookie("session").value
    html = client.get("/").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 303
    assert client.get("/").status_code == 302
    # A copy of the cookie taken before signing out no longer opens anything.
    thief = make_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 302
    with app.app_context():
        assert db.scalar(select(func.count(LoginSession.id))) == 0


def test_sign_out_needs_post_and_a_csrf_token(client, people):
    sign_in(client, people["client_a"].email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_login_without_csrf_token_is_refused(client, people):
    response = client.post(
        "/login", data={"email": people["client_a"].email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_repeated_sign_in_attempts_are_throttled(client, people):
    """Per address: ten failures (on different accounts) in a minute, then 429."""
    client.set_cookie("lang", "en")
    attempts = [{"email": f"guess{n}@example.org", "password": "wrong" * 3} for n in range(11)]
    statuses = [post_form(client, "/login", attempt).status_code for attempt in attempts[:10]]
    assert statuses == [422] * 10
    blocked = post_form(client, "/login", attempts[10])
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
