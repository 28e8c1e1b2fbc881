"""S6 in a real browser: two minutes before the idle sign-out the page warns, in a live region
at the bottom of the window that is read out but moves neither the page nor the focus of
someone typing; typing counts as activity; "Stay signed in" restarts the clock on the server."""

import pytest

from tests.browser.demo import open_first_conversation
from tests.browser.helpers import axe_violations, bar_is_at_the_bottom
from tests.browser.server import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

IDLE_MINUTES = 30


def test_the_idle_warning_is_announced_without_moving_focus_or_the_page(
    signed_in_page, base_url, axe_source
):
    page = signed_in_page(DEMO_ACCOUNTS["client"])
    page.set_viewport_size({"width": 390, "height": 420})  # a phone with its keyboard open
    page.clock.install()
    open_first_conversation(page, base_url)
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    assert warning.get_attribute("data-idle-seconds") == str(IDLE_MINUTES * 60)

    reply = page.locator("textarea[name=body]")
    reply.scroll_into_view_if_needed()
    page.clock.run_for("02:00")
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as kept:
        reply.press_sequentially("I was thinking")  # typing keeps the session alive
    assert kept.value.status == 204
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0, "the reply box should be further down than one screen"

    page.clock.run_for(f"{IDLE_MINUTES - 3}:00")
    assert warning.is_hidden(), "the warning came too early"
    page.clock.run_for("01:05")  # now 2 minutes before the server's limit
    assert warning.is_visible()
    assert warning.get_attribute("role") == "alert"  # read out as it appears
    assert page.evaluate("document.activeElement.name") == "body", "focus left the textarea"
    assert page.evaluate("window.scrollY") == scrolled, "the page moved"
    assert bar_is_at_the_bottom(page, "#idle-warning")
    assert reply.input_value() == "I was thinking"
    assert axe_violations(page, axe_source) == []

    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as answer:
        warning.locator("[data-stay-signed-in]").click()
    assert answer.value.status == 204
    warning.wait_for(state="hidden")
    # Still signed in: the next page is the home page, not the sign-in page.
    page.goto(f"{base_url}/")
    assert page.url == f"{base_url}/"


def test_typing_restarts_the_warning_clock(signed_in_page, base_url):
    page = signed_in_page(DEMO_ACCOUNTS["client"])
    page.clock.install()
    open_first_conversation(page, base_url)
    warning = page.locator("#idle-warning")
    reply = page.locator("textarea[name=body]")
    page.clock.run_for(f"{IDLE_MINUTES - 3}:00")
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")):
        reply.press_sequentially("Still here")
    page.clock.run_for("02:00")  # 29 minutes after the page came, 2 after the typing
    assert warning.is_hidden(), "typing did not count as activity"
    page.clock.run_for("25:00")
    assert warning.is_hidden()
    page.clock.run_for("01:05")  # 28 minutes after the typing
    assert warning.is_visible()
