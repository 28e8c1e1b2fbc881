"""Feedback in a real browser: the client answers "How did the meeting go?" with the keyboard
after first sending it empty, or says "No thanks" without JavaScript, and the invitation
leaves the home page; the team lead's report by month names no client. (The feedback pages'
axe-core and reflow checks are in test_meeting_pages.py, with the meeting pages.)

Each journey answers a meeting of its own, recorded with Peter just now (so it is the one his
home page invites feedback on) and cancelled afterwards.
"""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, format_date

from portal.core.dates import local_today
from portal.core.identity import Role
from portal.demo.seed import ACCOUNTS
from portal.feedback.report import MONTHS_SHOWN, QUARTERS_SHOWN
from tests.browser.demo import LEAD, OTHER_CLIENT, cancel_meetings, record_meeting
from tests.browser.helpers import axe_violations, browser_storage, checked, focused_id, translated

pytestmark = pytest.mark.browser

CLIENT_NAMES = [name for role, _email, name, *_rest in ACCOUNTS if role == Role.CLIENT]


@pytest.fixture
def feedback_meeting(live_server):
    """A meeting with Peter two minutes ago: the newest, so his home page invites feedback."""
    meeting = record_meeting(live_server, minutes_ago=2)
    yield meeting
    cancel_meetings(live_server, [meeting.id])


def invitation(page, meeting_id: int):
    """The home page's "How did the meeting go?" panel, when it is about this meeting."""
    return page.locator("section[aria-labelledby=invite-heading]").filter(
        has=page.locator(f"a[href='/meetings/{meeting_id}/feedback']")
    )


def test_client_gives_meeting_feedback_with_the_keyboard(
    live_server, signed_in_page, base_url, axe_source, feedback_meeting
):
    meeting_id = feedback_meeting.id
    comment = f"Rart at vi gennemgik ansøgningerne sammen {uuid.uuid4().hex[:8]}"
    page = signed_in_page(OTHER_CLIENT)
    page.goto(f"{base_url}/")
    with page.expect_navigation():
        invitation(page, meeting_id).get_by_role("link").click()
    assert page.url == f"{base_url}/meetings/{meeting_id}/feedback"

    # Sent without a rating: the errors are announced (role=alert), tied to the question, and
    # the page still passes axe.
    with page.expect_navigation() as navigation:
        page.click("main form.stack button[type=submit]")
    assert navigation.value.status == 422
    summary = page.locator(".error-summary[role=alert]")
    assert summary.is_visible()
    assert translated(live_server, "da", "Choose a number from 1 to 5.") in summary.inner_text()
    question = page.locator("fieldset#feedback-rating.field-error")
    assert "feedback-rating-error" in question.get_attribute("aria-describedby").split()
    assert axe_violations(page, axe_source) == []

    # The error's link leads to the question; Tab then reaches its first choice, and the
    # arrow keys choose the rating.
    summary.locator("a[href='#feedback-rating']").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused_id(page) == "#feedback-rating-1"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert focused_id(page) == "#feedback-rating-4"
    assert checked(page, "rating") == "4"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#feedback-comment"
    page.keyboard.type(comment)
    page.keyboard.press("Tab")
    # "Without my name" is chosen unless the client changes it; Tab lands on it.
    assert focused_id(page) == "#feedback-sharing-1"
    page.keyboard.press("Space")
    assert checked(page, "sharing") == "anonymous"
    page.keyboard.press("Tab")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert page.url.split("#")[0] == f"{base_url}/meetings/{meeting_id}"  # (#feedback-errors kept)
    thanks = translated(
        live_server, "da", "Thank you for your feedback. It is counted without your name."
    )
    assert page.locator("#flash[role=status] .notice-success").inner_text().startswith(thanks)
    assert page.locator("#feedback-heading").count() == 0, "the meeting still asks for feedback"

    page.goto(f"{base_url}/")
    assert page.locator(f"a[href='/meetings/{meeting_id}/feedback']").count() == 0
    page.goto(f"{base_url}/meetings/{meeting_id}/feedback")
    assert page.locator("main form.stack").count() == 0, "the meeting can be answered twice"
    page.goto(f"{base_url}/feedback")
    assert comment not in page.locator("main").inner_text(), "listed as given with a name"
    assert comment not in browser_storage(page)


def test_client_says_no_thanks_without_javascript(
    live_server, signed_in_page, base_url, feedback_meeting
):
    page = signed_in_page(OTHER_CLIENT, java_script_enabled=False)
    page.goto(f"{base_url}/")
    with page.expect_navigation() as navigation:
        invitation(page, feedback_meeting.id).get_by_role("button").click()
    assert navigation.value.status == 200
    assert page.url == f"{base_url}/"
    all_right = translated(
        live_server, "da", "All right. You will not be asked about this meeting again."
    )
    assert page.locator("#flash .notice-success").inner_text() == all_right
    assert page.locator(f"a[href='/meetings/{feedback_meeting.id}/feedback']").count() == 0


def test_team_lead_sees_the_report_by_month_without_client_names(
    live_server, signed_in_page, base_url
):
    page = signed_in_page(LEAD)
    page.goto(f"{base_url}/")
    page.locator("nav.main-nav summary").click()  # on a phone the lead's rest is under "More"
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/feedback/report']")
    columns = page.locator("main table").first.locator("thead th[scope=col]")
    assert columns.count() == 1 + QUARTERS_SHOWN

    # The plain GET form: the choice is in the address, and the page shows it again.
    page.select_option("#by", "month")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    assert parse_qs(urlsplit(page.url).query)["by"] == ["month"]
    assert page.input_value("#by") == "month"
    assert page.locator("main table").count() >= 1
    assert page.locator("main table caption").first.is_visible()
    assert columns.count() == 1 + MONTHS_SHOWN
    with live_server.app.app_context(), force_locale("da"):
        this_month = format_date(local_today().replace(day=1), "MMMM y")
    assert columns.last.inner_text() == this_month

    text = page.locator("main").inner_text()
    named = [name for name in CLIENT_NAMES if name in text]
    assert not named, f"the report names clients: {named}"
