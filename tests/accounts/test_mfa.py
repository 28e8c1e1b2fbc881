"""S7: two-factor sign-in. Staff cannot get in without a code (and set it up before their
first sign-in), a code works once, recovery codes work once, and clients may choose it."""

import re

import pyotp
from sqlalchemy import select

from portal.accounts.models import RecoveryCode
from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import new_recovery_codes, password_step
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.helpers import csrf_token_from, current_code, post_form


def test_staff_need_the_code_and_a_code_works_once(app, make_client, people):
    email = people["specialist_a"].email
    browser = make_client()
    assert password_step(browser, email).endswith("/login/code")
    # Half signed in is not signed in.
    assert browser.get("/").status_code == 302
    wrong = post_form(browser, "/login/code", {"code": "000000"})
    assert wrong.status_code == 422 and "That code is not right." in wrong.get_data(True)
    code = current_code(app, email)
    assert post_form(browser, "/login/code", {"code": code}).status_code == 303
    assert browser.get("/").status_code == 200
    # The same code again, from another browser: refused (no replay within its 30 seconds).
    other = make_client()
    password_step(other, email)
    assert post_form(other, "/login/code", {"code": code}).status_code == 422
    assert other.get("/").status_code == 302


def test_recovery_codes_work_once(app, make_client, people, login_as):
    lead = login_as("admin")
    codes = new_recovery_codes(lead)
    assert len(codes) == 10
    browser = make_client()
    password_step(browser, people["admin"].email)
    assert post_form(browser, "/login/code", {"code": codes[0].upper()}).status_code == 303
    again = make_client()
    password_step(again, people["admin"].email)
    assert post_form(again, "/login/code", {"code": codes[0]}).status_code == 422
    with app.app_context():
        stored = db.scalars(select(RecoveryCode.code_hash)).all()
    assert codes[1] not in " ".join(stored)  # only hashes are kept


def test_new_staff_set_up_two_factor_before_they_are_in(app, make_client, people):
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        mette.totp_secret = mette.mfa_enabled_at = None
        db.commit()
    browser = make_client()
    assert password_step(browser, people["specialist_a"].email).endswith("/login/setup")
    page = browser.get("/login/setup").get_data(as_text=True)
    assert "<svg" in page and 'class="segno"' in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert browser.get("/").status_code == 302
    wrong = post_form(browser, "/login/setup", {"code": "123456"})
    assert wrong.status_code == 422
    done = post_form(browser, "/login/setup", {"code": pyotp.TOTP(secret).now()})
    assert (
        done.status_code == 200
        and len(re.findall(r"<code>[0-9a-f-]{17}</code>", done.get_data(True))) == 10
    )
    assert browser.get("/").status_code == 200
    with app.app_context():
        assert db.get(User, people["specialist_a"].id).totp_secret == secret


def test_clients_may_switch_it_on_and_off(app, make_client, people, login_as):
    anna = login_as("client_a")
    page = anna.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    token = csrf_token_from(page)
    done = anna.post(
        "/account/two-factor", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 200 and "Save your recovery codes" in done.get_data(True)
    browser = make_client()
    assert password_step(browser, people["client_a"].email).endswith("/login/code")
    refused = post_form(
        anna, "/account/two-factor/off", {"password": "wrong"}, page="/account/two-factor"
    )
    assert refused.status_code == 303
    with app.app_context():
        assert db.get(User, people["client_a"].id).mfa_enabled_at is not None
    post_form(
        anna, "/account/two-factor/off", {"password": TEST_PASSWORD}, page="/account/two-factor"
    )
    with app.app_context():
        assert db.get(User, people["client_a"].id).totp_secret is None
    assert password_step(make_client(), people["client_a"].email).endswith("/")


def test_staff_cannot_switch_it_off(app, login_as, people):
    mette = login_as("specialist_a")
    post_form(
        mette, "/account/two-factor/off", {"password": TEST_PASSWORD}, page="/account/two-factor"
    )
    with app.app_context():
        assert db.get(User, people["specialist_a"].id).totp_secret == TEST_TOTP_SECRET


def test_the_code_page_without_a_password_step_sends_back_to_sign_in(make_client):
    browser = make_client()
    assert browser.get("/login/code").status_code == 303
    assert browser.get("/login/setup").status_code == 303


def test_code_guesses_are_throttled_per_account_across_addresses(app, make_client, people):
    email = people["specialist_a"].email
    statuses = []
    for n in range(6):
        browser = make_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.9.0.{n}"
        password_step(browser, email)
        statuses.append(post_form(browser, "/login/code", {"code": "000000"}).status_code)
    assert statuses == [422] * 5 + [429]
