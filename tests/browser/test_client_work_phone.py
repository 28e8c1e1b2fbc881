"""Jobs, education, meeting summaries and feedback on a 390 x 844 phone, with and without
JavaScript: after every submit the confirmation (or the first error) is inside the window.

The client confirms or corrects a summary (and after a correction no "yes" is offered under
the text she disputed), gives feedback (empty first; "Send" and "No thanks" far enough apart
for a thumb), and presses "I'm struggling at work" (what was sent stays on the page). Her
specialist records a meeting with its summary, changes the summary, and records a job (and an
invalid one), and a job whose type of work follows from a title of the national list. Elin's
course, which ends in a few weeks, is shown as current, in course words.

The journeys use meetings and a job of their own with Peter (Mette's client), recorded through
the services or the forms, and take them away afterwards. Set PHONE_SHOTS to a folder to keep
a screenshot of each step (to look at as a tired person on an old phone would).
"""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from portal.occupations.files import ListedOccupation
from portal.occupations.services import DISCO, replace_list
from portal.placements.models import Job, JobKind, Schedule, StrugglingSignal
from portal.placements.services.jobs import JobData, record_job
from tests.browser.demo import OTHER_CLIENT, SPECIALIST, cancel_meetings, record_meeting
from tests.browser.helpers import post_with_htmx, translated, unique
from tests.browser.phone import assert_in_viewport, confirmation, first_error
from tests.browser.server import PHONE

pytestmark = pytest.mark.browser

CLIENT_SV = "elin@demo.ips-portal.se"
EMPLOYER = "butik@demo.ips-portal.dk"  # Kim Larsen at Brugsen Vollsmose
SCRIPTING = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
FINGER_GAP = 8  # px between two buttons, at the least
FEW_DISCO_TITLES = [
    ("512010", "Kok", "51"),
    ("941210", "Køkkenmedhjælper", "94"),
    ("941220", "Opvasker", "94"),
]


def _user(email: str) -> User:
    return db.scalar(select(User).where(User.email == email))


def shot(page, name: str) -> None:
    """Keep a screenshot of what the phone shows now, when PHONE_SHOTS names a folder."""
    folder = os.environ.get("PHONE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(folder) / f"{name}.png"), caret="initial"
        )  # no style injected


def phone(signed_in_page, email: str, js: bool):
    return signed_in_page(email, java_script_enabled=js)


def press(page, button, js: bool) -> None:
    """Press a submit button; wait for the new page, or with htmx for the confirmation."""
    button.scroll_into_view_if_needed()
    if js and button.evaluate("b => !!b.form.getAttribute('data-hx-post')"):
        post_with_htmx(page, button)
    else:
        with page.expect_navigation():
            button.click()


@pytest.fixture
def peters_meeting(live_server):
    """A meeting with Peter two days ago, its summary waiting for him (cancelled afterwards)."""
    made = []

    def make():
        meeting = record_meeting(live_server, minutes_ago=2 * 24 * 60)
        made.append(meeting.id)
        return meeting

    yield make
    cancel_meetings(live_server, made)


# --- the client: a summary ----------------------------------------------------------------


@SCRIPTING
def test_client_confirms_a_summary_on_a_phone(signed_in_page, base_url, peters_meeting, js):
    meeting = peters_meeting()
    page = phone(signed_in_page, OTHER_CLIENT, js)
    page.goto(f"{base_url}/meetings/{meeting.id}")
    shot(page, f"summary-waiting-{js}")
    press(page, page.locator("#summary form[action$='/confirm'] button"), js)
    assert_in_viewport(confirmation(page), "the summary's confirmation")
    assert page.locator("#summary form[action$='/confirm']").count() == 0
    shot(page, f"summary-confirmed-{js}")


