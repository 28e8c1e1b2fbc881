"""The public "I would like to work" page: anyone may ask, nothing about health or readiness
is asked, a program filling every field is dropped without a puzzle, the page is throttled,
and it names no "IPS" (an employer contact may be reading before sign-in)."""

import re

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.intake.models import Referral, ReferralSource
from tests.helpers import csrf_token_from
from tests.intake.helpers import PUBLIC_NAME, ask, put_on_public_page


def _referrals(app) -> list[Referral]:
    with app.app_context():
        return list(db.scalars(select(Referral).order_by(Referral.id)))


def test_a_person_asks_without_an_account_and_the_team_gets_the_referral(
    app, make_client, people, login_as
):
    team_id = put_on_public_page(app, people["team"])
    browser = make_client()
    browser.set_cookie("lang", "en")
    # From the sign-in page, through the list (one team: straight to its page).
    login = browser.get("/login").get_data(as_text=True)
    assert 'href="/i-would-like-to-work"' in login
    assert browser.get("/i-would-like-to-work").headers["Location"].endswith(f"/{team_id}")
    page = browser.get(f"/i-would-like-to-work/{team_id}").get_data(as_text=True)
    assert f"can get support from {PUBLIC_NAME}." in page
    # Only a name, a way to reach, and a wish: nothing about diagnosis or readiness.
    form = re.search(rf'<form[^>]*action="/i-would-like-to-work/{team_id}.*?</form>', page, re.S)
    fields = set(re.findall(r'name="([^"]+)"', form.group(0)))
    assert fields == {"csrf_token", "name", "phone", "email", "work_wish", "website"}
    with app.app_context():
        accounts_before = db.scalar(select(User.id).order_by(User.id.desc()))
    answer = ask(browser, team_id)
    assert answer.status_code == 303 and answer.location.endswith(f"/{team_id}/thanks")
    thanks = browser.get(answer.location).get_data(as_text=True)
    assert f"{PUBLIC_NAME} has your message." in thanks
    [referral] = _referrals(app)
    assert (referral.team_id, referral.source, referral.name) == (
        team_id,
        ReferralSource.SELF,
        "Rita Hansen",
    )
    assert (referral.phone, referral.email, referral.work_wish) == ("20 30 40 50", None, "A bakery")
    with app.app_context():  # no account is made until someone of the team accepts
        assert db.scalar(select(User.id).order_by(User.id.desc())) == accounts_before
    # The team's specialists see it: on their home page, and in the list.
    mette = login_as("specialist_a")
    assert "1 person would like to work" in mette.get("/").get_data(as_text=True)
    assert "Rita Hansen" in mette.get("/referrals").get_data(as_text=True)


def test_a_name_and_a_way_to_reach_are_needed_and_nothing_typed_is_lost(app, make_client, people):
    team_id = put_on_public_page(app, people["team"])
    browser = make_client()
    browser.set_cookie("lang", "en")
    answer = ask(browser, team_id, name="", phone="", email="", work_wish="Gardening, outdoors")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Please fill in this field." in page
    assert "Write a phone number or an e-mail address, so that the team can reach you." in page
    assert "Gardening, outdoors" in page  # what was typed stays on the page
    answer = ask(browser, team_id, phone="call me maybe")
    assert answer.status_code == 422
    assert "Write the phone number with digits" in answer.get_data(as_text=True)
    assert ask(browser, team_id, phone="", email="rita@example.org").status_code == 303
    assert [r.email for r in _referrals(app)] == ["rita@example.org"]


def test_a_program_filling_the_hidden_field_is_thanked_and_nothing_is_kept(
    app, make_client, people
):
    team_id = put_on_public_page(app, people["team"])
    browser = make_client()
    answer = ask(browser, team_id, website="http://spam.example")
    assert answer.status_code == 303 and answer.location.endswith("/thanks")
    assert _referrals(app) == []
    # A person never meets it: off the screen, out of the tab order, hidden from readers.
    page = browser.get(f"/i-would-like-to-work/{team_id}").get_data(as_text=True)
    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', page, re.S).group(1)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_asking_is_throttled_per_address(app, make_client, people):
    team_id = put_on_public_page(app, people["team"])
    browser = make_client()
    statuses = [ask(browser, team_id, name=f"Person {n}").status_code for n in range(6)]
    assert statuses == [303] * 5 + [429]
    assert len(_referrals(app)) == 5


def test_a_team_without_a_public_name_has_no_public_page(app, make_client, people):
    browser = make_client()
    browser.set_cookie("lang", "en")
    assert browser.get(f"/i-would-like-to-work/{people['team'].id}").status_code == 404
    page = browser.get("/i-would-like-to-work").get_data(as_text=True)
    assert "No team takes requests on this page yet." in page


def test_the_public_pages_name_no_ips_in_any_language(app, make_client, people):
    with app.app_context():
        db.merge(people["team"]).name = "IPS Testby"
        db.commit()
    team_id = put_on_public_page(app, people["team"])
    for lang in ("da", "sv", "en"):
        browser = make_client()
        browser.set_cookie("lang", lang)
        pages = [
            "/login",
            f"/i-would-like-to-work/{team_id}",
            f"/i-would-like-to-work/{team_id}/thanks",
        ]
        token = csrf_token_from(browser.get(pages[1]).get_data(as_text=True))
        refused = browser.post(pages[1], data={"csrf_token": token, "name": ""})
        bodies = [browser.get(page).get_data(as_text=True) for page in pages]
        for body in [*bodies, refused.get_data(as_text=True)]:
            text = re.sub(r"<[^>]+>", " ", body)
            assert not re.search(r"\bIPS", text), (lang, re.findall(r".{40}\bIPS.{40}", text))
