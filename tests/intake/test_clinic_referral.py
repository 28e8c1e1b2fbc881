"""A treatment contact refers someone to a team they work with, and then sees nothing about
the person: not on their home page, not as a participant, until the person shares with them."""

import re

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import Role
from portal.intake.models import Referral, ReferralSource
from tests.factories import make_partner, make_partner_link, make_team, make_user
from tests.helpers import csrf_token_from, post_form
from tests.hostile import post_random_values

REFERRED = {"name": "Mikkel Sørensen", "phone": "", "email": "mikkel@example.org"}


def _karen(app, people):
    with app.app_context():
        karen = make_partner("karen@psykiatrien.example.org", "Karen Holm")
        make_partner_link(db.merge(people["client_a"]), karen)
        db.commit()
        return karen


def _refer(browser, **fields):
    return post_form(browser, "/refer", {**REFERRED, "work_wish": "", **fields}, page="/refer")


def test_a_treatment_contact_refers_and_sees_nothing_of_the_person_after(app, login_as, people):
    karen = _karen(app, people)
    browser = login_as(karen)
    home = browser.get("/").get_data(as_text=True)
    assert 'href="/refer"' in home
    page = browser.get("/refer").get_data(as_text=True)
    assert people["team"].name in page  # the team of the participant who linked her
    answer = _refer(browser, team=people["team"].id, work_wish="Warehouse work")
    assert answer.status_code == 303
    assert "You will see nothing about them" in browser.get(answer.location).get_data(as_text=True)
    with app.app_context():
        [referral] = db.scalars(select(Referral)).all()
        assert (referral.source, referral.referred_by_id) == (ReferralSource.CLINIC, karen.id)
        assert (referral.team_id, referral.work_wish) == (people["team"].id, "Warehouse work")
    # The team sees who referred; Karen sees nothing of Mikkel anywhere.
    mette = login_as("specialist_a").get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Referred by a treatment contact" in mette and "Karen Holm" in mette
    for page in ("/", "/refer", "/sharing", f"/referrals/{referral.id}"):
        answer = browser.get(page)
        assert "Mikkel" not in answer.get_data(as_text=True), page


def test_a_contact_refers_only_to_a_team_they_work_with(app, login_as, people):
    karen = _karen(app, people)
    with app.app_context():
        other = make_team("IPS Andetsted")
        make_user(Role.SPECIALIST, "other@example.org", team=other)
        other_id = other.id
    browser = login_as(karen)
    assert "IPS Andetsted" not in browser.get("/refer").get_data(as_text=True)
    answer = _refer(browser, team=other_id)
    assert answer.status_code == 422
    assert "Not a valid choice." in answer.get_data(as_text=True)
    with app.app_context():
        assert db.scalars(select(Referral)).all() == []
    # A contact nobody linked has no team to refer to, and is told so.
    with app.app_context():
        lone = make_partner("lone@example.org", "Lone Alene")
    page = login_as(lone).get("/refer").get_data(as_text=True)
    assert "None has added you as a treatment contact yet." in page


def test_a_double_tap_sends_one_referral_and_random_input_is_refused_cleanly(app, login_as, people):
    karen = _karen(app, people)
    browser = login_as(karen)
    page = browser.get("/refer").get_data(as_text=True)
    token = csrf_token_from(page)
    submission = re.search(r'name="submission"[^>]*value="([^"]+)"', page)
    data = {"csrf_token": token, "team": people["team"].id, **REFERRED, "work_wish": ""}
    data["submission"] = submission.group(1) if submission else ""
    assert browser.post("/refer", data=data).status_code == 303
    assert browser.post("/refer", data=data).status_code == 303
    with app.app_context():
        assert len(db.scalars(select(Referral)).all()) == 1
    fields = ["team", "name", "phone", "email", "work_wish", "submission"]
    post_random_values(app, browser, token, "/refer", fields)