@SCRIPTING
def test_client_asks_for_a_change_calmly_and_is_not_offered_yes_under_it(
    live_server, signed_in_page, base_url, peters_meeting, js
):
    meeting = peters_meeting()
    change = unique("Vi aftalte to ansøgninger, ikke tre.")
    page = phone(signed_in_page, OTHER_CLIENT, js)
    page.goto(f"{base_url}/meetings/{meeting.id}")
    page.locator("#summary details > summary").click()
    page.fill("#correction-correction", change)
    shot(page, f"summary-change-typed-{js}")
    press(page, page.locator("#summary form[action*='/correction'] button"), js)
    assert_in_viewport(confirmation(page), "the correction's confirmation")
    shot(page, f"summary-change-sent-{js}")

    summary = page.locator("#summary")
    # No "yes, that is what we agreed" under the text she has just disputed.
    assert summary.locator("form[action$='/confirm']").count() == 0
    asked = summary.locator(".change-asked")
    assert change in asked.inner_text()
    assert translated(live_server, "da", "You asked for a change:") in asked.inner_text()
    # Calm: neither the error colours nor an alert.
    assert "attention" not in summary.get_attribute("class")
    assert summary.locator(".notice-error, [role=alert]").count() == 0
    tag = summary.locator(".status-tag")
    assert tag.inner_text() == translated(live_server, "da", "you asked for a change")
    assert "status-missing" not in tag.get_attribute("class")

    # On coming back the page says the same; the specialist's page marks it to act on.
    page.goto(f"{base_url}/meetings/{meeting.id}")
    assert page.locator("#summary form[action$='/confirm']").count() == 0
    mette = signed_in_page(SPECIALIST)
    mette.goto(f"{base_url}/meetings/{meeting.id}")
    assert "attention" in mette.locator("#summary").get_attribute("class")
    assert change in mette.locator("#summary").inner_text()


# --- the client: feedback -------------------------------------------------------------------


@pytest.fixture
def feedback_meeting(live_server):
    meeting = record_meeting(live_server, minutes_ago=2)
    yield meeting
    cancel_meetings(live_server, [meeting.id])


def _apart(first: dict, second: dict) -> float:
    """The free space between two boxes (0 when they touch or overlap)."""
    across = max(
        second["x"] - (first["x"] + first["width"]), first["x"] - (second["x"] + second["width"])
    )
    down = max(
        second["y"] - (first["y"] + first["height"]), first["y"] - (second["y"] + second["height"])
    )
    return max(across, down, 0)


@SCRIPTING
def test_client_gives_feedback_on_a_phone(
    live_server, signed_in_page, base_url, feedback_meeting, js
):
    page = phone(signed_in_page, OTHER_CLIENT, js)
    page.goto(f"{base_url}/meetings/{feedback_meeting.id}/feedback")
    send = page.locator("main form.stack button[type=submit]:not([formaction])")
    no_thanks = page.locator("main button[formaction$='/no-thanks']")
    send.scroll_into_view_if_needed()
    shot(page, f"feedback-buttons-{js}")
    send_box, no_box = send.bounding_box(), no_thanks.bounding_box()
    assert _apart(send_box, no_box) >= FINGER_GAP, (send_box, no_box)
    assert min(send_box["height"], no_box["height"]) >= 44
    # "No thanks" is the lesser choice: not a button like "Send".
    assert "button" not in (no_thanks.get_attribute("class") or "").split()
    hint = page.locator("#feedback-sharing .hint").first.inner_text()
    assert len(hint.split()) <= 15, hint

    press(page, send, js=False)  # sent empty
    assert_in_viewport(first_error(page), "the feedback form's errors")
    shot(page, f"feedback-empty-{js}")

    page.locator("label[for=feedback-rating-4]").click()
    press(page, send, js=False)
    # The 303 keeps the action's #feedback-errors; the meeting page has no such id, so it
    # opens at the top, at the thanks.
    assert page.url.split("#")[0] == f"{base_url}/meetings/{feedback_meeting.id}"
    assert_in_viewport(confirmation(page), "the thanks for the feedback")
    shot(page, f"feedback-sent-{js}")


def test_no_thanks_from_the_feedback_page_closes_the_invitation(
    live_server, signed_in_page, base_url, feedback_meeting
):
    page = phone(signed_in_page, OTHER_CLIENT, False)
    page.goto(f"{base_url}/meetings/{feedback_meeting.id}/feedback")
    press(page, page.locator("main button[formaction$='/no-thanks']"), js=False)
    assert page.url.split("#")[0] == f"{base_url}/"
    assert_in_viewport(confirmation(page), "the no-thanks confirmation")
    page.goto(f"{base_url}/meetings/{feedback_meeting.id}/feedback")
    assert page.locator("main form.stack").count() == 0


