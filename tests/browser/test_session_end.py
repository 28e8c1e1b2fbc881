"""The end of a session in a real browser, on a portal whose idle limit is a few seconds: the
conversation's poll meets the ended session without moving the page, a notice at the bottom
says so, and "Sign in again" brings the person back to the conversation with the message
they had not sent still in the box (held on the server, never in the browser)."""

import re
import time

import pytest

from portal.demo.seed import DEMO_PASSWORD
from tests.browser.demo import open_first_conversation
from tests.browser.helpers import axe_violations, bar_is_at_the_bottom
from tests.browser.server import DEMO_ACCOUNTS, PHONE, live_portal, sign_in

pytestmark = pytest.mark.browser

IDLE_SECONDS = 6
UNSENT = "Jeg tænkte på det med arbejdstiden, og"
FRAGMENTS = ("/poll", "/badge", "/session/keep-alive")


@pytest.fixture(scope="module")
def short_idle_url(tmp_path_factory):
    """A second live portal whose sessions end after IDLE_SECONDS without a request."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SESSION_IDLE_SECONDS", str(IDLE_SECONDS))
        with live_portal(tmp_path_factory) as server:
            env.delenv("SESSION_IDLE_SECONDS")  # read once, by this portal only
            yield server.url


def test_the_poll_meets_an_ended_session_and_the_unsent_message_survives_sign_in(
    new_page, short_idle_url, axe_source, tmp_path
):
    base_url = short_idle_url
    page = new_page(viewport=PHONE)
    visited: list[str] = []  # every address the page itself ever went to
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    page.on("request", lambda r: r.is_navigation_request() and visited.append(r.url))
    # The page's timers (the 15-second poll) run on a clock the test moves on; the server's
    # idle limit is real time, so that part is waited for.
    page.clock.install()
    sign_in(page, base_url, DEMO_ACCOUNTS["client"])
    open_first_conversation(page, base_url)
    conversation = page.url
    assert page.locator("#idle-warning").get_attribute("data-idle-seconds") == str(IDLE_SECONDS)

    reply = page.locator("textarea[name=body]")
    reply.press_sequentially(UNSENT)
    notice = page.locator("#session-ended")
    time.sleep(IDLE_SECONDS + 1)  # the server ends the session
    # The poll comes every 15 seconds; the session has ended by then.
    with page.expect_response(lambda r: "/poll" in r.url and r.status == 401, timeout=30_000):
        page.clock.run_for(15_000)
        notice.wait_for(state="visible", timeout=30_000)
    assert page.url == conversation, "the page moved"
    assert reply.input_value() == UNSENT
    assert notice.get_attribute("role") == "alert"
    # Anna reads the portal in Danish.
    assert "Du er blevet logget ud, fordi portalen ikke har været brugt i et stykke tid." in (
        notice.inner_text()
    )
    assert page.locator("#idle-warning").is_hidden()
    assert bar_is_at_the_bottom(page, "#session-ended")
    assert axe_violations(page, axe_source) == []
    page.screenshot(path=str(tmp_path / "session-ended-phone.png"))  # to look at by eye

    # Polling has stopped: no request for a fragment goes out any more.
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.clock.run_for(16_000)  # longer than the poll's 15 seconds
    page.wait_for_timeout(500)  # a request the timers started would have gone out by now
    assert not [url for url in asked if any(part in url for part in FRAGMENTS)], asked

    notice.get_by_role("link", name="Log ind igen").click()
    page.wait_for_url(re.compile(r"/login\?next="))
    # Signed out, the page speaks the browser's language (English here), as for any visitor.
    assert "What you wrote is kept" in page.locator(".flash-region").inner_text()
    page.fill("#email", DEMO_ACCOUNTS["client"])
    page.fill("#password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(conversation)
    assert page.locator("textarea[name=body]").input_value() == UNSENT
    assert "Det, du skrev, står her igen" in page.locator(".flash-region").inner_text()
    assert UNSENT not in page.locator("#messages").inner_text(), "it was sent without asking"
    assert not [url for url in visited if any(part in url for part in FRAGMENTS)], visited
