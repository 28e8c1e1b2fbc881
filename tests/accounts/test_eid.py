"""National eID through an OpenID Connect broker (a test broker in tests/eid_broker.py): linked
under My account and then signing in, with the session's usual limits; the code flow with PKCE,
state and nonce; an unknown or switched-off account's eID signs no one in and the page says who
to contact; staff at an accepted level need no code; a link of someone else's eID, or after
signing out, is refused; the link removed; private_key_jwt. The refusals are in
test_eid_refusals.py."""

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.core.db import db, utcnow
from portal.core.identity import User
from tests.accounts.helpers import (
    account_page,
    eid_links,
    eid_sign_in,
    end_sessions,
    english_browser,
    link_eid_of,
    link_identity,
    sign_out,
    start_eid_sign_in,
    through_broker,
)
from tests.eid_broker import LOW, SUBSTANTIAL
from tests.helpers import post_form

UNKNOWN = "This MitID is not linked to an account"


def test_eid_is_offered_only_where_a_broker_is_set_up(app, client, make_client, eid_broker):
    assert "Sign in with MitID" not in client.get("/login").get_data(as_text=True)
    assert client.post("/login/eid/return").status_code == 405
    assert client.get("/login/eid/return?code=x&state=y").status_code == 404
    assert client.get("/login/paper/eid").status_code == 404


def test_a_participant_links_mitid_and_signs_in_with_it(app, login_as, make_client, eid):
    anna = login_as("client_a")
    account = anna.get("/account").get_data(as_text=True)
    assert "Link MitID" in account and "never your CPR number or personnummer" in account
    linked = link_eid_of(anna, subject="anna-at-the-broker")
    assert linked.status_code == 303 and linked.location.endswith("/account")
    page = anna.get("/account").get_data(as_text=True)
    assert "Your eID is linked." in page and "Your MitID is linked to your account" in page
    [link] = eid_links(app)
    assert (link.issuer, link.subject) == (eid.issuer, "anna-at-the-broker")

    browser = english_browser(make_client)
    assert "Sign in with MitID" in browser.get("/login").get_data(as_text=True)
    answer = eid_sign_in(browser, subject="anna-at-the-broker")
    assert answer.status_code == 303 and urlsplit(answer.location).path == "/"
    assert "client.a@example.org" in account_page(browser)
    assert eid_links(app)[0].last_used_at is not None
    # Signing out and the session's limits are those of any sign-in.
    sign_out(browser)
    assert "client.a@example.org" not in account_page(browser)
    idle = english_browser(make_client)
    eid_sign_in(idle, subject="anna-at-the-broker")
    assert "client.a@example.org" in account_page(idle)
    end_sessions(app)
    assert "client.a@example.org" not in account_page(idle)


def test_the_way_to_the_broker_uses_pkce_state_and_nonce(app, make_client, eid):
    browser = english_browser(make_client)
    started = start_eid_sign_in(browser)
    assert started.status_code == 302
    asked = parse_qs(urlsplit(started.location).query)
    assert asked["response_type"] == ["code"] and asked["client_id"] == ["portal-test"]
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) >= 43
    assert asked["state"][0] and asked["nonce"][0] and asked["ui_locales"] == ["en"]
    assert asked["redirect_uri"] == ["http://127.0.0.1:5000/login/eid/return"]
    assert "openid" in asked["scope"][0].split()


def test_the_page_after_eid_is_the_one_asked_for(app, people, make_client, eid):
    from portal.accounts.eid import EidIdentity, link_eid

    with app.app_context():
        link_eid(db.get(User, people["client_a"].id), EidIdentity(eid.issuer, "anna", SUBSTANTIAL))
        db.commit()
    browser = english_browser(make_client)
    answer, _path = through_broker(browser, start_eid_sign_in(browser, "/account"), subject="anna")
    assert answer.status_code == 303 and answer.location.endswith("/account")


def test_an_unknown_eid_signs_no_one_in_and_says_who_to_contact(app, make_client, people, eid):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    browser = english_browser(make_client)
    answer = eid_sign_in(browser, subject="a-stranger")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403 and UNKNOWN in page
    assert "Ask the consultant who helps you find work to invite you" in page
    assert 'href="/login/paper/eid"' in page and 'href="/i-would-like-to-work"' in page
    assert "IPS" not in page  # before sign-in, an employer may be the one reading
    assert "Sign in" in account_page(browser) and "client.a@example.org" not in account_page(
        browser
    )
    assert [link.subject for link in eid_links(app)] == ["anna"]