# --- the client: "I'm struggling at work" ----------------------------------------------------


@pytest.fixture
def peters_job(live_server):
    """A current job for Peter at Brugsen (no check-ins), taken away afterwards."""
    with live_server.app.app_context():
        kim = _user(EMPLOYER)
        data = JobData(
            kim.employers[0].id,
            None,
            unique("Lagermedhjælper"),
            local_today() - timedelta(days=20),
            Decimal("12"),
            None,
            True,
            Schedule.NONE,
        )
        job_id = record_job(_user(SPECIALIST), _user(OTHER_CLIENT), data).id
        db.commit()
    yield job_id
    with live_server.app.app_context():
        db.execute(delete(StrugglingSignal).where(StrugglingSignal.job_id == job_id))
        db.execute(delete(Job).where(Job.id == job_id))
        db.commit()


@SCRIPTING
def test_after_struggling_the_page_says_what_was_sent_where_she_looks(
    live_server, signed_in_page, base_url, peters_job, js
):
    note = unique("De tidlige vagter er for hårde.")
    page = phone(signed_in_page, OTHER_CLIENT, js)
    page.goto(f"{base_url}/jobs/{peters_job}")
    page.fill("#struggling-note", note)
    shot(page, f"struggling-typed-{js}")
    press(page, page.locator("section[aria-labelledby=struggling-heading] button"), js)
    sent = page.locator("#struggling-sent")
    assert_in_viewport(sent, "what was sent")
    assert note in sent.inner_text()
    shot(page, f"struggling-sent-{js}")
    # It lasts: the next visit still says it, when the passing flash is gone.
    page.goto(f"{base_url}/jobs/{peters_job}")
    assert confirmation(page).count() == 0
    assert_in_viewport(page.locator("#struggling-sent"), "what was sent, on the next visit")


# --- the specialist: a meeting, its summary, and a job ----------------------------------------


@pytest.fixture
def meetings_made(live_server):
    ids: list[int] = []
    yield ids
    cancel_meetings(live_server, ids)


@SCRIPTING
def test_specialist_records_a_meeting_and_changes_its_summary_on_a_phone(
    live_server, signed_in_page, base_url, meetings_made, js
):
    with live_server.app.app_context():
        peter_id = _user(OTHER_CLIENT).id
        yesterday = local_today() - timedelta(days=1)
    page = phone(signed_in_page, SPECIALIST, js)
    page.goto(f"{base_url}/clients/{peter_id}/meetings")
    save = page.locator("section[aria-labelledby=new-meeting-heading] button[type=submit]")
    press(page, save, js=False)  # sent empty
    assert_in_viewport(first_error(page), "the meeting form's errors")
    shot(page, f"meeting-empty-{js}")

    page.fill("#new-on", yesterday.isoformat())
    page.fill("#new-at", "10:00")
    page.fill("#new-summary", unique("Peter skriver to ansøgninger."))
    press(page, save, js=False)
    meetings_made.append(int(page.url.split("#")[0].rsplit("/", 1)[1]))
    assert_in_viewport(confirmation(page), "the meeting's confirmation")

    revised = unique("Peter skriver to ansøgninger, også til butikker.")
    page.fill("#edit-summary", revised)
    press(
        page, page.locator(f"form[action$='/meetings/{meetings_made[0]}#edit-errors'] button"), js
    )
    assert_in_viewport(confirmation(page), "the changed summary's confirmation")
    assert revised in page.locator("#summary").inner_text()
    shot(page, f"meeting-summary-changed-{js}")


@pytest.fixture
def peters_new_jobs(live_server):
    """Jobs recorded for Peter through the form during a test, taken away afterwards."""
    with live_server.app.app_context():
        peter_id = _user(OTHER_CLIENT).id
        before = set(db.scalars(select(Job.id).where(Job.client_id == peter_id)))
    yield peter_id
    with live_server.app.app_context():
        made = set(db.scalars(select(Job.id).where(Job.client_id == peter_id))) - before
        if made:
            db.execute(delete(Job).where(Job.id.in_(made)))
            db.commit()


