"""S6 and S12 at the end of a session: a background request never moves the page, sign-in
never returns anyone to a fragment, and a form sent after the idle limit is held on the
server and filled in again after the same account signs in (portal.core.held_forms)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select, update

from portal.config import load_config
from portal.core.db import db, utcnow
from portal.core.held_forms import HeldForm
from portal.core.identity import User
from portal.messaging.models import Message
from portal.privacy.services import erase_client, export_client_data
from tests.accounts.helpers import BACK_AGAIN, end_sessions
from tests.factories import TEST_PASSWORD
from tests.helpers import csrf_token_from, current_code, post_form, sign_in

HOST = "http://localhost"


def held_forms(app) -> list[tuple[int, str, dict]]:
    with app.app_context():
        return [(held.user_id, held.page, held.fields) for held in db.scalars(select(HeldForm))]


def messages_with(app, text: str) -> int:
    with app.app_context():
        return db.scalar(select(func.count(Message.id)).where(Message.body == text))


def next_of(location: str) -> str:
    """The `next` of a redirect to the sign-in page."""
    parts = urlsplit(location)
    assert parts.path == "/login", location
    return parse_qs(parts.query)["next"][0]


def htmx(page: str, **headers) -> dict:
    return {"HX-Request": "true", "HX-Current-URL": HOST + page, **headers}


@pytest.fixture
def anna(app, client, people, anna_things):
    """Client A's browser, signed in, on her conversation page; returns (page, csrf token)."""
    client.set_cookie("lang", "en")
    sign_in(client, people["client_a"].email)
    page = f"/conversations/{anna_things['conversation_id']}"
    return page, csrf_token_from(client.get(page).get_data(as_text=True))


@pytest.mark.parametrize("path", ["/messages/badge?seen=1", "/conversations/{id}/poll?last=12"])
def test_a_background_request_after_the_idle_limit_gets_401_and_no_redirect(
    app, client, anna, anna_things, path
):
    page, _token = anna
    end_sessions(app)
    response = client.get(path.format(id=anna_things["conversation_id"]), headers=htmx(page))
    assert response.status_code == 401
    assert "HX-Redirect" not in response.headers and "Location" not in response.headers
    assert response.headers["HX-Trigger"] == "session-ended"


def test_stay_signed_in_after_the_limit_gets_401_and_no_redirect(app, client, anna):
    _page, token = anna
    end_sessions(app)
    response = client.post("/session/keep-alive", headers={"X-CSRFToken": token})
    assert response.status_code == 401 and "Location" not in response.headers


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("/messages", "/messages"),
        ("/messages/badge?seen=1", "/"),  # a fragment is no page to return to
        ("/conversations/1/poll?last=12", "/"),
    ],
)
def test_an_htmx_request_returns_to_the_page_the_browser_shows(
    app, client, people, shown, expected
):
    sign_in(client, people["client_a"].email)
    end_sessions(app)
    response = client.get("/messages", headers=htmx(shown))
    assert response.status_code == 401
    assert next_of(response.headers["HX-Redirect"]) == expected


def test_a_page_on_another_host_is_not_returned_to(app, client, people):
    sign_in(client, people["client_a"].email)
    end_sessions(app)
    headers = {"HX-Request": "true", "HX-Current-URL": "https://evil.example/messages"}
    response = client.get("/messages", headers=headers)
    assert next_of(response.headers["HX-Redirect"]) == "/"


def test_a_plain_request_returns_to_its_own_page(app, client, people):
    sign_in(client, people["client_a"].email)
    end_sessions(app)
    response = client.get("/messages?x=1")
    assert response.status_code == 302
    assert next_of(response.location) == "/messages?x=1"


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/messages", "/messages"),
        ("/messages/badge?seen=1", "/"),
        ("/conversations/12/poll?last=12", "/"),
        ("/session/keep-alive", "/"),  # only ever posted to
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
    ],
)
def test_sign_in_never_returns_to_a_fragment_or_another_site(client, people, next_url, lands_on):
    html = client.get("/login", query_string={"next": next_url}).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "email": people["client_a"].email}
    response = client.post("/login", data=data | {"password": TEST_PASSWORD, "next": next_url})
    assert response.status_code == 303 and response.location == lands_on
    # Signed in already (another tab): the sign-in page sends on, by the same rule.
    again = client.get("/login", query_string={"next": next_url})
    assert again.status_code == 303 and again.location == lands_on


def test_staff_return_to_the_page_after_the_code_step_but_never_to_a_fragment(client, people):
    html = client.get("/login").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "email": people["specialist_a"].email}
    data |= {"password": TEST_PASSWORD, "next": "/messages/badge?seen=1"}
    assert client.post("/login", data=data).location.endswith("/login/code")
    code = current_code(client.application, people["specialist_a"].email)
    assert post_form(client, "/login/code", {"code": code}).location == "/"


