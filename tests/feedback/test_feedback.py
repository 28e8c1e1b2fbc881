"""Feedback from the client: after a meeting or at any time, named or anonymous, stored once,
with clear errors; anonymous feedback keeps nothing that leads back to the client."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core.db import db
from portal.feedback.models import Feedback
from portal.meetings.models import Meeting
from tests.helpers import csrf_token_from, post_form
from tests.meetings.helpers import recorded_meeting


def feedback_rows(app) -> list[Feedback]:
    with app.app_context():
        return list(db.scalars(select(Feedback).order_by(Feedback.id)))


def recorded(app, people) -> int:
    with app.app_context():
        meeting = recorded_meeting(db.merge(people["specialist_a"]), db.merge(people["client_a"]))
        db.commit()
        return meeting.id


def answer(**overrides) -> dict:
    return {"rating": "4", "comment": "It helped to plan the week.", "sharing": "named"} | overrides


def test_after_a_meeting_the_client_is_invited_and_named_feedback_reaches_the_specialist(
    app, login_as, people
):
    meeting_id = recorded(app, people)
    anna = login_as("client_a")
    home = anna.get("/").get_data(as_text=True)
    assert "How did the meeting go?" in home
    assert f"/meetings/{meeting_id}/feedback" in home

    response = post_form(anna, f"/meetings/{meeting_id}/feedback", answer())
    assert response.status_code == 303
    [row] = feedback_rows(app)
    assert (row.rating, row.named, row.client_id, row.meeting_id) == (
        4,
        True,
        people["client_a"].id,
        meeting_id,
    )
    assert row.specialist_id == people["specialist_a"].id and row.team_id == people["team"].id
    assert f"/meetings/{meeting_id}/feedback" not in anna.get("/").get_data(as_text=True)

    mette = login_as("specialist_a")
    text = mette.get("/feedback").get_data(as_text=True)
    assert "It helped to plan the week." in text and "Anna Klient" in text and "4 of 5" in text
    assert "It helped to plan the week." in anna.get("/feedback").get_data(as_text=True)
    # The other specialist's caseload is not hers: nothing of Anna's shows there.
    bo = login_as("specialist_b")
    assert "It helped to plan the week." not in bo.get("/feedback").get_data(as_text=True)


def test_anonymous_feedback_keeps_no_trace_of_the_client(app, login_as, people):
    meeting_id = recorded(app, people)
    anna = login_as("client_a")
    secret = "Please shorter meetings."
    data = answer(sharing="anonymous", rating="2", comment=secret)
    assert post_form(anna, f"/meetings/{meeting_id}/feedback", data).status_code == 303
    [row] = feedback_rows(app)
    assert (row.named, row.client_id, row.meeting_id, row.created_at) == (False, None, None, None)
    assert row.month.day == 1  # only the month is kept
    assert row.specialist_id == people["specialist_a"].id
    # The invitation is closed all the same, so she is not asked again.
    with app.app_context():
        assert db.get(Meeting, meeting_id).feedback_closed_at is not None
    mette = login_as("specialist_a")
    for url in ("/feedback", f"/meetings/{meeting_id}", "/"):
        text = mette.get(url).get_data(as_text=True)
        assert secret not in text and "2 of 5" not in text
    assert secret not in anna.get("/feedback").get_data(as_text=True)


def test_the_database_refuses_an_anonymous_row_that_names_someone(app, people):
    with app.app_context():
        db.add(
            Feedback(
                rating=3,
                named=False,
                month=date(2026, 11, 1),
                client_id=people["client_a"].id,
            )
        )
        with pytest.raises(IntegrityError):
            db.flush()
        db.rollback()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": "6"}, "Choose a number from 1 to 5."),
        ({"rating": "0"}, "Choose a number from 1 to 5."),
        ({"rating": "four"}, "Choose a number from 1 to 5."),
        ({"rating": ""}, "Choose a number from 1 to 5."),
        ({"comment": "x" * 2001}, "Use at most 2000 characters."),
        ({"comment": "bad\x00byte"}, "Please use only letters, numbers and punctuation here."),
        ({"sharing": "everyone"}, "Not a valid choice."),
    ],
)
def test_bad_feedback_is_a_clear_error_and_nothing_is_saved(app, login_as, people, change, message):
    meeting_id = recorded(app, people)
    anna = login_as("client_a")
    for url in ("/feedback", f"/meetings/{meeting_id}/feedback"):
        response = post_form(anna, url, answer(**change))
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert message in text and "error-summary" in text
    assert feedback_rows(app) == []
    with app.app_context():
        assert db.get(Meeting, meeting_id).feedback_closed_at is None


def test_feedback_sent_twice_is_stored_once(app, login_as, people):
    meeting_id = recorded(app, people)
    anna = login_as("client_a")
    # The same form sent twice (a double tap on a slow phone):
    html = anna.get("/feedback").get_data(as_text=True)
    token = csrf_token_from(html)
    submission = html.split('name="submission" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": token, "submission": submission, **answer()}
    assert anna.post("/feedback", data=data).status_code == 303
    assert anna.post("/feedback", data=data).status_code == 303
    assert len(feedback_rows(app)) == 1
    # A meeting is answered once, even from two forms opened side by side.
    url = f"/meetings/{meeting_id}/feedback"
    first, second = (post_form(anna, url, answer(sharing="anonymous")) for _ in range(2))
    assert (first.status_code, second.status_code) == (303, 303)
    assert len(feedback_rows(app)) == 2
    assert "already answered" in anna.get(second.location).get_data(as_text=True)


def test_no_thanks_closes_the_invitation_without_a_rating(app, login_as, people):
    meeting_id = recorded(app, people)
    anna = login_as("client_a")
    response = post_form(anna, f"/meetings/{meeting_id}/feedback/no-thanks", {}, page="/")
    assert response.status_code == 303
    assert feedback_rows(app) == []
    assert f"/meetings/{meeting_id}/feedback" not in anna.get("/").get_data(as_text=True)


def test_only_the_client_gives_feedback(app, login_as, people):
    meeting_id = recorded(app, people)
    token_of = {}
    browsers = {}
    for who in ("specialist_a", "client_b", "employer", "admin"):
        browsers[who] = login_as(who)
        token_of[who] = csrf_token_from(browsers[who].get("/account").get_data(as_text=True))
    expected = {"specialist_a": 403, "client_b": 404, "employer": 404, "admin": 404}
    for who, browser in browsers.items():
        data = {"csrf_token": token_of[who], **answer()}
        assert (
            browser.post(f"/meetings/{meeting_id}/feedback", data=data).status_code
            == (expected[who])
        )
        assert (
            browser.post(f"/meetings/{meeting_id}/feedback/no-thanks", data=data).status_code
            == (expected[who])
        )
    for who in ("specialist_a", "employer", "admin"):
        data = {"csrf_token": token_of[who], **answer()}
        assert browsers[who].post("/feedback", data=data).status_code == 403
    for who in ("employer", "admin"):
        assert browsers[who].get("/feedback").status_code == 403
    assert feedback_rows(app) == []


def test_feedback_can_be_given_at_any_time_from_the_home_page(app, login_as, people):
    anna = login_as("client_a")
    home = anna.get("/").get_data(as_text=True)
    assert 'href="/feedback"' in home
    response = post_form(anna, "/feedback", answer(comment="", rating="5"))
    assert response.status_code == 303
    [row] = feedback_rows(app)
    assert (row.rating, row.comment, row.meeting_id) == (5, None, None)
