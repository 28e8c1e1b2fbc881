"""Meetings and feedback in a real browser: axe-core, reflow at 320 px and <html lang> in
every language for clients, their specialists and the team lead, on every page the feature
added (the summary and feedback journeys are in test_summary_pages.py and
test_feedback_pages.py, which use the helpers here); the client home page's title; and the
specialist planning a meeting that the client adds to the phone's calendar; a moved meeting
told on the client's home page.

The journeys change the live database, so they use meetings of their own with Peter (Mette's
client), recorded through the services or the forms, and cancel them afterwards. Anna's and
Elin's demo meetings are only looked at, never answered.
"""

from dataclasses import dataclass, replace
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from portal.core.dates import local_moment, local_today
from portal.core.db import db, utcnow
from portal.meetings.models import Meeting, MeetingMode, SummaryResponse
from portal.meetings.services import MeetingData, plan_meeting, update_meeting
from tests.browser.demo import LEAD, OTHER_CLIENT, SPECIALIST, cancel_meetings, user
from tests.browser.helpers import (
    LANGUAGES,
    assert_save_announced,
    checked_page_problems,
    shown_page_problems,
    translated,
    unique,
)
from tests.browser.phone import assert_in_viewport, confirmation
from tests.browser.server import DESKTOP, switch_language

pytestmark = pytest.mark.browser

CLIENT = "anna@demo.ips-portal.dk"  # a summary waiting for her, and a meeting coming up
CLIENT_SV = "elin@demo.ips-portal.se"  # a confirmed summary and a video meeting coming up


def _first_meeting(email: str, *conditions) -> Meeting:
    return db.scalar(
        select(Meeting).where(Meeting.client_id == user(email).id, *conditions).order_by(Meeting.id)
    )


@dataclass(frozen=True)
class DemoMeetings:
    """Ids of the demo records (they depend on the database, so they are looked up)."""

    anna: int
    anna_waiting: int  # recorded 3 days ago; the summary and the feedback wait for Anna
    anna_coming: int
    peter: int
    peter_disputed: int
    elin: int
    elin_confirmed: int
    elin_coming: int

    def pages(self, visitor: str) -> list[str]:
        """Paths to check; one ending in "!" is the page after sending its form empty."""
        if visitor == "client":
            return [
                "/",
                f"/clients/{self.anna}/meetings",
                f"/meetings/{self.anna_waiting}",
                f"/meetings/{self.anna_coming}",
                f"/meetings/{self.anna_waiting}/feedback",
                "/feedback",
                "/feedback!",
            ]
        if visitor == "specialist":  # the home page lists Peter's corrected summary
            return [
                "/",
                f"/clients/{self.peter}/meetings",
                f"/clients/{self.peter}/meetings!",
                f"/meetings/{self.peter_disputed}",
                "/feedback",
            ]
        if visitor == "admin":
            return ["/feedback/report", "/feedback/report?by=month"]
        return [
            "/",
            f"/clients/{self.elin}/meetings",
            f"/meetings/{self.elin_confirmed}",
            f"/meetings/{self.elin_coming}",
        ]


VISITORS = {"client": CLIENT, "specialist": SPECIALIST, "admin": LEAD, "client-sv": CLIENT_SV}


@pytest.fixture(scope="session")
def demo_meetings(live_server) -> DemoMeetings:
    with live_server.app.app_context():
        now = utcnow()
        return DemoMeetings(
            anna=user(CLIENT).id,
            anna_waiting=_first_meeting(
                CLIENT, Meeting.summary.is_not(None), Meeting.response.is_(None)
            ).id,
            anna_coming=_first_meeting(CLIENT, Meeting.starts_at > now).id,
            peter=user(OTHER_CLIENT).id,
            peter_disputed=_first_meeting(
                OTHER_CLIENT, Meeting.response == SummaryResponse.DISPUTED
            ).id,
            elin=user(CLIENT_SV).id,
            elin_confirmed=_first_meeting(
                CLIENT_SV, Meeting.response == SummaryResponse.CONFIRMED
            ).id,
            elin_coming=_first_meeting(CLIENT_SV, Meeting.starts_at > now).id,
        )


@pytest.fixture
def meetings_to_cancel(live_server):
    """A list for the ids of meetings a test made through the forms; cancelled afterwards."""
    ids: list[int] = []
    yield ids
    cancel_meetings(live_server, ids)