@SCRIPTING
def test_specialist_records_a_job_on_a_phone(
    live_server, signed_in_page, base_url, peters_new_jobs, js
):
    page = phone(signed_in_page, SPECIALIST, js)
    page.goto(f"{base_url}/clients/{peters_new_jobs}/jobs")
    record = page.locator("section[aria-labelledby=new-job-heading] button[type=submit]")
    press(page, record, js=False)  # sent empty
    assert page.url.endswith("#job-errors")
    assert_in_viewport(first_error(page), "the job form's errors")
    shot(page, f"job-invalid-{js}")

    page.select_option("#job-employer", index=1)
    page.fill("#job-title", unique("Lagermedhjælper"))
    page.fill("#job-start_date", date.today().isoformat())
    page.fill("#job-hours_per_week", "12")
    press(
        page, page.locator("section[aria-labelledby=new-job-heading] button[type=submit]"), js=False
    )
    assert "/jobs/" in page.url
    assert_in_viewport(confirmation(page), "the job's confirmation")
    shot(page, f"job-recorded-{js}")


@pytest.fixture
def disco_imported(live_server):
    """A few titles of DISCO-08, as `flask occupations import-disco` leaves them; taken away
    afterwards, so other journeys meet the form without a national list."""
    with live_server.app.app_context():
        replace_list(DISCO, [ListedOccupation(*line) for line in FEW_DISCO_TITLES])
        db.commit()
    yield
    with live_server.app.app_context():
        replace_list(DISCO, [])
        db.commit()


@SCRIPTING
@pytest.mark.usefixtures("disco_imported")
def test_the_type_of_work_follows_a_title_of_the_national_list_on_a_phone(
    live_server, signed_in_page, base_url, peters_new_jobs, js
):
    page = phone(signed_in_page, SPECIALIST, js)
    page.goto(f"{base_url}/clients/{peters_new_jobs}/jobs")
    page.select_option("#job-employer", index=1)
    title = page.locator("#job-title")
    if js:  # the titles holding what is typed are offered while typing
        title.press_sequentially("køk", delay=50)
        suggested = page.locator("#job-title-suggestions option")
        suggested.first.wait_for(state="attached")
        assert suggested.evaluate_all("options => options.map(o => o.value)") == [
            "Køkkenmedhjælper"
        ]
    title.fill("køkkenmedhjælper")  # as a tired thumb types it, not as the list spells it
    page.fill("#job-start_date", date.today().isoformat())
    page.fill("#job-hours_per_week", "12")
    shot(page, f"job-title-suggested-{js}")
    press(
        page, page.locator("section[aria-labelledby=new-job-heading] button[type=submit]"), js=False
    )
    assert "/jobs/" in page.url
    assert_in_viewport(confirmation(page), "the job's confirmation")
    # "Type of work": the ISCO-08 group 94, in the specialist's Danish.
    kind = page.locator("dt", has_text="Type af arbejde").locator("xpath=following-sibling::dd[1]")
    assert kind.first.inner_text() == "Manuelt arbejde med tilberedning af mad"  # then history
    shot(page, f"job-typed-by-title-{js}")


# --- Elin's course ----------------------------------------------------------------------------


def test_elins_running_course_is_current_and_spoken_of_as_a_course(
    live_server, signed_in_page, base_url
):
    with live_server.app.app_context():
        elin = _user(CLIENT_SV)
        course = db.scalar(
            select(Job).where(Job.client_id == elin.id, Job.kind == JobKind.EDUCATION)
        )
        assert course.end_date > local_today(), "the demo course should still be running"
        elin_id, course_id, title = elin.id, course.id, course.title
    page = signed_in_page(CLIENT_SV)
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/clients/{elin_id}/jobs")
    shot(page, "elin-jobs")
    assert title in page.locator("section[aria-labelledby=current-heading]").inner_text()
    assert (
        page.locator(f"section[aria-labelledby=ended-heading] a[href='/jobs/{course_id}']").count()
        == 0
    )

    page.goto(f"{base_url}/jobs/{course_id}")
    shot(page, "elin-course")
    text = page.locator("main").inner_text()
    for job_words in (
        "Is work hard right now?",
        "I'm struggling at work",
        "Press the button and your employment specialist is told at once. "
        "The employer is not told.",
        "Your employment specialist reads this. The employer never sees it.",
    ):
        assert translated(live_server, "sv", job_words) not in text, job_words
    assert translated(live_server, "sv", "Is the course hard right now?") in text
    assert "Arbetsgivaren" not in text
