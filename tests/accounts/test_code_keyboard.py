"""On a phone the authenticator's code opens the number pad (issue #19); a recovery code, with
letters in it, has its own address with the full keyboard, and either code works on either."""

import re

from tests.accounts.helpers import new_recovery_codes, password_step
from tests.helpers import post_form


def code_input(html: str) -> str:
    match = re.search(r'<input[^>]*name="code"[^>]*>', html)
    assert match, "no code field"
    return match.group(0)


def test_the_app_code_opens_the_number_pad_everywhere_it_is_asked(make_client, people, login_as):
    browser = make_client()
    assert password_step(browser, people["specialist_a"].email).endswith("/login/code")
    field = code_input(browser.get("/login/code").get_data(as_text=True))
    assert 'inputmode="numeric"' in field
    assert 'autocomplete="one-time-code"' in field
    assert 'pattern="[0-9]*"' in field
    anna = login_as("client_a")  # switching it on: the first code
    field = code_input(anna.get("/account/two-factor").get_data(as_text=True))
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field


def test_a_recovery_code_gets_the_full_keyboard_and_is_accepted(make_client, people, login_as):
    lead = login_as("admin")
    codes = new_recovery_codes(lead)
    browser = make_client()
    password_step(browser, people["admin"].email)
    sign_in_page = browser.get("/login/code").get_data(as_text=True)
    assert 'href="/login/code?use=recovery"' in sign_in_page
    html = browser.get("/login/code?use=recovery").get_data(as_text=True)
    field = code_input(html)
    assert 'inputmode="text"' in field and "pattern" not in field
    assert 'action="/login/code?use=recovery"' in html
    # A wrong one comes back on the same keyboard.
    wrong = post_form(browser, "/login/code?use=recovery", {"code": "abcd-efgh"})
    assert wrong.status_code == 422
    assert 'inputmode="text"' in code_input(wrong.get_data(as_text=True))
    right = post_form(browser, "/login/code?use=recovery", {"code": codes[0]})
    assert right.status_code == 303
