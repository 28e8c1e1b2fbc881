"""A team lead records a specialist's working hours, which the fidelity review's caseload per
full-time post counts; only for the specialists of the lead's own teams."""

from datetime import date
from decimal import Decimal

from portal.core.db import db
from portal.core.identity import Role, User
from portal.fidelity.measures import caseload_per_full_time
from tests.factories import make_team, make_user
from tests.helpers import csrf_token_from, signed_in


def post_hours(browser, user_id, hours):
    page = browser.get(f"/team/accounts/{user_id}/hours").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "hours": hours}
    return browser.post(f"/team/accounts/{user_id}/hours", data=data)


def test_a_lead_records_hours_that_the_caseload_per_post_counts(app, make_client, people):
    lead = signed_in(make_client, people, "admin", lang="da")
    sofie = people["specialist_a"]
    assert post_hours(lead, sofie.id, "18,5").status_code == 303
    assert "18,5 timer om ugen" in lead.get("/team/accounts").get_data(as_text=True)
    with app.app_context():
        team = db.merge(people["team"])
        measured = caseload_per_full_time(team, date(2026, 7, 1), date(2026, 12, 31))
        # Sofie on half of Denmark's 37 hours and Bo full-time: 1.5 posts for 2 participants.
        assert measured.numbers["full_time_posts"] == Decimal("1.5")
        assert measured.value == Decimal("1.3")
    assert post_hours(lead, sofie.id, "").status_code == 303  # empty: full-time again
    with app.app_context():
        assert db.get(User, sofie.id).weekly_hours is None


def test_impossible_hours_are_refused_in_the_reader_s_language(app, make_client, people):
    lead = signed_in(make_client, people, "admin", lang="sv")
    response = post_hours(lead, people["specialist_a"].id, "70")
    assert response.status_code == 422
    assert "Skriv ett tal från 1 till 60." in response.get_data(as_text=True)
    with app.app_context():
        assert db.get(User, people["specialist_a"].id).weekly_hours is None


def test_only_specialists_of_the_lead_s_teams_have_hours(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    with app.app_context():
        stranger = make_user(Role.SPECIALIST, "far.away@example.org", team=make_team("IPS Andetby"))
    for person_id in (stranger.id, people["client_a"].id):
        assert lead.get(f"/team/accounts/{person_id}/hours").status_code == 404
        assert post_hours_refused(lead, person_id)


def post_hours_refused(browser, person_id) -> bool:
    token = csrf_token_from(browser.get("/team/accounts").get_data(as_text=True))
    data = {"csrf_token": token, "hours": "20"}
    return browser.post(f"/team/accounts/{person_id}/hours", data=data).status_code == 404