def test_a_message_sent_after_the_limit_is_held_and_back_after_signing_in(
    app, client, people, anna
):
    page, token = anna
    end_sessions(app)
    form = {"csrf_token": token, "body": "Words written slowly", "submission": "abcdefgh12"}
    response = client.post(page, data=form, headers=htmx(page))
    assert response.status_code == 401
    assert next_of(response.headers["HX-Redirect"]) == page
    assert messages_with(app, "Words written slowly") == 0
    [(user_id, held_page, fields)] = held_forms(app)
    assert (user_id, held_page) == (people["client_a"].id, page)
    assert fields == {"body": ["Words written slowly"], "submission": ["abcdefgh12"]}

    sign_in(client, people["client_a"].email)
    html = client.get(page).get_data(as_text=True)
    assert "Words written slowly</textarea>" in html and BACK_AGAIN in html
    assert messages_with(app, "Words written slowly") == 0  # nothing is sent for them
    assert held_forms(app) == []  # used once
    assert "Words written slowly</textarea>" not in client.get(page).get_data(as_text=True)


def test_a_plain_form_post_returns_to_the_page_it_came_from(app, client, people, anna):
    page, token = anna
    end_sessions(app)
    form = {"csrf_token": token, "body": "Without JavaScript"}
    response = client.post(page, data=form, headers={"Referer": HOST + page})
    assert response.status_code == 303
    assert next_of(response.location) == page
    assert [held[1] for held in held_forms(app)] == [page]


def test_someone_else_signing_in_on_that_browser_never_sees_it(app, client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["client_a"].email)
    token = csrf_token_from(client.get("/messages").get_data(as_text=True))
    end_sessions(app)
    form = {"csrf_token": token, "subject": "Private subject", "body": "Private words"}
    client.post("/messages", data=form, headers={"Referer": HOST + "/messages"})
    assert len(held_forms(app)) == 1

    sign_in(client, people["client_b"].email)
    html = client.get("/messages").get_data(as_text=True)
    assert "Private words" not in html and BACK_AGAIN not in html
    assert len(held_forms(app)) == 1  # still Anna's
    client.post("/logout", data={"csrf_token": csrf_token_from(html)})

    sign_in(client, people["client_a"].email)
    html = client.get("/messages").get_data(as_text=True)
    assert "Private words</textarea>" in html and 'value="Private subject"' in html


def test_hold_only_never_saves_even_while_signed_in(app, client, people, anna):
    page, token = anna
    form = {"csrf_token": token, "body": "Only keep this", "hold-only": "1"}
    response = client.post(page, data=form, headers={"Referer": HOST + page})
    assert response.status_code == 303 and response.location == page
    assert messages_with(app, "Only keep this") == 0
    assert "Only keep this</textarea>" in client.get(page).get_data(as_text=True)

    end_sessions(app)
    form["body"] = "Keep this too"
    response = client.post(page, data=form, headers={"Referer": HOST + page})
    assert next_of(response.location) == page
    assert messages_with(app, "Keep this too") == 0
    assert [held[2]["body"] for held in held_forms(app)] == [["Keep this too"]]


def test_passwords_are_never_held(app, client, people):
    sign_in(client, people["client_a"].email)
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    end_sessions(app)
    form = {"csrf_token": token, "password-current_password": TEST_PASSWORD}
    form |= {"password-password": "a new long password", "password-confirm": "x"}
    response = client.post("/account/password", data=form, headers={"Referer": HOST + "/account"})
    assert next_of(response.location) == "/account"
    assert held_forms(app) == []


def test_a_held_form_lasts_a_day_and_the_purge_removes_it(app, client, people, anna):
    page, token = anna
    end_sessions(app)
    client.post(page, data={"csrf_token": token, "body": "Old words"}, headers=htmx(page))
    with app.app_context():
        db.execute(update(HeldForm).values(created_at=utcnow() - timedelta(hours=25)))
        db.commit()
    sign_in(client, people["client_a"].email)
    assert "Old words" not in client.get(page).get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "held_forms 1" in result.output
    assert held_forms(app) == []


def test_a_held_form_is_in_my_data_and_gone_after_erasure(app, client, people, anna):
    page, token = anna
    end_sessions(app)
    client.post(page, data={"csrf_token": token, "body": "My held words"}, headers=htmx(page))
    with app.app_context():
        anna_user = db.get(User, people["client_a"].id)
        [row] = export_client_data(anna_user)["held_forms"]
        assert row["fields"] == {"body": ["My held words"]}
        erase_client(db.get(User, people["admin"].id), anna_user)
        db.commit()
    assert held_forms(app) == []


def test_session_idle_seconds_overrides_the_minutes(monkeypatch, tmp_path):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "20")
    assert load_config(str(tmp_path))["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=20)
    monkeypatch.setenv("SESSION_IDLE_SECONDS", "5")
    assert load_config(str(tmp_path))["SESSION_IDLE_TIMEOUT"] == timedelta(seconds=5)


def test_staff_get_their_held_words_back_after_the_code_step(app, client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    token = csrf_token_from(client.get("/messages").get_data(as_text=True))
    end_sessions(app)
    form = {"csrf_token": token, "client": people["client_a"].id, "subject": "About Tuesday"}
    form["body"] = "A careful answer"
    response = client.post("/messages", data=form, headers=htmx("/messages"))
    assert next_of(response.headers["HX-Redirect"]) == "/messages"

    email = people["specialist_a"].email
    data = {"email": email, "password": TEST_PASSWORD, "next": "/messages"}
    response = post_form(client, "/login", data, page="/login?next=/messages")
    assert response.location.endswith("/login/code")
    response = post_form(client, "/login/code", {"code": current_code(app, email)})
    assert response.location == "/messages"
    html = client.get("/messages").get_data(as_text=True)
    assert "A careful answer</textarea>" in html and BACK_AGAIN in html
