"""National eID through an OpenID Connect broker (a test broker in tests/eid_broker.py): linked
under My account and then signing in; the code flow with PKCE, state and nonce; an unknown
eID signs no one in and says who to contact; staff at an accepted level need no code; and
every answer that proves nothing is refused: another issuer or audience, an expired token, a
nonce or state of another sign-in, a signature by another key, an answer used twice."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.accounts.models import EidLink
from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import (
    eid_sign_in,
    link_eid_of,
    start_eid_sign_in,
    through_broker,
)
from tests.eid_broker import LOW, SUBSTANTIAL

REFUSED = "The sign-in with eID did not succeed."
UNKNOWN = "This MitID is not linked to an account"


def _links(app) -> list[EidLink]:
    with app.app_context():
        return list(db.scalars(select(EidLink)))


def _who(browser) -> str:
    """The page of My account, or the sign-in page for someone signed out."""
    return browser.get("/account", follow_redirects=True).get_data(as_text=True)


def _english(make_client):
    browser = make_client()
    browser.set_cookie("lang", "en")
    return browser


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
    [link] = _links(app)
    assert (link.issuer, link.subject) == (eid.issuer, "anna-at-the-broker")

    browser = _english(make_client)
    assert "Sign in with MitID" in browser.get("/login").get_data(as_text=True)
    answer = eid_sign_in(browser, subject="anna-at-the-broker")
    assert answer.status_code == 303 and urlsplit(answer.location).path == "/"
    assert "client.a@example.org" in _who(browser)
    assert _links(app)[0].last_used_at is not None
    # Signing out and the session's limits are those of any sign-in.
    browser.post("/logout", data={"csrf_token": _token(browser)})
    assert "client.a@example.org" not in _who(browser)


def _token(browser) -> str:
    from tests.helpers import csrf_token_from

    return csrf_token_from(browser.get("/account").get_data(as_text=True))


def test_the_way_to_the_broker_uses_pkce_state_and_nonce(app, make_client, eid):
    browser = _english(make_client)
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
    browser = _english(make_client)
    answer, _path = through_broker(browser, start_eid_sign_in(browser, "/account"), subject="anna")
    assert answer.status_code == 303 and answer.location.endswith("/account")


def _link(app, person, issuer, subject="someone") -> None:
    from portal.accounts.eid import EidIdentity, link_eid

    with app.app_context():
        link_eid(db.get(User, person.id), EidIdentity(issuer, subject, None))
        db.commit()


def test_an_unknown_eid_signs_no_one_in_and_says_who_to_contact(app, make_client, people, eid):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    browser = _english(make_client)
    answer = eid_sign_in(browser, subject="a-stranger")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403 and UNKNOWN in page
    assert "Ask the consultant who helps you find work to invite you" in page
    assert 'href="/login/paper/eid"' in page and 'href="/i-would-like-to-work"' in page
    assert "IPS" not in page  # before sign-in, an employer may be the one reading
    assert "Sign in" in _who(browser) and "client.a@example.org" not in _who(browser)
    assert [link.subject for link in _links(app)] == ["anna"]


def test_a_switched_off_account_is_not_signed_in_by_its_eid(app, make_client, people, eid):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    with app.app_context():
        db.get(User, people["client_a"].id).deactivated_at = db.get(User, 1).created_at
        db.commit()
    answer = eid_sign_in(_english(make_client), subject="anna")
    assert answer.status_code == 403 and UNKNOWN in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("acr", "needs_code"),
    [(SUBSTANTIAL, False), (LOW, True)],
    ids=["substantial-is-enough", "low-asks-for-the-code"],
)
def test_staff_at_an_accepted_level_need_no_code(app, make_client, people, eid, acr, needs_code):
    _link(app, people["specialist_a"], eid.issuer, subject="mette")
    browser = _english(make_client)
    answer = eid_sign_in(browser, subject="mette", acr=acr)
    assert answer.status_code == 303
    assert answer.location.endswith("/login/code") is needs_code
    assert ("spec.a@example.org" in _who(browser)) is not needs_code


def test_a_participant_who_asked_for_two_factors_gets_the_code_step_at_a_low_level(
    app, make_client, people, eid
):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.totp_secret, anna.mfa_enabled_at = "JBSWY3DPEHPK3PXP", anna.created_at
        db.commit()
    assert eid_sign_in(_english(make_client), subject="anna", acr=LOW).location.endswith(
        "/login/code"
    )
    assert eid_sign_in(_english(make_client), subject="anna").location.endswith("/")


@pytest.mark.parametrize(
    "wrong",
    [
        {"issuer": "http://127.0.0.1:1/another-broker"},
        {"audience": "another-service"},
        {"age": 600},  # expired ten minutes ago, beyond the minute allowed for clocks
        {"nonce": "the-nonce-of-another-sign-in"},
        {"foreign_key": True},
        {"no_id_token": True},
    ],
    ids=["issuer", "audience", "expired", "nonce", "signature", "no-id-token"],
)
def test_an_answer_that_proves_nothing_is_refused(app, make_client, people, eid, wrong):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    eid.misbehave.update(wrong)
    browser = _english(make_client)
    answer = eid_sign_in(browser, subject="anna")
    assert answer.status_code == 303 and answer.location.endswith("/login")
    assert REFUSED in browser.get("/login").get_data(as_text=True)
    assert "client.a@example.org" not in _who(browser)
    assert _links(app)[0].last_used_at is None


def test_an_answer_is_taken_once(app, make_client, people, eid):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    browser = _english(make_client)
    answer, return_path = through_broker(browser, start_eid_sign_in(browser), subject="anna")
    assert answer.status_code == 303 and "client.a@example.org" in _who(browser)
    browser.post("/logout", data={"csrf_token": _token(browser)})
    again = browser.get(return_path)  # the same answer, replayed in the same browser
    assert again.status_code == 303 and again.location.endswith("/login")
    assert "client.a@example.org" not in _who(browser)
    elsewhere = _english(make_client)  # or in another one
    assert elsewhere.get(return_path).location.endswith("/login")
    assert "client.a@example.org" not in _who(elsewhere)


def test_an_answer_with_another_state_is_refused_before_the_code_is_used(
    app, make_client, people, eid
):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    victim, attacker = _english(make_client), _english(make_client)
    start_eid_sign_in(victim)  # the victim's browser waits for its own answer
    # The attacker's own answer, sent to the victim's browser (a forced sign-in).
    _answer, attackers_path = through_broker(attacker, start_eid_sign_in(attacker), subject="anna")
    requests_before = eid.token_requests
    forced = _english(make_client)
    start_eid_sign_in(forced)
    code = parse_qs(urlsplit(attackers_path).query)["code"][0]
    answer = forced.get(f"/login/eid/return?code={code}&state=not-the-one-sent")
    assert answer.location.endswith("/login") and eid.token_requests == requests_before
    assert "client.a@example.org" not in _who(forced)


def test_a_cancelled_sign_in_changes_nothing(app, make_client, eid):
    browser = _english(make_client)
    answer, _path = through_broker(browser, start_eid_sign_in(browser), choice="cancel")
    assert answer.status_code == 303 and answer.location.endswith("/login")
    assert "The sign-in with eID was stopped." in browser.get("/login").get_data(as_text=True)


def test_refused_answers_count_with_wrong_passwords(app, make_client, people, eid):
    from tests.helpers import post_form

    _link(app, people["client_a"], eid.issuer, subject="anna")
    eid.misbehave["audience"] = "another-service"
    browser = make_client()
    assert [eid_sign_in(browser, subject="anna").status_code for _ in range(5)] == [303] * 5
    wrong = {"email": "client.a@example.org", "password": "not-the-password-at-all"}
    assert [post_form(browser, "/login", wrong).status_code for _ in range(5)] == [422] * 5
    eid.misbehave.clear()
    # The address has used up its ten tries: even a right answer from the broker waits.
    assert eid_sign_in(browser, subject="anna").status_code == 429
    assert "client.a@example.org" not in _who(browser)


def test_an_identity_number_as_subject_is_refused_and_not_kept(app, login_as, eid, caplog):
    anna = login_as("client_a")
    caplog.set_level("INFO")
    answer = link_eid_of(anna, subject="010190-1234")
    assert answer.location.endswith("/account") and _links(app) == []
    assert "looks like a CPR number or personnummer" in caplog.text
    assert "010190" not in caplog.text


def test_nothing_but_the_subject_is_kept_or_logged(app, login_as, eid, caplog):
    from tests.eid_broker import CPR_IN_TOKEN, NAME_IN_TOKEN

    caplog.set_level("DEBUG")
    anna = login_as("client_a")
    started = anna.post("/account/eid", data={"csrf_token": _token(anna)})
    answer, return_path = through_broker(anna, started, subject="anna-pseudonym")
    assert answer.status_code == 303 and len(_links(app)) == 1
    code = parse_qs(urlsplit(return_path).query)["code"][0]
    with app.app_context():
        everything = _every_value_in_the_database()
    for secret in (CPR_IN_TOKEN, NAME_IN_TOKEN, code):
        assert secret not in everything
        assert secret not in caplog.text
    assert "anna-pseudonym" not in caplog.text


def _every_value_in_the_database() -> str:
    from portal.core.db import Base

    values = []
    for table in Base.metadata.sorted_tables:
        for row in db.execute(select(table)):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def test_an_eid_linked_to_someone_else_is_not_linked_again(app, login_as, people, eid):
    _link(app, people["client_b"], eid.issuer, subject="shared")
    anna = login_as("client_a")
    answer = link_eid_of(anna, subject="shared")
    assert answer.location.endswith("/account")
    page = anna.get("/account").get_data(as_text=True)
    assert "This eID is already linked to another account in the portal." in page
    assert [(link.user_id, link.subject) for link in _links(app)] == [
        (people["client_b"].id, "shared")
    ]


def test_a_link_answer_after_signing_out_links_nothing(app, login_as, eid):
    anna = login_as("client_a")
    started = anna.post("/account/eid", data={"csrf_token": _token(anna)})
    anna.post("/logout", data={"csrf_token": _token(anna)})
    answer, _path = through_broker(anna, started, subject="anna")
    assert answer.location.endswith("/login") and _links(app) == []


def test_a_participant_removes_the_link(app, login_as, make_client, people, eid):
    _link(app, people["client_a"], eid.issuer, subject="anna")
    anna = login_as("client_a")
    removed = anna.post("/account/eid/remove", data={"csrf_token": _token(anna)})
    assert removed.status_code == 303 and _links(app) == []
    assert "Your eID is no longer linked" in anna.get("/account").get_data(as_text=True)
    answer = eid_sign_in(_english(make_client), subject="anna")
    assert answer.status_code == 403


def test_the_broker_out_of_reach_or_naming_another_issuer(app, make_client, eid):
    app.extensions.pop("eid_broker", None)  # its discovery is read once per process
    eid.misbehave["metadata_issuer"] = "https://someone-else.example"
    browser = _english(make_client)
    started = start_eid_sign_in(browser)
    assert started.status_code == 303 and started.location.endswith("/login")
    page = browser.get("/login").get_data(as_text=True)
    assert "The eID service cannot be reached just now." in page
    eid.misbehave.clear()
    app.config["EID_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    assert start_eid_sign_in(browser).location.endswith("/login")


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
        _link(app, people["client_a"], eid.issuer, subject="anna")
        browser = _english(make_client)
        answer = eid_sign_in(browser, subject="anna")
        assert answer.status_code == 303 and "client.a@example.org" in _who(browser)
        assert len(eid.used_assertions) == 1
    finally:
        app.config["EID_PRIVATE_KEY_FILE"] = None


def test_the_content_security_policy_lets_the_sign_in_form_lead_to_the_broker(eid_broker):
    from portal.core.security import content_security_policy

    policy = content_security_policy({"EID_ISSUER": eid_broker.issuer + "/realms/x"})
    assert policy["form-action"] == f"'self' {eid_broker.issuer}"
    assert content_security_policy({})["form-action"] == "'self'"


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"EID_ISSUER": "https://broker.example"}, "EID_CLIENT_ID"),
        ({"EID_ISSUER": "https://broker.example", "EID_CLIENT_ID": "p"}, "EID_CLIENT_SECRET"),
        (
            {
                "EID_ISSUER": "https://b.example",
                "EID_CLIENT_ID": "p",
                "EID_CLIENT_SECRET": "s",
                "EID_SCOPES": "profile",
            },
            "openid",
        ),
    ],
)
def test_an_incomplete_eid_setting_is_refused_at_start(settings, complaint):
    from portal.config import ConfigError, check_config

    config = {"PORTAL_ENV": "development", "SECRET_KEY": "k" * 40, "EID_SCOPES": "openid"}
    with pytest.raises(ConfigError, match=complaint):
        check_config({**config, **settings})