# --- every page: axe-core, reflow and the page's language ------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", VISITORS)
def test_meeting_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, demo_meetings, visitor, language
):
    page = signed_in_page(VISITORS[visitor], language=language)
    problems = [
        problem
        for path in demo_meetings.pages(visitor)
        for problem in checked_page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


def test_client_home_has_a_plain_title(live_server, signed_in_page, base_url):
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/")
    for language in LANGUAGES:
        switch_language(page, language)
        expected = " · ".join(
            translated(live_server, language, text) for text in ("Home", "IPS portal")
        )
        assert page.title() == expected


# --- the specialist plans a meeting, the client puts it in the calendar -----------------------


def test_specialist_plans_a_meeting_the_client_adds_to_the_calendar(
    live_server, signed_in_page, base_url, demo_meetings, meetings_to_cancel
):
    place = unique("Biblioteket, Østergade 5")
    with live_server.app.app_context():
        on = local_today() + timedelta(days=1)
        starts = local_moment(on, time(9, 15))
    mette = signed_in_page(SPECIALIST, locale="da-DK")
    mette.set_viewport_size(DESKTOP)
    mette.goto(f"{base_url}/clients/{demo_meetings.peter}/meetings")
    mette.fill("#new-on", on.isoformat())
    mette.locator("#new-at").focus()
    mette.keyboard.type("0915A")  # headless Chromium's time field has an AM/PM part
    assert mette.input_value("#new-at") == "09:15"
    mette.get_by_label(translated(live_server, "da", "By video")).check()
    mette.fill("#new-place", place)
    with mette.expect_navigation():
        mette.click("section[aria-labelledby=new-meeting-heading] button[type=submit]")
    assert mette.url.startswith(f"{base_url}/meetings/")
    meeting_id = int(mette.url.split("#")[0].rsplit("/", 1)[1])  # the action ends #new-errors
    meetings_to_cancel.append(meeting_id)
    assert_save_announced(mette)
    facts = mette.locator("dl.facts")
    assert facts.locator(f"time[datetime='{starts.isoformat()}']").count() == 1
    assert translated(live_server, "da", "By video") in facts.inner_text()
    assert place in facts.inner_text()

    peter = signed_in_page(OTHER_CLIENT)
    peter.goto(f"{base_url}/")
    coming = peter.locator("section[aria-labelledby=meetings-heading] li").filter(
        has=peter.locator(f"a[href='/meetings/{meeting_id}']")
    )
    assert place in coming.inner_text()
    with peter.expect_download() as download:
        coming.locator(f"a[href='/meetings/{meeting_id}/calendar.ics']").click()
    assert download.value.suggested_filename == f"meeting-{on.isoformat()}.ics"
    ics = calendar_text(download.value.path().read_text(encoding="utf-8"))
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "LOCATION:" + place.replace(",", "\\,") in ics  # iCalendar escapes the comma
    assert f"DTSTART:{starts.strftime('%Y%m%dT%H%M%SZ')}" in ics
    assert "SUMMARY:Møde med Mette Jensen" in ics
    answer = peter.request.get(f"{base_url}/meetings/{meeting_id}/calendar.ics")
    assert answer.headers["content-type"].startswith("text/calendar")


def calendar_text(ics: str) -> str:
    """Undo iCalendar's line folding (long lines go on after a line break and a space)."""
    return ics.replace("\r\n ", "").replace("\r\n", "\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moved_meeting_is_told_on_the_participants_phone(
    live_server, signed_in_page, base_url, axe_source, language
):
    """Mette moves Peter's coming meeting a day on: his home page says so until he presses
    "OK, I have seen it"."""
    with live_server.app.app_context():
        today = local_today()
        mette, peter = user(SPECIALIST), user(OTHER_CLIENT)
        plan = MeetingData(today + timedelta(days=3), time(10), 60, MeetingMode.IN_PERSON, "", None)
        meeting = plan_meeting(mette, peter, plan)
        db.commit()
        moved = replace(plan, on=today + timedelta(days=4))
        update_meeting(mette, meeting, moved, meeting.version)
        db.commit()
        meeting_id = meeting.id
    try:
        page = signed_in_page(OTHER_CLIENT, language=language)
        page.goto(base_url + "/")
        notice = page.locator(f"section[aria-labelledby='meeting-notice-{meeting_id}']")
        assert notice.count() == 1
        problems = shown_page_problems(page, "/ (a moved meeting)", language, axe_source)
        with page.expect_navigation():
            notice.locator("button").click()
        assert_in_viewport(confirmation(page))
        assert notice.count() == 0
        assert not problems, "\n".join(problems)
    finally:
        cancel_meetings(live_server, [meeting_id])
