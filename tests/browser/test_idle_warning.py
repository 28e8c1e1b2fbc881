"""S6 in a real browser: two minutes before the idle sign-out the page warns, in an alert
dialog that takes focus, and "Stay signed in" restarts the clock on the server."""

import pytest

from tests.browser.server import DEMO_ACCOUNTS
from tests.browser.test_pages import axe_violations

pytestmark = pytest.mark.browser

IDLE_MINUTES = 30


def test_the_idle_warning_appears_and_stay_signed_in_keeps_the_session(
    signed_in_page, base_url, axe_source
):
    page = signed_in_page(DEMO_ACCOUNTS["client"])
    page.clock.install()
    page.goto(f"{base_url}/")
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    assert warning.get_attribute("data-idle-seconds") == str(IDLE_MINUTES * 60)

    page.clock.run_for(f"{IDLE_MINUTES - 3}:00")
    assert warning.is_hidden(), "the warning came too early"
    page.clock.run_for("01:05")  # now 2 minutes before the server's limit
    assert warning.is_visible()
    assert warning.get_attribute("role") == "alertdialog"
    stay = warning.locator("[data-stay-signed-in]")
    assert page.evaluate("document.activeElement.hasAttribute('data-stay-signed-in')")
    assert axe_violations(page, axe_source) == []

    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as answer:
        stay.click()
    assert answer.value.status == 204
    warning.wait_for(state="hidden")
    # Still signed in: the next page is the home page, not the sign-in page.
    page.goto(f"{base_url}/")
    assert page.url == f"{base_url}/"
