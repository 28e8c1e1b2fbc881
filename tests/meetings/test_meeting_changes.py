"""A coming meeting that the specialist moves, changes or cancels is told to the participant:
on her home page until she has seen it, and in an e-mail that gives the times only; the
calendar file she downloads again carries the change. Changes to a meeting's record after it
took place tell her nothing."""

from sqlalchemy import select

from portal.accounts.lifecycle import deactivate_account
from portal.core.db import db
from portal.core.outbox import OutboxEmail
from portal.meetings.models import Meeting
from tests.helpers import post_form
from tests.meetings.helpers import in_days, meeting_fields, planned_meeting, recorded_meeting


def make(app, people, maker=planned_meeting) -> int:
    with app.app_context():
        meeting = maker(db.merge(people["specialist_a"]), db.merge(people["client_a"]))
        db.commit()
        return meeting.id


def edit(app, browser, meeting_id: int, **changes):
    with app.app_context():
        version = db.get(Meeting, meeting_id).version
    # As tests/meetings/helpers.py plans it: in 3 days at 10:00 for an hour, at the job centre.
    planned = meeting_fields(app, on=in_days(app, 3).isoformat(), at="10.00", duration="60")
    fields = {**planned, **changes}
    url = f"/meetings/{meeting_id}"
    response = post_form(browser, url, {**fields, "version": str(version)})
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]


def emails_to(app, address: str) -> list[OutboxEmail]:
    with app.app_context():
        return list(db.scalars(select(OutboxEmail).where(OutboxEmail.recipient == address)))


def home(browser) -> str:
    return browser.get("/").get_data(as_text=True)


def test_a_moved_meeting_is_told_at_home_and_by_an_email_with_the_times_only(app, login_as, people):
    meeting_id = make(app, people)
    anna_email = people["client_a"].email
    calendar_before = login_as("client_a").get(f"/meetings/{meeting_id}/calendar.ics").data
    mette = login_as("specialist_a")
    edit(app, mette, meeting_id, on=in_days(app, 5).isoformat(), at="13.00")

    [email] = emails_to(app, anna_email)
    assert email.subject == "Et møde er ændret"
    assert "Dit møde den " in email.body  # in Anna's language
    assert "er flyttet til" in email.body and "kl. 13.00" in email.body
    for never in ("Jobcentret", people["specialist_a"].name, "IPS"):
        assert never not in email.body and never not in email.subject
    anna = login_as("client_a")
    page = home(anna)
    assert "has been moved to" in page and "OK, I have seen it" in page
    # The calendar file is the same event, newer, at the new time.
    calendar = anna.get(f"/meetings/{meeting_id}/calendar.ics").data
    assert calendar.split(b"UID:")[1][:20] == calendar_before.split(b"UID:")[1][:20]
    assert b"SEQUENCE:1" in calendar_before and b"SEQUENCE:2" in calendar
    assert b"T120000Z" in calendar  # 13:00 in Copenhagen in December

    post_form(anna, f"/meetings/{meeting_id}/notice-seen", {}, page="/")
    assert "has been moved to" not in home(anna)


def test_a_cancelled_meeting_is_told_and_opening_it_counts_as_seen(app, login_as, people):
    meeting_id = make(app, people)
    mette = login_as("specialist_a")
    post_form(mette, f"/meetings/{meeting_id}/cancel", {}, page=f"/meetings/{meeting_id}")
    [email] = emails_to(app, people["client_a"].email)
    assert email.subject == "Et møde er aflyst"
    assert "er aflyst" in email.body
    anna = login_as("client_a")
    assert "has been cancelled" in home(anna)
    calendar = anna.get(f"/meetings/{meeting_id}/calendar.ics").data
    assert b"STATUS:CANCELLED" in calendar
    anna.get(f"/meetings/{meeting_id}")
    assert "has been cancelled" not in home(anna)
    # Her specialist opening it changes nothing for her; only she can mark it seen.
    other = make(app, people)
    post_form(mette, f"/meetings/{other}/cancel", {}, page=f"/meetings/{other}")
    mette.get(f"/meetings/{other}")
    seen = post_form(mette, f"/meetings/{other}/notice-seen", {}, page="/")
    assert seen.status_code == 403
    assert "has been cancelled" in home(anna)


def test_a_new_place_is_a_change_and_moving_twice_keeps_the_time_she_knew(app, login_as, people):
    meeting_id = make(app, people)
    mette = login_as("specialist_a")
    edit(app, mette, meeting_id, place="Biblioteket")
    edit(app, mette, meeting_id, place="Biblioteket", at="11.00")
    first, second = emails_to(app, people["client_a"].email)
    assert "er ændret" in first.body and "flyttet" not in first.body
    assert "er flyttet til" in second.body and "kl. 10.00" in second.body  # the time she knew
    assert home(login_as("client_a")).count("OK, I have seen it") == 1


def test_changes_to_a_past_meetings_record_tell_her_nothing(app, login_as, people):
    meeting_id = make(app, people, maker=recorded_meeting)
    mette = login_as("specialist_a")
    edit(
        app,
        mette,
        meeting_id,
        on=in_days(app, -2).isoformat(),
        at="10.00",
        summary="We agreed on three applications.",
    )
    assert emails_to(app, people["client_a"].email) == []
    assert "OK, I have seen it" not in home(login_as("client_a"))


def test_a_switched_off_account_gets_no_email(app, login_as, people):
    """The notice stays on the record; the e-mail is held back by the outbox's own rule for
    switched-off accounts (accounts/lifecycle.py)."""
    meeting_id = make(app, people)
    with app.app_context():
        deactivate_account(db.merge(people["client_a"]), None, "test")
        db.commit()
    mette = login_as("specialist_a")
    post_form(mette, f"/meetings/{meeting_id}/cancel", {}, page=f"/meetings/{meeting_id}")
    with app.app_context():
        assert db.get(Meeting, meeting_id).cancelled_at is not None
    assert emails_to(app, people["client_a"].email) == []
