"""The participant's start in IPS: the referral date, which the specialist can correct (never
into the future), with every change kept; the days to the first employer contact follow it."""

from datetime import timedelta

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from tests.helpers import post_form


def start_page(people) -> str:
    return f"/clients/{people['client_a'].id}/jobs"


def save_start(browser, people, day):
    url = f"/clients/{people['client_a'].id}/start"
    return post_form(browser, url, {"started_on": day.isoformat()}, page=start_page(people))


def enrolled_on(app, people):
    with app.app_context():
        return db.get(User, people["client_a"].id).enrolled_on


def test_the_specialist_corrects_the_start_and_the_change_is_kept(app, login_as, people):
    with app.app_context():
        today = local_today()
    referral = today - timedelta(days=40)
    mette = login_as("specialist_a")
    response = save_start(mette, people, referral)
    assert response.status_code == 303
    assert enrolled_on(app, people) == referral
    page = mette.get(start_page(people)).get_data(as_text=True)
    assert "Saved: the start in IPS." in page and "Changes to the start" in page
    # The caseload counts the days to the first employer contact from the corrected start.
    assert "No employer contact yet, 40 days since the start" in mette.get("/").get_data(
        as_text=True
    )
    # The participant sees the date, and cannot change it.
    anna = login_as("client_a")
    assert "Since " in anna.get(start_page(people)).get_data(as_text=True)
    assert save_start(anna, people, today).status_code == 403
    assert enrolled_on(app, people) == referral


def test_a_start_in_the_future_long_ago_or_no_date_is_refused_with_a_clear_error(
    app, login_as, people
):
    before = enrolled_on(app, people)
    mette = login_as("specialist_a")
    with app.app_context():
        tomorrow = local_today() + timedelta(days=1)
    response = save_start(mette, people, tomorrow)
    assert response.status_code == 422
    assert "The start cannot be in the future." in response.get_data(as_text=True)
    slip = save_start(mette, people, tomorrow.replace(year=tomorrow.year - 100))
    assert slip.status_code == 422
    assert "Choose a date in the last 20 years." in slip.get_data(as_text=True)
    url = f"/clients/{people['client_a'].id}/start"
    empty = post_form(mette, url, {"started_on": ""}, page=start_page(people))
    assert empty.status_code == 422 and "error-summary" in empty.get_data(as_text=True)
    assert enrolled_on(app, people) == before
