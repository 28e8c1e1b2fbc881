"""The client's answer to a meeting's "what we agreed" summary in a real browser: confirmed
with one tap (htmx, and a plain form post) from the home page's notice, or corrected, after
which the specialist sees the correction on the meeting and on the home page's attention list;
and a correction sent empty, whose errors htmx shows in place.

Each journey answers a meeting of its own, recorded with Peter (Mette's client) two days ago
and cancelled afterwards, so Anna's demo summary still waits for her.
"""

import pytest

from tests.browser.demo import (
    OTHER_CLIENT,
    SPECIALIST,
    FreshMeeting,
    cancel_meetings,
    record_meeting,
)
from tests.browser.helpers import (
    assert_focus_on,
    assert_same_page,
    assert_save_announced,
    axe_violations,
    browser_storage,
    mark_page,
    post_with_htmx,
    translated,
    unique,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def new_meeting(live_server):
    """Return a function recording a meeting with Peter two days ago (cancelled afterwards)."""
    made: list[int] = []

    def make() -> FreshMeeting:
        meeting = record_meeting(live_server, minutes_ago=2 * 24 * 60)
        made.append(meeting.id)
        return meeting

    yield make
    cancel_meetings(live_server, made)


def status_tag(page):
    return page.locator("#summary .status-tag")


def test_client_confirms_a_summary_from_home_with_htmx(
    live_server, signed_in_page, base_url, axe_source, new_meeting
):
    meeting = new_meeting()
    page = signed_in_page(OTHER_CLIENT)
    page.goto(f"{base_url}/")
    notice = page.locator(f"main .notice a[href='/meetings/{meeting.id}#summary']")
    with page.expect_navigation():
        notice.click()
    assert meeting.summary in page.locator("#summary .note-body").inner_text()
    waiting = translated(live_server, "da", "summary waiting for you")
    assert status_tag(page).inner_text() == waiting
    mark_page(page)

    # One tap: the summary is confirmed in place, the status region says so, and focus goes
    # to the summary's heading (the pressed button is gone).
    post_with_htmx(page, page.locator("#summary form[action$='/confirm'] button"))
    assert_save_announced(page)
    announced = page.locator("#flash[role=status] .notice-success").inner_text()
    assert announced == translated(live_server, "da", "Thank you. The summary is confirmed.")
    assert status_tag(page).inner_text() == translated(live_server, "da", "summary confirmed")
    assert page.locator("#summary form[action$='/confirm']").count() == 0
    assert_focus_on(page, "#summary-heading")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []
    assert meeting.summary not in browser_storage(page)

    page.goto(f"{base_url}/")
    assert notice.count() == 0, "the home page still asks to confirm the summary"


def test_client_confirms_a_summary_without_javascript(
    live_server, signed_in_page, base_url, new_meeting
):
    meeting = new_meeting()
    page = signed_in_page(OTHER_CLIENT, java_script_enabled=False)
    meeting_page = f"{base_url}/meetings/{meeting.id}"
    page.goto(meeting_page)
    with page.expect_navigation() as navigation:
        page.click("#summary form[action$='/confirm'] button")
    assert navigation.value.status == 200  # after the 303 back to the meeting
    assert page.url == meeting_page
    assert page.locator("#flash .notice-success").is_visible()
    assert status_tag(page).inner_text() == translated(live_server, "da", "summary confirmed")
    assert page.locator("#summary form[action$='/confirm']").count() == 0


def test_client_corrects_a_summary_and_the_specialist_sees_it(
    live_server, signed_in_page, base_url, axe_source, new_meeting
):
    meeting = new_meeting()
    correction = unique("Vi aftalte to ansøgninger, ikke tre.")
    peter = signed_in_page(OTHER_CLIENT)
    peter.goto(f"{base_url}/meetings/{meeting.id}")
    mark_page(peter)
    peter.click("#summary details > summary")
    peter.fill("#correction-correction", correction)
    post_with_htmx(peter, peter.locator("#summary form[action*='/correction'] button"))
    assert_save_announced(peter)
    # To her, the tag speaks to her (the specialist's page says who corrected it).
    asked = translated(live_server, "da", "you asked for a change")
    assert status_tag(peter).inner_text() == asked
    corrected = translated(live_server, "da", "summary corrected by the participant")
    assert correction in peter.locator("#summary").inner_text()
    assert_focus_on(peter, "#summary-heading")
    assert_same_page(peter)
    assert axe_violations(peter, axe_source) == []
    assert correction not in browser_storage(peter)

    mette = signed_in_page(SPECIALIST)
    mette.goto(f"{base_url}/")
    attention = mette.locator("section[aria-labelledby=attention-heading]")
    item = attention.locator(f"li:has(a[href='/meetings/{meeting.id}#summary'])")
    assert "Peter Madsen" in item.inner_text()
    said = translated(live_server, "da", "has corrected the summary of a meeting")
    assert said in item.inner_text()
    assert axe_violations(mette, axe_source) == []
    with mette.expect_navigation():
        item.locator("a").click()
    summary = mette.locator("#summary")
    assert "attention" in summary.get_attribute("class")
    assert status_tag(mette).inner_text() == corrected
    assert correction in summary.locator(".note-body").nth(1).inner_text()
    assert axe_violations(mette, axe_source) == []


def test_empty_correction_is_shown_in_place_with_htmx(
    signed_in_page, base_url, axe_source, new_meeting
):
    meeting = new_meeting()
    page = signed_in_page(OTHER_CLIENT)
    page.goto(f"{base_url}/meetings/{meeting.id}")
    mark_page(page)
    page.click("#summary details > summary")
    post_with_htmx(page, page.locator("#summary form[action*='/correction'] button"), status=422)
    assert_focus_on(page, "#summary .error-summary")
    assert page.locator("#correction-correction[aria-invalid=true]").count() == 1
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []
    # Only the summary is swapped, not a second copy of the whole page.
    for landmark in ("main", "nav.main-nav", "#flash", "#summary-block"):
        assert page.locator(landmark).count() == 1, f"{landmark} is on the page twice"
