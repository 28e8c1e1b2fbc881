"""The portal in a real browser: each role's home, accessibility (axe-core), reflow at 320 px,
the keyboard, signing in without JavaScript, and an htmx form journey.

Run with `pytest tests/browser`; needs /usr/bin/chromium (see the Makefile).
"""

import uuid

import pytest

from portal.demo.seed import ACCOUNTS
from tests.browser.helpers import LANGUAGES, axe_violations, shown_page_problems, use_viewport
from tests.browser.server import DEMO_ACCOUNTS, PHONE, sign_in, switch_language

pytestmark = pytest.mark.browser

LOCALES = {email: locale for _role, email, *_rest, locale in ACCOUNTS}

# What only each role's home page shows.
HOME_MARKERS = {
    "admin": "#teams-heading",
    "specialist": "#caseload-heading",
    "client": "#next-heading",
    "employer": "main p:has-text('Brugsen Vollsmose')",
}

# The pages checked with axe and for reflow, per visitor. Paths ending in "!" are visited
# after a failed sign-in (form errors shown); the rest are plain GETs.
PAGES = {
    "anonymous": ["/login", "/login!", "/accessibility", "/no-such-page"],
    "admin": ["/", "/account", "/invitations"],
    "specialist": ["/", "/account", "/invitations"],
    "client": ["/", "/account"],
    "employer": ["/", "/account"],
}


def visit(page, base_url: str, path: str) -> None:
    if path.endswith("!"):
        page.goto(base_url + path.rstrip("!"))
        page.fill("#email", "nobody@example.org")
        page.fill("#password", "not-the-password")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.locator(".error-summary").is_visible()
        return
    response = page.goto(base_url + path)
    expected = 404 if path == "/no-such-page" else 200
    assert response.status == expected, f"{path} answered {response.status}"


@pytest.mark.parametrize("role", DEMO_ACCOUNTS)
def test_each_role_signs_in_on_a_phone_and_sees_its_home_page(page, base_url, role):
    email = DEMO_ACCOUNTS[role]
    sign_in(page, base_url, email)
    assert page.url == f"{base_url}/"
    assert page.locator(HOME_MARKERS[role]).is_visible()
    assert page.locator("html").get_attribute("lang") == LOCALES[email]
    assert page.locator("nav.main-nav a[aria-current=page]").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", PAGES)
def test_pages_pass_axe_and_reflow_at_320_px(
    new_page, signed_in_page, base_url, axe_source, visitor, language
):
    if visitor == "anonymous":
        page = new_page()
        page.goto(f"{base_url}/login")
        switch_language(page, language)
    else:
        page = signed_in_page(DEMO_ACCOUNTS[visitor], language=language)
    problems = []
    for path in PAGES[visitor]:
        use_viewport(page, PHONE)
        visit(page, base_url, path)
        problems += shown_page_problems(page, path, language, axe_source)
    assert not problems, "\n".join(problems)


def test_first_tab_on_the_login_page_focuses_the_skip_link(page, base_url):
    page.goto(f"{base_url}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_signing_in_works_without_javascript(new_page, base_url):
    page = new_page(java_script_enabled=False)
    page.goto(f"{base_url}/login")
    page.fill("#email", DEMO_ACCOUNTS["client"])
    page.fill("#password", "wrong-password-here")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    sign_in(page, base_url, DEMO_ACCOUNTS["client"])
    assert page.locator(HOME_MARKERS["client"]).is_visible()


def test_invitation_form_is_swapped_in_place_by_htmx(signed_in_page, base_url, axe_source):
    page = signed_in_page(DEMO_ACCOUNTS["specialist"])
    page.goto(f"{base_url}/invitations")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    email = f"nina.{uuid.uuid4().hex[:8]}@example.org"

    page.fill("#email", email)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#invitations-panel form button[type=submit]")
    assert answer.value.status == 422
    assert answer.value.request.headers.get("hx-request") == "true"
    summary = page.locator("#invitations-panel .error-summary")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert page.locator("#name[aria-invalid=true]").count() == 1
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
    assert axe_violations(page, axe_source) == []

    page.fill("#name", "Nina Ny")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#invitations-panel form button[type=submit]")
    assert answer.value.status == 200
    status = page.locator("#flash[role=status] .notice-success")
    status.wait_for()
    assert email in status.inner_text()
    assert summary.count() == 0
    assert page.locator("#invitations-panel .item-list").get_by_text(email).is_visible()
    # The pressed button is gone: focus goes to the (emptied) form's heading, not <body>.
    page.wait_for_function("() => document.activeElement.id === 'invite-heading'")
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
    assert axe_violations(page, axe_source) == []
