"""The employer's one-time link works without a session cookie (a mail app's browser, a page
restored the next day): the signed token in the address protects the answer, not the CSRF
token tied to a session. Everything else keeps the session-bound CSRF check."""

from datetime import timedelta

from itsdangerous import URLSafeTimedSerializer

from portal.core.db import db, utcnow
from portal.placements.models import CheckIn
from tests.helpers import post_form
from tests.jobs.helpers import link_path

ANSWER = {"still_working": "yes", "hours": "10", "rating": "4", "wants_call": "no"}


def stored(app, checkin_id) -> CheckIn:
    with app.app_context():
        return db.get(CheckIn, checkin_id)


def cookieless_post(make_client, path, data=ANSWER, lang="en"):
    """A POST from a browser that never opened the page: no cookies, no CSRF token."""
    return make_client().post(path, data=data, headers={"Accept-Language": lang})


def test_the_right_link_saves_the_answer_without_any_cookie(app, make_client, anna_things):
    path = link_path(anna_things["checkin_link"])
    response = cookieless_post(make_client, path)
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)
    answer = stored(app, anna_things["checkin_id"])
    assert (answer.still_working, answer.rating, answer.wants_call) == (True, 4, False)


def test_the_answer_page_carries_no_session_token(make_client, anna_things):
    page = make_client().get(link_path(anna_things["checkin_link"])).get_data(as_text=True)
    form = page.split('<form method="post" action="/check-in/', 1)[1].split("</form>")[0]
    assert 'name="csrf_token"' not in form


def test_a_second_post_of_the_used_link_changes_nothing_and_says_it_arrived(
    app, make_client, anna_things
):
    path = link_path(anna_things["checkin_link"])
    assert cookieless_post(make_client, path).status_code == 200
    again = cookieless_post(make_client, path, {**ANSWER, "rating": "1"})
    assert again.status_code == 410
    html = again.get_data(as_text=True)
    assert "We have already received the answers to this check-in. Thank you." in html
    assert "Nothing has been saved" not in html  # it sounded as if the answer was lost
    assert stored(app, anna_things["checkin_id"]).rating == 4


def test_a_wrong_or_expired_link_saves_nothing_without_cookies(app, make_client, anna_things):
    token = anna_things["checkin_link"].rsplit("/", 1)[1]
    checkin_id, _raw = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="checkin-link").loads(
        token
    )
    forged = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="checkin-link").dumps(
        [checkin_id, "guess"]
    )
    for path in ("/check-in/" + token[:-2] + "xx", f"/check-in/{forged}"):
        assert cookieless_post(make_client, path).status_code == 410
    assert stored(app, anna_things["checkin_id"]).answered_at is None

    with app.app_context():
        db.get(CheckIn, anna_things["checkin_id"]).expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
    expired = cookieless_post(make_client, link_path(anna_things["checkin_link"]))
    assert expired.status_code == 410
    assert stored(app, anna_things["checkin_id"]).answered_at is None


def test_the_signed_in_check_in_still_needs_the_csrf_token(app, login_as, people, anna_things):
    employer = login_as("employer")
    url = f"/employer/check-ins/{anna_things['checkin_id']}"
    assert employer.post(url, data=ANSWER).status_code == 400
    assert stored(app, anna_things["checkin_id"]).answered_at is None
    assert post_form(employer, url, ANSWER).status_code == 200


def test_the_error_summary_names_each_question(make_client, anna_things):
    browser = make_client()
    browser.set_cookie("lang", "en")
    response = browser.post(link_path(anna_things["checkin_link"]), data={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html.split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    for question in (
        "Is the person still working with you?",
        "How is it going?",
        "Would you like a call from",
    ):
        assert question in summary, question
    assert 'id="errors"' in html and "#errors" in html.split("<form", 1)[1].split(">", 1)[0]
