"""Password reset by e-mail: no account enumeration, one-time link, other sessions ended."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import AccountToken
from portal.config import DEVELOPMENT_PUBLIC_URL
from portal.core.db import db, utcnow
from tests.factories import TEST_PASSWORD
from tests.helpers import post_form, sign_in

# E-mailed links are built on PUBLIC_URL (in development the address `make run` serves).
LINK = re.compile(re.escape(DEVELOPMENT_PUBLIC_URL) + r"(/password/reset/\S+)")
NEW_PASSWORD = "amber-kettle-morning-58"


def ask_for_reset(client, email):
    client.set_cookie("lang", "en")
    return post_form(client, "/password/forgot", {"email": email}, follow_redirects=True)


def test_known_and_unknown_addresses_get_the_same_answer(client, people, outbox):
    known = ask_for_reset(client, people["client_a"].email).get_data(as_text=True)
    unknown = ask_for_reset(client, "nobody@example.org").get_data(as_text=True)
    message = "If there is an account with this e-mail address, we have sent it a link"
    assert message in known and message in unknown
    [email] = [mail for mail in outbox() if mail.sent_at is None]
    assert email.recipient == people["client_a"].email
    assert email.subject == "Vælg en ny adgangskode"  # Danish: the account has no language set


def test_reset_sets_a_new_password_and_signs_out_everywhere(client, make_client, people, outbox):
    other_device = make_client()
    sign_in(other_device, people["client_a"].email)
    ask_for_reset(client, people["client_a"].email)
    path = LINK.search(outbox()[0].body).group(1)
    response = post_form(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert other_device.get("/").status_code == 302  # signed out on the other device
    fresh = make_client()
    old = post_form(fresh, "/login", {"email": people["client_a"].email, "password": TEST_PASSWORD})
    assert old.status_code == 422
    sign_in(fresh, people["client_a"].email, NEW_PASSWORD)
    again = make_client()
    again.set_cookie("lang", "en")
    reused = again.get(path)
    assert reused.status_code == 410
    assert "already been used" in reused.get_data(as_text=True)


def test_an_expired_reset_link_offers_a_new_one(app, client, people, outbox):
    ask_for_reset(client, people["client_a"].email)
    with app.app_context():
        token = db.scalar(select(AccountToken))
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    response = client.get(LINK.search(outbox()[0].body).group(1))
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "The link has expired." in html and 'href="/password/forgot"' in html


def test_an_invitation_link_is_not_a_reset_link(client, people, outbox):
    ask_for_reset(client, people["client_a"].email)
    token = LINK.search(outbox()[0].body).group(1).rsplit("/", 1)[1]
    assert client.get(f"/invitation/{token}").status_code == 410


def test_a_bad_email_gets_a_clear_error(client, outbox):
    response = ask_for_reset(client, "not an address")
    assert response.status_code == 422
    assert "Enter an e-mail address like name@example.dk." in response.get_data(as_text=True)
    assert outbox() == []


def test_a_forged_host_header_cannot_redirect_emailed_links(app):
    from portal.core.navigation import external_url

    old, app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"], "https://job.kommune.example"
    try:
        with app.test_request_context("/password/forgot", base_url="http://evil.example"):
            link = external_url("accounts.reset_password", token="abc")
    finally:
        app.config["PUBLIC_URL"] = old
    assert link == "https://job.kommune.example/password/reset/abc"
