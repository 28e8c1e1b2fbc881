"""Meetings and their "what we agreed" summaries: planned by the specialist, seen by the
client, confirmed with one tap or corrected, with clear errors and nothing half-saved."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from portal.core.dates import local_date_and_time, local_moment
from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.meetings.models import Meeting, SummaryResponse
from tests.helpers import csrf_token_from, post_form
from tests.meetings.helpers import in_days, meeting_fields, planned_meeting, recorded_meeting


def meetings(app) -> list[Meeting]:
    with app.app_context():
        return list(db.scalars(select(Meeting).order_by(Meeting.id)))


def make_meeting(app, people, maker=recorded_meeting, **kwargs) -> int:
    with app.app_context():
        mette, anna = db.merge(people["specialist_a"]), db.merge(people["client_a"])
        meeting = maker(mette, anna, **kwargs)
        db.commit()
        return meeting.id


def page(browser, url: str) -> str:
    return browser.get(url).get_data(as_text=True)


def test_the_specialist_plans_a_meeting_and_the_client_sees_it_at_home(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/meetings"
    response = post_form(
        mette,
        url,
        meeting_fields(
            app,
        ),
    )
    assert response.status_code == 303
    [meeting] = meetings(app)
    assert (meeting.duration_minutes, meeting.place) == (45, "Jobcentret, Vestergade 1")
    with app.test_request_context():
        # Stored in UTC; read back in the team's time zone it is the 09:30 that was typed.
        assert local_date_and_time(meeting.starts_at) == (in_days(app, 4), time(9, 30))

    anna = login_as("client_a")
    home = page(anna, "/")
    assert "Your next meetings" in home
    assert "9:30" in home and "Jobcentret, Vestergade 1" in home
    assert f"/meetings/{meeting.id}/calendar.ics" in home


def test_a_summary_before_the_meeting_or_a_wrong_time_is_a_clear_error(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/meetings"
    cases = [
        (
            {"summary": "We agreed things"},
            "Write what you agreed once the meeting has taken place.",
        ),
        ({"at": "25.00"}, "Write the time as hours and minutes, for example 09:30."),
        ({"at": ""}, "Please fill in this field."),
        ({"on": "2099-01-01"}, "Choose a date at most two years ahead."),
        ({"on": "31/12"}, "Write the date as year-month-day, for example 2027-03-05."),
        ({"mode": "carrier-pigeon"}, "Not a valid choice."),
        ({"place": "x" * 201}, "Use at most 200 characters."),
    ]
    for change, message in cases:
        response = post_form(mette, url, meeting_fields(app, **change))
        assert response.status_code == 422, change
        text = response.get_data(as_text=True)
        assert message in text, change
        assert "error-summary" in text
    assert meetings(app) == []


def test_a_double_submitted_meeting_is_saved_once(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/meetings"
    html = page(mette, url)
    token = csrf_token_from(html)
    submission = html.split('name="submission" type="hidden" value="')[1].split('"')[0]
    data = {
        "csrf_token": token,
        "submission": submission,
        **meeting_fields(
            app,
        ),
    }
    assert mette.post(url, data=data).status_code == 303
    assert mette.post(url, data=data).status_code == 303
    assert len(meetings(app)) == 1


def test_the_client_confirms_a_summary_with_one_tap(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    assert "summary waiting for you" in page(anna, f"/clients/{people['client_a'].id}/meetings")
    response = post_form(anna, f"/meetings/{meeting_id}/confirm", {"version": "1"})
    assert response.status_code == 303
    [meeting] = meetings(app)
    assert meeting.response == SummaryResponse.CONFIRMED
    mette = login_as("specialist_a")
    assert "summary confirmed" in page(mette, f"/meetings/{meeting_id}")
    # Nothing is left for her to answer on the home page.
    assert "confirm it or write a correction" not in page(anna, "/")


def test_a_correction_marks_the_summary_as_disputed_for_both(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    correction = "We agreed on one application, not two."
    response = post_form(
        anna, f"/meetings/{meeting_id}/correction", {"correction": correction, "version": "1"}
    )
    assert response.status_code == 303
    [meeting] = meetings(app)
    assert (meeting.response, meeting.correction) == (SummaryResponse.DISPUTED, correction)
    mette = login_as("specialist_a")
    text = page(mette, f"/meetings/{meeting_id}")
    assert "summary corrected by the participant" in text and correction in text
    assert "The participant asked for this change:" in text
    assert 'class="panel attention" id="summary"' in text
    # The client's page is calm and speaks to her, and offers no "yes" under the text she
    # has just disputed.
    text = page(anna, f"/meetings/{meeting_id}")
    summary = text[
        text.index('id="summary"') : text.index("</section>", text.index('id="summary"'))
    ]
    assert "You asked for a change:" in summary and correction in summary
    assert "you asked for a change" in summary and "participant" not in summary
    assert "attention" not in text and "notice-error" not in text
    assert f"/meetings/{meeting_id}/confirm" not in text
    assert "Yes, that is what we agreed" not in text
    home = page(mette, "/")
    assert "has corrected the summary of a meeting" in home


def test_a_new_summary_asks_the_client_again_and_history_keeps_the_old_one(app, login_as, people):
    meeting_id = make_meeting(app, people, summary="Two applications.")
    anna = login_as("client_a")
    post_form(anna, f"/meetings/{meeting_id}/correction", {"correction": "One.", "version": "1"})
    mette = login_as("specialist_a")
    [meeting] = meetings(app)
    fields = meeting_fields(
        app,
        on=in_days(app, -2).isoformat(),
        at="10:00",
        duration="60",
        summary="One application.",
        version=str(meeting.version),
    )
    assert post_form(mette, f"/meetings/{meeting_id}", fields).status_code == 303
    [meeting] = meetings(app)
    assert (meeting.summary, meeting.response, meeting.correction) == (
        "One application.",
        None,
        None,
    )
    text = page(anna, f"/meetings/{meeting_id}")
    assert "summary waiting for you" in text
    # The revised text can be confirmed again.
    assert f"/meetings/{meeting_id}/confirm" in text
    # The earlier summary and the correction stay readable in the history.
    assert "Two applications." in text and "One." in text


def test_confirming_a_summary_that_changed_meanwhile_is_refused(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    html = page(anna, f"/meetings/{meeting_id}")
    with app.app_context():
        meeting = db.get(Meeting, meeting_id)
        meeting.summary = "A different text."
        db.commit()
    token = csrf_token_from(html)
    response = anna.post(
        f"/meetings/{meeting_id}/confirm", data={"csrf_token": token, "version": "1"}
    )
    assert response.status_code == 409
    assert "The summary was changed after you opened the page" in response.get_data(as_text=True)
    assert meetings(app)[0].response is None


def test_only_the_client_answers_for_a_summary(app, login_as, people):
    meeting_id = make_meeting(app, people)
    mette = login_as("specialist_a")
    bent = login_as("client_b")
    for browser, status in ((mette, 403), (bent, 404)):
        token = csrf_token_from(page(browser, "/account"))
        for action, data in (("confirm", {}), ("correction", {"correction": "Not so."})):
            response = browser.post(
                f"/meetings/{meeting_id}/{action}",
                data={"csrf_token": token, "version": "1", **data},
            )
            assert response.status_code == status
    [meeting] = meetings(app)
    assert (meeting.response, meeting.correction) == (None, None)


def test_an_empty_or_overlong_correction_is_refused_and_nothing_is_saved(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    url = f"/meetings/{meeting_id}/correction"
    for text, message in (("  ", "Please fill in this field."), ("x" * 2001, "Use at most 2000")):
        response = post_form(
            anna, url, {"correction": text, "version": "1"}, page=f"/meetings/{meeting_id}"
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert meetings(app)[0].response is None


def test_a_disputed_summary_cannot_be_confirmed_until_it_is_revised(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    fields = {"correction": "We agreed on one application.", "version": "1"}
    assert post_form(anna, f"/meetings/{meeting_id}/correction", fields).status_code == 303
    [meeting] = meetings(app)
    # A crafted "yes" with the current version: the page offers none, the server takes none.
    confirm = {"version": str(meeting.version)}
    response = post_form(anna, f"/meetings/{meeting_id}/confirm", confirm, page="/")
    assert response.status_code == 422
    assert "You asked for a change to this summary." in response.get_data(as_text=True)
    assert meetings(app)[0].response == SummaryResponse.DISPUTED


def test_a_planned_meeting_has_no_summary_to_confirm(app, login_as, people):
    meeting_id = make_meeting(app, people, maker=planned_meeting)
    anna = login_as("client_a")
    response = post_form(anna, f"/meetings/{meeting_id}/confirm", {"version": "1"})
    assert response.status_code == 422
    assert "There is no summary of this meeting to answer yet." in response.get_data(as_text=True)
    assert meetings(app)[0].response is None


def test_editing_a_meeting_someone_else_just_changed_is_a_conflict(app, login_as, people):
    meeting_id = make_meeting(app, people, maker=planned_meeting)
    mette = login_as("specialist_a")
    fields = meeting_fields(app, place="Café Kragen", version="1")
    assert post_form(mette, f"/meetings/{meeting_id}", fields).status_code == 303
    response = post_form(
        mette, f"/meetings/{meeting_id}", meeting_fields(app, place="Library", version="1")
    )
    assert response.status_code == 409
    assert meetings(app)[0].place == "Café Kragen"


def test_the_calendar_file_holds_the_meeting(app, login_as, people):
    from icalendar import Calendar

    meeting_id = make_meeting(app, people, maker=planned_meeting, days_from_today=5)
    anna = login_as("client_a")
    response = anna.get(f"/meetings/{meeting_id}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response.headers["Cache-Control"]
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    [meeting] = meetings(app)
    start = event.decoded("dtstart")
    assert start == meeting.starts_at
    assert event.decoded("dtend") - start == timedelta(minutes=60)
    assert str(event["summary"]) == "Meeting with Sofie Specialist"
    assert str(event["location"]) == "Jobcentret, Vestergade 1"
    assert str(event["status"]) == "CONFIRMED"
    assert f"/meetings/{meeting_id}" in str(event["url"])
    # A calendar entry may be seen by others: it says nothing about IPS or health.
    assert b"IPS" not in response.data

    mette = login_as("specialist_a")
    assert "Meeting with Anna Klient" in mette.get(f"/meetings/{meeting_id}/calendar.ics").get_data(
        as_text=True
    )
    assert (
        post_form(
            mette, f"/meetings/{meeting_id}/cancel", {}, page=f"/meetings/{meeting_id}"
        ).status_code
        == 303
    )
    [cancelled] = Calendar.from_ical(anna.get(f"/meetings/{meeting_id}/calendar.ics").data).walk(
        "VEVENT"
    )
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(event["sequence"])


def test_a_cancelled_meeting_leaves_the_home_page(app, login_as, people):
    meeting_id = make_meeting(app, people, maker=planned_meeting)
    anna = login_as("client_a")
    assert f'/meetings/{meeting_id}"' in page(anna, "/")
    mette = login_as("specialist_a")
    post_form(mette, f"/meetings/{meeting_id}/cancel", {}, page=f"/meetings/{meeting_id}")
    assert "has been cancelled" in page(anna, "/")  # tests/meetings/test_meeting_changes.py
    post_form(anna, f"/meetings/{meeting_id}/notice-seen", {}, page="/")
    assert f'/meetings/{meeting_id}"' not in page(anna, "/")
    assert "cancelled" in page(anna, f"/clients/{people['client_a'].id}/meetings")


def test_every_change_is_attributed_in_the_history(app, login_as, people):
    meeting_id = make_meeting(app, people)
    anna = login_as("client_a")
    post_form(
        anna, f"/meetings/{meeting_id}/confirm", {"version": "1"}, page=f"/meetings/{meeting_id}"
    )
    with app.app_context():
        rows = db.execute(
            select(HistoryEntry.action, HistoryEntry.actor_id)
            .where(HistoryEntry.subject == "meeting")
            .order_by(HistoryEntry.id)
        ).all()
        count = db.scalar(select(func.count(Meeting.id)))
    assert rows == [
        ("created", people["specialist_a"].id),
        ("summary_confirmed", people["client_a"].id),
    ]
    assert count == 1
    text = page(anna, f"/meetings/{meeting_id}")
    assert "The participant's answer" in text and "confirmed" in text
    assert "<dt>summary_answer</dt>" not in text


def test_times_are_shown_in_the_teams_time_zone(app, people):
    with app.test_request_context():
        winter = local_moment(datetime(2027, 1, 15).date(), time(9, 30))
        summer = local_moment(datetime(2027, 7, 15).date(), time(9, 30))
    assert (winter.hour, summer.hour) == (8, 7)
    assert winter.tzinfo == UTC
