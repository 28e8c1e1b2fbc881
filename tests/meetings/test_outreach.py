"""Tries to get back in touch with a participant who has gone quiet: the specialist notes
them on the meetings page; switching the account off shows them, and says to keep trying
when there were fewer than three."""

from datetime import timedelta

from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db
from portal.meetings.models import OutreachTry
from tests.helpers import csrf_token_from, post_form


def note_try(browser, client_id, **changes):
    with browser.application.app_context():
        today = local_today().isoformat()
    data = {"tried_on": today, "way": "home_visit", "note": ""} | changes
    page = f"/clients/{client_id}/meetings"
    return post_form(browser, f"/clients/{client_id}/outreach", data, page=page)


def test_the_specialist_notes_a_try_and_reads_it_back(app, login_as, people):
    anna = people["client_a"].id
    mette = login_as("specialist_a", "da")
    with app.app_context():
        today = local_today()
    assert note_try(mette, anna, note="Ingen hjemme; lagde en seddel").status_code == 303
    page = mette.get(f"/clients/{anna}/meetings").get_data(as_text=True)
    assert "Ingen hjemme; lagde en seddel" in page and "Et besøg hjemme" in page
    response = note_try(mette, anna, tried_on=(today + timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert "Datoen kan ikke ligge i fremtiden." in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.scalars(select(OutreachTry)).all()) == 1


def test_only_the_participant_s_specialist_notes_tries(app, login_as, people):
    anna = people["client_a"].id
    own = login_as("client_a")
    token = csrf_token_from(own.get(f"/clients/{anna}/meetings").get_data(as_text=True))
    data = {"csrf_token": token, "tried_on": "2026-01-05", "way": "phone"}
    assert own.post(f"/clients/{anna}/outreach", data=data).status_code == 403
    for who in ("specialist_b", "admin"):
        browser = login_as(who)
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        answer = browser.post(f"/clients/{anna}/outreach", data=data | {"csrf_token": token})
        assert answer.status_code == 404, who
    with app.app_context():
        assert db.scalars(select(OutreachTry)).all() == []


def test_switching_a_participant_off_shows_the_tries_first(app, login_as, people):
    anna = people["client_a"].id
    lead = login_as("admin")
    page = lead.get(f"/team/accounts/{anna}/deactivate").get_data(as_text=True)
    assert "has noted 0 tries to get in touch in the last 60 days" in page
    assert "missed meetings never end IPS" in page
    mette = login_as("specialist_a")
    for way in ("phone", "message", "home_visit"):
        assert note_try(mette, anna, way=way).status_code == 303
    page = lead.get(f"/team/accounts/{anna}/deactivate").get_data(as_text=True)
    assert "has noted 3 tries to get in touch" in page
    assert "missed meetings never end IPS" not in page
