"""Follow-along that acts on what it hears: an employer's answer that the job has ended, or a
rating of 1 or 2 of 5, waits on the specialist's home page and caseload until they record the
end or mark it followed up; the participant and the employer are shown nothing of it. An answer
the employer gave on the phone is written down by the specialist, marked as such."""

from portal.core.db import db
from portal.placements.models import Category, CheckIn
from portal.placements.services.consent import get_consent, set_permission
from tests.helpers import post_form
from tests.jobs.helpers import deliver_outbox, link_path

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


# --- an answer the employer gave on the phone -------------------------------------------------

PHONE_LINK = "Write down an answer given by phone"


def by_phone(things) -> str:
    return f"/check-ins/{things['checkin_id']}/by-phone"


def test_the_specialist_writes_down_an_answer_the_employer_gave_by_phone(
    app, make_client, login_as, people, anna_things
):
    mette = login_as("specialist_a")
    assert PHONE_LINK in job_page(mette, anna_things)
    form = mette.get(by_phone(anna_things)).get_data(as_text=True)
    assert people["employer"].name in form and 'name="wants_call"' not in form

    empty = post_form(mette, by_phone(anna_things), {})
    assert empty.status_code == 422 and "error-summary" in empty.get_data(as_text=True)
    with app.app_context():
        assert db.get(CheckIn, anna_things["checkin_id"]).answered_at is None

    answer = {"still_working": "no", "hours": "", "rating": "2", "comment": "Stopped Friday."}
    response = post_form(mette, by_phone(anna_things), answer)
    assert response.status_code == 303
    page = job_page(mette, anna_things)
    assert "Saved: the answer the employer gave by phone." in page
    assert "answered by phone" in page and PHONE_LINK not in page
    # What the employer said asks for action as any answer would.
    assert ENDED in mette.get("/").get_data(as_text=True)
    with app.app_context():
        stored = db.get(CheckIn, anna_things["checkin_id"])
        assert (stored.by_phone, stored.answered_by_id) == (True, people["specialist_a"].id)
        assert (stored.still_working, stored.rating, stored.wants_call) == (False, 2, False)
        assert stored.comment == "Stopped Friday."
    # The link in the employer's e-mail no longer asks; a second save changes nothing.
    assert make_client().get(link_path(anna_things["checkin_link"])).status_code == 410
    again = post_form(mette, by_phone(anna_things), {**answer, "rating": "5"}, page="/")
    assert again.status_code == 303
    with app.app_context():
        assert db.get(CheckIn, anna_things["checkin_id"]).rating == 2


def test_no_phone_answer_once_the_client_has_withdrawn_contact_with_the_employer(
    app, login_as, people, anna_things
):
    deliver_outbox(app)  # the employer holds the link: the check-in stays (test_disclosure.py)
    with app.app_context():
        anna = db.merge(people["client_a"])
        consent = get_consent(anna.id, people["employer"].employers[0].id)
        set_permission(anna, consent, Category.CONTACT, False)
        db.commit()
    mette = login_as("specialist_a")
    assert PHONE_LINK not in job_page(mette, anna_things)
    assert mette.get(by_phone(anna_things)).status_code == 403
    answer = {"still_working": "yes", "hours": "", "rating": "4", "comment": ""}
    assert post_form(mette, by_phone(anna_things), answer, page="/").status_code == 403
    with app.app_context():
        assert db.get(CheckIn, anna_things["checkin_id"]).answered_at is None
