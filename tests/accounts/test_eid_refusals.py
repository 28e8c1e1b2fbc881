"""National eID: every answer that proves nothing is refused (another issuer or audience, an
expired token, a nonce or state of another sign-in, a signature by a key the broker does not
publish, no ID token, an answer used twice or opened in another browser), and counts with
wrong passwords; an identity number is never kept as the subject, nothing else the token
says is kept or logged; a broker out of reach or naming another issuer, and incomplete
settings, are refused clearly."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.core.db import db
from tests.accounts.helpers import (
    account_page,
    eid_links,
    eid_sign_in,
    english_browser,
    link_eid_of,
    link_identity,
    sign_out,
    start_eid_sign_in,
    through_broker,
)
from tests.helpers import post_form

REFUSED = "The sign-in with eID did not succeed."


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
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    eid.misbehave.update(wrong)
    browser = english_browser(make_client)
    answer = eid_sign_in(browser, subject="anna")
    assert answer.status_code == 303 and answer.location.endswith("/login")
    assert REFUSED in browser.get("/login").get_data(as_text=True)
    assert "client.a@example.org" not in account_page(browser)
    assert eid_links(app)[0].last_used_at is None


def test_an_answer_is_taken_once(app, make_client, people, eid):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    browser = english_browser(make_client)
    answer, return_path = through_broker(browser, start_eid_sign_in(browser), subject="anna")
    assert answer.status_code == 303 and "client.a@example.org" in account_page(browser)
    sign_out(browser)
    again = browser.get(return_path)  # the same answer, replayed in the same browser
    assert again.status_code == 303 and again.location.endswith("/login")
    assert "client.a@example.org" not in account_page(browser)
    elsewhere = english_browser(make_client)  # or in another one
    assert elsewhere.get(return_path).location.endswith("/login")
    assert "client.a@example.org" not in account_page(elsewhere)


def test_an_answer_with_another_state_is_refused_before_the_code_is_used(
    app, make_client, people, eid
):
    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    victim, attacker = english_browser(make_client), english_browser(make_client)
    start_eid_sign_in(victim)  # the victim's browser waits for its own answer
    # The attacker's own answer, sent to the victim's browser (a forced sign-in).
    _answer, attackers_path = through_broker(attacker, start_eid_sign_in(attacker), subject="anna")
    requests_before = eid.token_requests
    forced = english_browser(make_client)
    start_eid_sign_in(forced)
    code = parse_qs(urlsplit(attackers_path).query)["code"][0]
    answer = forced.get(f"/login/eid/return?code={code}&state=not-the-one-sent")
    assert answer.location.endswith("/login") and eid.token_requests == requests_before
    assert "client.a@example.org" not in account_page(forced)


def test_a_cancelled_sign_in_changes_nothing(app, make_client, eid):
    browser = english_browser(make_client)
    answer, _path = through_broker(browser, start_eid_sign_in(browser), choice="cancel")
    assert answer.status_code == 303 and answer.location.endswith("/login")
    assert "The sign-in with eID was stopped." in browser.get("/login").get_data(as_text=True)


def test_refused_answers_count_with_wrong_passwords(app, make_client, people, eid):
    from tests.helpers import post_form

    link_identity(app, people["client_a"], eid.issuer, subject="anna")
    eid.misbehave["audience"] = "another-service"
    browser = make_client()
    assert [eid_sign_in(browser, subject="anna").status_code for _ in range(5)] == [303] * 5
    wrong = {"email": "client.a@example.org", "password": "not-the-password-at-all"}
    assert [post_form(browser, "/login", wrong).status_code for _ in range(5)] == [422] * 5
    eid.misbehave.clear()
    # The address has used up its ten tries: even a right answer from the broker waits.
    assert eid_sign_in(browser, subject="anna").status_code == 429
    assert "client.a@example.org" not in account_page(browser)


def test_an_identity_number_as_subject_is_refused_and_not_kept(app, login_as, eid, caplog):
    anna = login_as("client_a")
    caplog.set_level("INFO")
    answer = link_eid_of(anna, subject="010190-1234")
    assert answer.location.endswith("/account") and eid_links(app) == []
    assert "looks like a CPR number or personnummer" in caplog.text
    assert "010190" not in caplog.text


def test_nothing_but_the_subject_is_kept_or_logged(app, login_as, eid, caplog):
    from tests.eid_broker import CPR_IN_TOKEN, NAME_IN_TOKEN

    caplog.set_level("DEBUG")
    anna = login_as("client_a")
    started = post_form(anna, "/account/eid", {}, page="/account")
    answer, return_path = through_broker(anna, started, subject="anna-pseudonym")
    assert answer.status_code == 303 and len(eid_links(app)) == 1
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


def test_the_broker_out_of_reach_or_naming_another_issuer(app, make_client, eid):
    app.extensions.pop("eid_broker", None)  # its discovery is read once per process
    eid.misbehave["metadata_issuer"] = "https://someone-else.example"
    browser = english_browser(make_client)
    started = start_eid_sign_in(browser)
    assert started.status_code == 303 and started.location.endswith("/login")
    page = browser.get("/login").get_data(as_text=True)
    assert "The eID service cannot be reached just now." in page
    eid.misbehave.clear()
    app.config["EID_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    assert start_eid_sign_in(browser).location.endswith("/login")


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
