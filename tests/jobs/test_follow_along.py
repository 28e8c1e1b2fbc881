"""Follow-along that acts on what it hears: an employer's answer that the job has ended, or a
rating of 1 or 2 of 5, waits on the specialist's home page and caseload until they record the
end or mark it followed up; the participant and the employer are shown nothing of it."""

from portal.core.db import db
from portal.placements.models import CheckIn
from tests.helpers import post_form
from tests.jobs.helpers import link_path

ANSWER = {"still_working": "yes", "hours": "", "rating": "4", "wants_call": "no", "comment": ""}
ENDED = "Testfirma ApS says the job has ended: confirm the end and its reason"
FOLLOW_UP = "an employer's answer needs following up"


def answer(make_client, things, **changes) -> None:
    response = post_form(make_client(), link_path(things["checkin_link"]), {**ANSWER, **changes})
    assert response.status_code == 200


def job_page(browser, things) -> str:
    return browser.get(f"/jobs/{things['job_id']}").get_data(as_text=True)


def test_an_answer_that_the_job_has_ended_waits_until_the_end_is_recorded(
    make_client, login_as, anna_things
):
    answer(make_client, anna_things, still_working="no", rating="3")
    mette = login_as("specialist_a")
    home = mette.get("/").get_data(as_text=True)
    assert ENDED in home and FOLLOW_UP in home
    page = job_page(mette, anna_things)
    assert "The employer says the job has ended." in page
    assert 'href="#end-heading"' in page and "Followed up: the job goes on" in page

    response = post_form(
        mette,
        f"/jobs/{anna_things['job_id']}/end",
        {"end_date": "2026-12-01", "end_reason": "dismissed"},
        page=f"/jobs/{anna_things['job_id']}",
    )
    assert response.status_code == 303
    home = mette.get("/").get_data(as_text=True)
    assert ENDED not in home and FOLLOW_UP not in home
    assert "The employer says the job has ended." not in job_page(mette, anna_things)


def test_a_low_rating_waits_until_the_specialist_has_followed_it_up(
    app, make_client, login_as, anna_things
):
    answer(make_client, anna_things, rating="2")
    mette = login_as("specialist_a")
    assert "Testfirma ApS rates how work is going 2 of 5: follow it up" in mette.get("/").get_data(
        as_text=True
    )
    assert "The employer rates how work is going 2 of 5." in job_page(mette, anna_things)

    response = post_form(
        mette,
        f"/check-ins/{anna_things['checkin_id']}/followed-up",
        {},
        page=f"/jobs/{anna_things['job_id']}",
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/jobs/{anna_things['job_id']}#checkins")
    page = job_page(mette, anna_things)
    assert "Marked as followed up: the job goes on." in page
    assert "Followed up: the job goes on" not in page  # the button
    assert "Followed up on " in page
    home = mette.get("/").get_data(as_text=True)
    assert "rates how work is going" not in home and FOLLOW_UP not in home
    with app.app_context():
        checkin = db.get(CheckIn, anna_things["checkin_id"])
        assert checkin.concern_followed_up_at is not None and checkin.job.end_reason is None


def test_a_rating_of_3_and_still_working_asks_for_nothing(make_client, login_as, anna_things):
    answer(make_client, anna_things, rating="3")
    mette = login_as("specialist_a")
    home = mette.get("/").get_data(as_text=True)
    assert "rates how work is going" not in home and FOLLOW_UP not in home
    assert "Followed up: the job goes on" not in job_page(mette, anna_things)


def test_only_the_specialist_is_asked_to_act(make_client, login_as, anna_things):
    answer(make_client, anna_things, still_working="no", rating="1")
    anna = login_as("client_a")
    assert "The employer says the job has ended." not in job_page(anna, anna_things)
    assert "Followed up" not in job_page(anna, anna_things)
    # Another team's specialist sees nothing of it and cannot mark it.
    bo = login_as("specialist_b")
    assert "says the job has ended" not in bo.get("/").get_data(as_text=True)
    response = post_form(bo, f"/check-ins/{anna_things['checkin_id']}/followed-up", {}, page="/")
    assert response.status_code in (403, 404)