def test_a_switched_off_account_is_not_signed_in_by_its_eid(app, make_client, people, eid):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    with app.app_context():
        db.get(User, people["client_a"].id).deactivated_at = utcnow()
        db.commit()
    answer = eid_sign_in(english_browser(make_client), subject="anna")
    assert answer.status_code == 403 and UNKNOWN in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("acr", "needs_code"),
    [(SUBSTANTIAL, False), (LOW, True)],
    ids=["substantial-is-enough", "low-asks-for-the-code"],
)
def test_staff_at_an_accepted_level_need_no_code(app, make_client, people, eid, acr, needs_code):
    link_identity(app, people["specialist_a"], eid.issuer, subject="mette")
    browser = english_browser(make_client)
    answer = eid_sign_in(browser, subject="mette", acr=acr)
    assert answer.status_code == 303
    assert answer.location.endswith("/login/code") is needs_code
    assert ("spec.a@example.org" in account_page(browser)) is not needs_code


def test_a_participant_who_asked_for_two_factors_gets_the_code_step_at_a_low_level(
    app, make_client, people, eid
):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.totp_secret, anna.mfa_enabled_at = "JBSWY3DPEHPK3PXP", anna.created_at
        db.commit()
    assert eid_sign_in(english_browser(make_client), subject="anna", acr=LOW).location.endswith(
        "/login/code"
    )
    assert eid_sign_in(english_browser(make_client), subject="anna").location.endswith("/")


def test_an_eid_linked_to_someone_else_is_not_linked_again(app, login_as, people, eid):
    link_identity(app, people["client_b"], eid.issuer, subject="shared")
    anna = login_as("client_a")
    answer = link_eid_of(anna, subject="shared")
    assert answer.location.endswith("/account")
    page = anna.get("/account").get_data(as_text=True)
    assert "This eID is already linked to another account in the portal." in page
    assert [(link.user_id, link.subject) for link in eid_links(app)] == [
        (people["client_b"].id, "shared")
    ]


def test_a_link_answer_after_signing_out_links_nothing(app, login_as, eid):
    anna = login_as("client_a")
    started = post_form(anna, "/account/eid", {}, page="/account")
    sign_out(anna)
    answer, _path = through_broker(anna, started, subject="anna")
    assert answer.location.endswith("/login") and eid_links(app) == []


def test_a_participant_removes_the_link(app, login_as, make_client, people, eid):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    anna = login_as("client_a")
    removed = post_form(anna, "/account/eid/remove", {}, page="/account")
    assert removed.status_code == 303 and eid_links(app) == []
    assert "Your eID is no longer linked" in anna.get("/account").get_data(as_text=True)
    answer = eid_sign_in(english_browser(make_client), subject="anna")
    assert answer.status_code == 403


def test_private_key_jwt_signs_the_portal_in_to_the_broker(app, make_client, people, eid, tmp_path):
    from joserfc.jwk import RSAKey

    key = RSAKey.generate_key(2048)
    key_file = tmp_path / "portal-eid.pem"
    key_file.write_bytes(key.as_pem(private=True))
    eid.add_client("portal-with-key", public_key=RSAKey.import_key(key.as_dict(private=False)))
    app.config.update(
        EID_CLIENT_ID="portal-with-key", EID_CLIENT_SECRET=None, EID_PRIVATE_KEY_FILE=str(key_file)
    )
    try:
        link_identity(app, people["client_a"], eid.issuer, subject="anna")
        browser = english_browser(make_client)
        answer = eid_sign_in(browser, subject="anna")
        assert answer.status_code == 303 and "client.a@example.org" in account_page(browser)
        assert len(eid.used_assertions) == 1
    finally:
        app.config["EID_PRIVATE_KEY_FILE"] = None


def test_the_content_security_policy_lets_the_sign_in_form_lead_to_the_broker(eid_broker):
    from portal.core.security import content_security_policy

    policy = content_security_policy({"EID_ISSUER": eid_broker.issuer + "/realms/x"})
    assert policy["form-action"] == f"'self' {eid_broker.issuer}"
    assert content_security_policy({})["form-action"] == "'self'"
