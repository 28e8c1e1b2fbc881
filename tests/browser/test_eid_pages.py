"""National eID on a phone, against the test broker (tests/eid_broker.py) the live portal is
set up with: Anna links MitID and a passkey from My account, then signs in with each; Mette,
staff, signs in with MitID at a substantial level and is asked no code; a stranger's MitID
signs no one in and the page says who to ask. The pages pass axe-core and reflow at 320 px.
Run on localhost, the portal's PUBLIC_URL here, where the broker sends the browser back."""

import pytest

from tests.browser.demo import CLIENT, SPECIALIST, user
from tests.browser.helpers import shown_page_problems
from tests.browser.phone import assert_in_viewport, confirmation
from tests.browser.server import sign_in

pytestmark = pytest.mark.browser


def _at_the_broker(page, subject: str, level: str = "Substantial") -> None:
    """The test broker's page: say who you are, at which level, and sign in."""
    page.wait_for_url("**/authorize?**")
    page.fill("input[name=subject]", subject)
    page.select_option("select[name=acr]", label=level)
    with page.expect_navigation():
        page.click("button[value=sign-in]")


def _sign_out(page) -> None:
    with page.expect_navigation():
        page.click("header form[action='/logout'] button")


def test_anna_links_mitid_and_a_passkey_and_signs_in_with_each(
    live_server, phone_with_authenticator, axe_source
):
    page, base_url = phone_with_authenticator
    with live_server.app.app_context():
        language = user(CLIENT).locale
    sign_in(page, base_url, CLIENT)
    page.goto(base_url + "/account")
    problems = shown_page_problems(page, "/account", language, axe_source)
    page.click("form[action='/account/eid'] button")
    _at_the_broker(page, "anna-at-mitid")
    assert page.url == base_url + "/account"
    assert_in_viewport(confirmation(page))
    assert page.locator("form[action='/account/eid/remove']").is_visible()
    problems += shown_page_problems(page, "/account (MitID linked)", language, axe_source)
    with page.expect_navigation():
        page.click("a[href='/account/passkeys']")
    page.fill("#name", "Annas telefon")
    with page.expect_navigation():
        page.click("form[data-passkey] button[type=submit]")
    assert "Annas telefon" in page.inner_text("main")
    _sign_out(page)

    page.goto(base_url + "/login")
    # Signed out, the page speaks the browser's language again.
    problems += shown_page_problems(page, "/login (with MitID)", "en", axe_source)
    page.click("form[action='/login/eid'] button")
    _at_the_broker(page, "anna-at-mitid")
    assert page.url == base_url + "/"
    _sign_out(page)
    page.goto(base_url + "/login")
    with page.expect_navigation():
        page.click("form.passkey-sign-in button")
    assert page.url == base_url + "/"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("level", "asked_for_code"), [("Substantial", False), ("Low", True)])
def test_mette_needs_no_code_after_mitid_at_a_substantial_level(
    live_server, phone_with_authenticator, level, asked_for_code
):
    page, base_url = phone_with_authenticator
    sign_in(page, base_url, SPECIALIST)
    page.goto(base_url + "/account")
    page.click("form[action='/account/eid'] button")
    _at_the_broker(page, "mette-at-mitid")
    _sign_out(page)
    page.goto(base_url + "/login")
    page.click("form[action='/login/eid'] button")
    _at_the_broker(page, "mette-at-mitid", level)
    assert page.url == base_url + ("/login/code" if asked_for_code else "/")


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_an_unknown_mitid_says_who_to_ask(
    live_server, phone_with_authenticator, axe_source, language
):
    page, base_url = phone_with_authenticator
    page.goto(base_url + "/login")
    with page.expect_navigation():
        page.click(f".language-switcher button[value={language}]")
    page.click("form[action='/login/eid'] button")
    _at_the_broker(page, "a-stranger")
    assert page.url == base_url + "/login/eid/return" or "/login/eid/return?" in page.url
    assert page.locator("a[href='/i-would-like-to-work']").is_visible()
    assert "IPS" not in page.inner_text("body")
    problems = shown_page_problems(page, "the unknown-eID page", language, axe_source)
    page.goto(base_url + "/login/paper/eid")
    problems += shown_page_problems(page, "/login/paper/eid", language, axe_source)
    assert not problems, "\n".join(problems)
