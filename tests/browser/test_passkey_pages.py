"""Passkeys on a phone, with Chromium's virtual authenticator standing in for the phone's own
(a platform authenticator that verifies its user): Anna adds a passkey under My account and
signs in with one tap; Mette, staff, signs in with hers and is asked no code. The pages pass
axe-core and reflow at 320 px. WebAuthn needs a domain: these pages open as localhost."""

import pytest

from tests.browser.demo import CLIENT, SPECIALIST, user
from tests.browser.helpers import shown_page_problems
from tests.browser.phone import assert_in_viewport, confirmation
from tests.browser.server import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("who", [CLIENT, SPECIALIST], ids=["participant", "staff"])
def test_a_passkey_is_added_and_signs_in_with_one_tap(
    live_server, phone_with_authenticator, axe_source, who
):
    page, base_url = phone_with_authenticator
    with live_server.app.app_context():
        language = user(who).locale
    sign_in(page, base_url, who)
    page.goto(base_url + "/account")
    with page.expect_navigation():
        page.click("a[href='/account/passkeys']")
    assert page.locator("[data-no-passkey]").is_hidden()
    problems = shown_page_problems(page, "/account/passkeys", language, axe_source)
    page.fill("#name", "Min telefon")
    with page.expect_navigation():
        page.click("form[data-passkey] button[type=submit]")
    assert_in_viewport(confirmation(page))
    assert "Min telefon" in page.inner_text("main")

    with page.expect_navigation():
        page.click("header form[action='/logout'] button")
    page.goto(base_url + "/login")
    with page.expect_navigation():
        page.click("form.passkey-sign-in button")
    assert page.url == base_url + "/"  # no password, and no code for staff either
    problems += shown_page_problems(page, "/ (after a passkey)", language, axe_source)
    assert not problems, "\n".join(problems)
