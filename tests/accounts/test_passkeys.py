"""Passkeys: registered under My account, named and removable; signing in with one tap, as two
factors for staff; and every answer that does not prove the passkey refused: another site, a
wrong challenge or one used before, no user verification, a copied passkey (its counter did
not grow), a passkey nobody has, an account switched off; refusals are throttled."""

import json

import pytest
from sqlalchemy import select

from portal.accounts.models import Passkey
from portal.accounts.passkeys import relying_party
from portal.core.db import db, utcnow
from portal.core.identity import User
from tests.accounts.soft_authenticator import SoftPasskey
from tests.helpers import csrf_token_from, post_form

REFUSED = "The passkey was not accepted."


def _token(browser, page="/login") -> str:
    return csrf_token_from(browser.get(page).get_data(as_text=True))


def _options(browser, url: str, page: str) -> str:
    answer = browser.post(url, headers={"X-CSRFToken": _token(browser, page)})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    return answer.get_data(as_text=True)


@pytest.fixture
def soft(app):
    with app.test_request_context():
        return SoftPasskey(*relying_party())


def _register(browser, soft, name="My phone", **answer):
    options = _options(browser, "/account/passkeys/options", "/account/passkeys")
    data = {"name": name, "credential": soft.register(options, **answer)}
    return post_form(browser, "/account/passkeys", data, page="/account/passkeys")


def _sign_in(make_client, soft, answer_with=None, **answer):
    browser = make_client()
    browser.set_cookie("lang", "en")
    options = _options(browser, "/login/passkey/options", "/login")
    credential = answer_with or soft.sign_in(options, **answer)
    sent = post_form(
        browser, "/login/passkey", {"credential": credential, "next": ""}, page="/login"
    )
    return browser, sent, credential


def _signed_in_as(browser) -> str:
    return browser.get("/account").get_data(as_text=True)


def test_a_participant_adds_a_passkey_and_signs_in_with_it(app, login_as, make_client, soft):
    anna = login_as("client_a")
    assert 'href="/account/passkeys"' in anna.get("/account").get_data(as_text=True)
    added = _register(anna, soft, name="Anna's phone")
    assert added.status_code == 303
    page = anna.get(added.location).get_data(as_text=True)
    assert "The passkey is saved." in page and "Anna&#39;s phone" in page
    browser, sent, _answer = _sign_in(make_client, soft)
    assert sent.status_code == 303 and sent.location.endswith("/")
    assert "client.a@example.org" in _signed_in_as(browser)
    with app.app_context():
        [key] = db.scalars(select(Passkey)).all()
        assert key.sign_count == 1 and key.last_used_at is not None


def test_a_passkey_is_two_factors_for_staff(app, login_as, make_client, soft):
    _register(login_as("specialist_a"), soft)
    browser, sent, _answer = _sign_in(make_client, soft)
    assert sent.status_code == 303 and not sent.location.endswith("/login/code")
    assert "spec.a@example.org" in _signed_in_as(browser)


@pytest.mark.parametrize(
    "wrong",
    [
        {"origin": "https://evil.example"},
        {"rp_id": "evil.example"},
        {"verified": False},
    ],
    ids=["another-site", "another-domain", "no-user-verification"],
)
def test_a_sign_in_answer_that_does_not_prove_the_passkey_is_refused(
    app, login_as, make_client, soft, wrong
):
    _register(login_as("client_a"), soft)
    browser, sent, _answer = _sign_in(make_client, soft, **wrong)
    assert sent.location.endswith("/login")
    assert REFUSED in browser.get(sent.location).get_data(as_text=True)
    assert browser.get("/account").status_code == 302  # not signed in


def test_a_replayed_answer_and_a_copied_passkey_are_refused(app, login_as, make_client, soft):
    _register(login_as("client_a"), soft)
    _browser, first, answer = _sign_in(make_client, soft)
    assert first.location.endswith("/")
    # The same answer again, to new options: its challenge is not theirs.
    _browser, replayed, _answer = _sign_in(make_client, soft, answer_with=answer)
    assert replayed.location.endswith("/login")
    # A copy of the key answers with a counter that did not grow.
    _browser, copied, _answer = _sign_in(make_client, soft, count_up=0)
    assert copied.location.endswith("/login")
    # The original, counting on, still works.
    _browser, again, _answer = _sign_in(make_client, soft, count_up=5)
    assert again.location.endswith("/")


def test_a_passkey_nobody_has_and_a_switched_off_account_sign_no_one_in(
    app, login_as, make_client, soft, people
):
    stranger = SoftPasskey(soft.rp_id, soft.origin)
    _browser, sent, _answer = _sign_in(make_client, stranger)
    assert sent.location.endswith("/login")
    _register(login_as("client_a"), soft)
    with app.app_context():
        db.get(User, people["client_a"].id).deactivated_at = utcnow()
        db.commit()
    _browser, sent, _answer = _sign_in(make_client, soft)
    assert sent.location.endswith("/login")


def test_registering_needs_a_name_user_verification_and_this_site(app, login_as, soft):
    anna = login_as("client_a")
    nameless = _register(anna, soft, name="")
    assert nameless.status_code == 422
    assert "Please fill in this field." in nameless.get_data(as_text=True)
    for wrong in ({"verified": False}, {"origin": "https://evil.example"}):
        refused = _register(anna, soft, **wrong)
        assert refused.status_code == 422
        assert "The passkey could not be saved." in refused.get_data(as_text=True)
    # An answer without the options first (no challenge waiting) is refused too.
    data = {"name": "Phone", "credential": soft.register(json.dumps({"challenge": "AAAA"}))}
    assert post_form(anna, "/account/passkeys", data, page="/account/passkeys").status_code == 422
    with app.app_context():
        assert db.scalars(select(Passkey)).all() == []


def test_only_its_owner_sees_and_removes_a_passkey(app, login_as, soft):
    anna = login_as("client_a")
    _register(anna, soft, name="Anna's phone")
    with app.app_context():
        key_id = db.scalar(select(Passkey.id))
    bent = login_as("client_b")
    assert "Anna" not in bent.get("/account/passkeys").get_data(as_text=True)
    token = _token(bent, "/account/passkeys")
    assert (
        bent.post(f"/account/passkeys/{key_id}/remove", data={"csrf_token": token}).status_code
        == 404
    )
    removed = post_form(anna, f"/account/passkeys/{key_id}/remove", {}, page="/account/passkeys")
    assert removed.status_code == 303
    with app.app_context():
        assert db.scalars(select(Passkey)).all() == []


def test_refused_passkeys_are_throttled_with_wrong_passwords(app, make_client, soft):
    browser = make_client()
    statuses = []
    for _ in range(11):
        options = _options(browser, "/login/passkey/options", "/login")
        data = {"credential": soft.sign_in(options), "next": ""}
        statuses.append(post_form(browser, "/login/passkey", data, page="/login").status_code)
    assert statuses[:10] == [303] * 10 and statuses[10] == 429
