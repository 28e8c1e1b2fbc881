"""S5 and S6: sign-in throttling per account (from any address) as well as per address, idle
and absolute session timeouts that end the session on the server, and staying signed in."""

from datetime import timedelta

from sqlalchemy import func, select, update

from portal.accounts.models import LoginSession
from portal.core.db import db, utcnow
from tests.factories import TEST_PASSWORD
from tests.helpers import csrf_token_from, sign_in


def attempt_from(make_client, address: str, email: str, password: str):
    browser = make_client()
    browser.environ_base["REMOTE_ADDR"] = address
    browser.set_cookie("lang", "en")
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    return browser.post("/login", data={"csrf_token": token, "email": email, "password": password})


def test_one_account_is_throttled_whichever_address_guesses(make_client, people):
    email = people["client_a"].email
    statuses = [
        attempt_from(make_client, f"10.0.0.{n}", email, "wrong-password-1").status_code
        for n in range(5)
    ]
    assert statuses == [422] * 5
    assert attempt_from(make_client, "10.0.0.99", email, "wrong-password-1").status_code == 429
    # Even the right password waits; another account is not affected.
    assert attempt_from(make_client, "10.0.0.98", email, TEST_PASSWORD).status_code == 429
    other = attempt_from(make_client, "10.0.0.97", people["client_b"].email, TEST_PASSWORD)
    assert other.status_code == 303


def test_successful_sign_ins_are_not_counted(make_client, people):
    for n in range(8):
        response = attempt_from(make_client, "10.0.1.1", people["client_a"].email, TEST_PASSWORD)
        assert response.status_code == 303, n


def age_sessions(app, **ages) -> None:
    with app.app_context():
        values = {name: utcnow() - age for name, age in ages.items()}
        db.execute(update(LoginSession).values(**values))
        db.commit()


def sessions(app) -> int:
    with app.app_context():
        return db.scalar(select(func.count(LoginSession.id)))


def test_an_idle_session_ends_on_the_server_and_says_why(app, client, people):
    sign_in(client, people["client_a"].email)
    client.set_cookie("lang", "en")
    assert client.get("/").status_code == 200
    age_sessions(app, last_seen_at=timedelta(minutes=31))
    response = client.get("/", follow_redirects=True)
    assert "You were signed out because the portal was not used for a while." in response.get_data(
        as_text=True
    )
    assert sessions(app) == 0  # the copied cookie is worth nothing now


def test_the_absolute_limit_holds_however_active(app, client, people):
    sign_in(client, people["client_a"].email)
    age_sessions(app, created_at=timedelta(hours=12, minutes=1))
    assert client.get("/").status_code == 302
    assert sessions(app) == 0


def test_activity_and_stay_signed_in_restart_the_idle_clock(app, client, people):
    sign_in(client, people["client_a"].email)
    age_sessions(app, last_seen_at=timedelta(minutes=20))
    page = client.get("/").get_data(as_text=True)  # activity: the clock starts again
    assert 'id="idle-warning"' in page and 'data-idle-seconds="1800"' in page
    age_sessions(app, last_seen_at=timedelta(minutes=29))
    token = csrf_token_from(page)
    keep = client.post("/session/keep-alive", headers={"X-CSRFToken": token})
    assert keep.status_code == 204
    age_sessions(app, created_at=timedelta(hours=1))  # only last_seen moved forward
    with app.app_context():
        seen = db.scalar(select(LoginSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)
    assert client.get("/").status_code == 200


def test_background_polling_does_not_keep_a_session_alive(app, client, people, anna_things):
    sign_in(client, people["client_a"].email)
    age_sessions(app, last_seen_at=timedelta(minutes=25))
    client.get("/messages/badge", headers={"HX-Request": "true"})
    with app.app_context():
        seen = db.scalar(select(LoginSession.last_seen_at))
    assert utcnow() - seen > timedelta(minutes=24)
