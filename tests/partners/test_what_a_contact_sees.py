"""What a treatment or agency contact sees: exactly the parts the participant ticked, of that
participant only, and nothing once the yes is withdrawn or the participant restricted or
erased, on every route; each look is in the participant's access log and export.

Links are made on the models (tests/factories.py make_partner_link); the participant stops
sharing through her own service (portal.partners.services.stop_sharing), and the other states
a link can be in are set on the model."""

import logging

import pytest
from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.partners.models import SHARES, LinkState, PartnerLink
from portal.partners.services import stop_sharing
from tests.factories import (
    TEST_PASSWORD,
    make_goal,
    make_item,
    make_meeting,
    make_partner,
    make_partner_link,
    make_step,
    make_user,
)
from tests.helpers import csrf_token_from, post_form, sign_in
from tests.jobs.helpers import JOB_TITLE
from tests.queries import page_queries
from tests.routes import app_rules, fill, route_ids
from tests.things import ANNA_TEXTS, ANNA_WRITTEN

KAREN = "karen@psykiatrien.example.org"
# What each share shows of anna_things, and what no share ever shows: her messages, her work
# (jobs, employers, consent, check-ins), proposals she has not decided on, comments on goals,
# suggestions to her profile, and a meeting summary she has not confirmed.
SHOWN_BY = {
    "goals": ["A goal"],
    "plan": ["A step", "A question", "A worry", "A response"],
    "meetings": ["summary waiting for the participant"],  # her summary's words: once confirmed
    "strengths": ["Calm"],
    "history": [],
    "preferences": [],
    "supports": [],
}
NEVER = [
    ANNA_TEXTS[key]
    for key in ("subject", "message", "struggle", "proposal", "comment", "suggestion", "summary")
] + [JOB_TITLE, "Testfirma"]
EVERYTHING = tuple(SHARES)


def _partner(app, people, shares=EVERYTHING, state=LinkState.ACTIVE, email=KAREN):
    with app.app_context():
        karen = make_partner(email, "Karen Holm")
        make_partner_link(db.merge(people["client_a"]), karen, shares=shares, state=state)
        return karen


def _stop_sharing(app, people) -> None:
    """Anna presses "stop sharing" for her contact (the service behind her page)."""
    with app.app_context():
        anna = db.merge(people["client_a"])
        link = db.scalar(select(PartnerLink).where(PartnerLink.client_id == anna.id))
        stop_sharing(anna, link, link.version)
        db.commit()


def _shared_page(browser, client_id: int):
    return browser.get(f"/shared/{client_id}")


@pytest.mark.parametrize("share", SHARES)
def test_the_page_shows_exactly_the_ticked_part(app, login_as, people, anna_things, share):
    karen = _partner(app, people, shares=(share,))
    page = _shared_page(login_as(karen), people["client_a"].id)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for text in SHOWN_BY[share]:
        assert text in body, (share, text)
    others = [text for name, texts in SHOWN_BY.items() if name != share for text in texts]
    for text in others + NEVER:
        assert text not in body, (share, text)


def test_a_section_shows_its_heading_and_what_is_written(app, login_as, people, anna_things):
    karen = _partner(app, people, shares=("strengths", "preferences"))
    body = _shared_page(login_as(karen), people["client_a"].id).get_data(as_text=True)
    assert "Skills and strengths" in body and "What I am looking for" in body
    assert "Work and education so far" not in body and "Support that helps me" not in body


def test_goals_put_away_and_proposals_are_not_shown(app, login_as, people):
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        make_goal(anna, "Work in a bakery")
        goal = make_goal(anna, "Drive a bus")
        goal.archived_at = utcnow()
        make_step(anna, "Call the bakery")
        make_step(anna, "Ask about night shifts", by=mette)  # a proposal
        db.commit()
    karen = _partner(app, people, shares=("goals", "plan"))
    body = _shared_page(login_as(karen), people["client_a"].id).get_data(as_text=True)
    assert "Work in a bakery" in body and "Call the bakery" in body
    assert "Drive a bus" not in body and "Ask about night shifts" not in body


def test_step_owners_are_named_as_in_the_participants_country(app, login_as, people):
    from portal.plans.models import Responsible

    with app.app_context():
        make_step(db.merge(people["client_a"]), "See the caseworker", Responsible.JOB_CENTRE)
    karen = _partner(app, people, shares=("plan",))
    body = _shared_page(login_as(karen), people["client_a"].id).get_data(as_text=True)
    assert "Job centre (jobcenter)" in body and "Arbetsförmedlingen" not in body


def test_meeting_summaries_say_whether_the_participant_confirmed_or_corrected_them(
    app, login_as, people
):
    from portal.meetings.services import cancel_meeting, confirm_summary, dispute_summary
    from tests.meetings.helpers import planned_meeting, recorded_meeting

    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        confirmed = recorded_meeting(mette, anna, "We agreed on the bakery")
        confirm_summary(anna, confirmed, confirmed.version)
        corrected = recorded_meeting(mette, anna, "We agreed on night shifts")
        dispute_summary(anna, corrected, "Day shifts, not night shifts", corrected.version)
        cancelled = recorded_meeting(mette, anna, "A meeting that did not happen")
        cancel_meeting(mette, cancelled)
        recorded_meeting(mette, anna, "Anna has not read this one yet")
        planned_meeting(mette, anna, place="The library on Main Street")
        db.commit()
    karen = _partner(app, people, shares=("meetings",))
    body = _shared_page(login_as(karen), people["client_a"].id).get_data(as_text=True)
    assert "We agreed on the bakery" in body and "summary confirmed" in body
    # A summary's words reach the contact only once Anna has confirmed them: a corrected one
    # shows her correction instead, a waiting one nothing yet.
    assert "We agreed on night shifts" not in body and "Day shifts, not night shifts" in body
    assert "summary corrected by the participant" in body
    assert "Anna has not read this one yet" not in body
    assert "summary waiting for the participant" in body
    assert "did not happen" not in body and "The library on Main Street" not in body


@pytest.mark.parametrize("state", [LinkState.ASKED, LinkState.DECLINED, LinkState.WITHDRAWN])
def test_nothing_is_shared_without_a_yes_in_force(app, login_as, people, anna_things, state):
    karen = _partner(app, people, state=state)
    browser = login_as(karen)
    assert _shared_page(browser, people["client_a"].id).status_code == 404
    home = browser.get("/").get_data(as_text=True)
    assert "Anna" not in home and "Nobody shares anything with you" in home


def test_a_contact_sees_nothing_of_another_participant_of_the_same_specialist(
    app, login_as, people, anna_things, caplog
):
    """Karen has Carl's yes to everything; Anna (Carl's specialist's other participant) has
    said nothing: no route with Anna's ids shows Karen anything of hers."""
    with app.app_context():
        carl = make_user(
            Role.CLIENT,
            "carl@example.org",
            "Carl Klient",
            specialist=db.merge(people["specialist_a"]),
        )
        karen = make_partner(KAREN, "Karen Holm")
        make_partner_link(carl, karen, shares=EVERYTHING)
        ids = route_ids(people, anna_things)
    browser = login_as(karen)
    home = browser.get("/").get_data(as_text=True)
    assert "Carl Klient" in home and "Anna" not in home
    with caplog.at_level(logging.WARNING, logger="portal.core.authz"):
        assert _shared_page(browser, people["client_a"].id).status_code == 404
    assert any("Access denied" in record.getMessage() for record in caplog.records)
    _assert_nothing_of_anna_anywhere(app, browser, ids)


def test_after_withdrawal_the_next_request_shows_nothing_anywhere(
    app, login_as, people, anna_things
):
    karen = _partner(app, people)
    with app.app_context():
        ids = route_ids(people, anna_things)
    browser = login_as(karen)
    assert "A goal" in _shared_page(browser, people["client_a"].id).get_data(as_text=True)
    assert "Anna Klient" in browser.get("/").get_data(as_text=True)

    _stop_sharing(app, people)

    assert _shared_page(browser, people["client_a"].id).status_code == 404
    home = browser.get("/").get_data(as_text=True)
    assert "Anna" not in home and "Nobody shares anything with you" in home
    _assert_nothing_of_anna_anywhere(app, browser, ids)


def _assert_nothing_of_anna_anywhere(app, browser, ids) -> None:
    """Every GET route of the portal with Anna's ids in the address (as the access matrix
    fills them) shows nothing of her. A link's token is the key itself, not Karen's to have."""
    seen = []
    for rule in app_rules(app):
        if "GET" not in rule.methods or "token" in rule.arguments:
            continue
        url = fill(rule, ids)
        response = browser.get(url)
        body = response.get_data(as_text=True)
        leaked = [text for text in (*ANNA_WRITTEN, "Anna Klient") if text in body]
        if leaked or (response.status_code == 200 and "client_id" in rule.arguments):
            seen.append(f"{url}: {response.status_code} {leaked}")
    assert not seen, "\n".join(seen)


@pytest.mark.parametrize("how", ["restricted", "erased"])
def test_a_restricted_or_erased_participant_shares_nothing(app, login_as, people, anna_things, how):
    karen = _partner(app, people)
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        setattr(anna, f"{how}_at", utcnow())
        db.commit()
    browser = login_as(karen)
    assert _shared_page(browser, people["client_a"].id).status_code == 404
    assert "Anna" not in browser.get("/").get_data(as_text=True)


def test_each_look_is_in_the_participants_access_log_and_export(app, login_as, people, anna_things):
    karen = _partner(app, people, shares=("goals",))
    assert _shared_page(login_as(karen), people["client_a"].id).status_code == 200
    anna = login_as("client_a")
    my_data = anna.get("/my-data").get_data(as_text=True)
    assert "Karen Holm (Treatment or agency contact)" in my_data
    assert "looked at what you share with them" in my_data
    export = anna.get("/my-data/export.json").get_json()
    looks = [
        row
        for row in export["audit_entries"]
        if row["actor_id"] == karen.id and row["what"] == "shared.participant"
    ]
    assert len(looks) == 1 and looks[0]["action"] == "view"


def test_a_refused_look_is_not_logged_as_a_look(app, login_as, people, anna_things):
    karen = _partner(app, people, state=LinkState.ASKED)
    _shared_page(login_as(karen), people["client_a"].id)
    export = login_as("client_a").get("/my-data/export.json").get_json()
    assert not [row for row in export.get("audit_entries", []) if row["actor_id"] == karen.id]


def test_a_contact_signs_in_with_a_code_like_staff_and_cannot_switch_it_off(
    app, make_client, people
):
    karen = _partner(app, people)
    browser = make_client()
    first = post_form(browser, "/login", {"email": karen.email, "password": TEST_PASSWORD})
    assert first.location.endswith("/login/code")
    assert browser.get("/").status_code == 302  # not in before the code
    sign_in(browser, karen.email)
    assert browser.get("/").status_code == 200
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    browser.post("/account/two-factor/off", data={"csrf_token": token, "password": TEST_PASSWORD})
    with app.app_context():
        assert db.get(User, karen.id).mfa_enabled_at is not None


def test_a_contacts_menu_is_the_home_and_the_account(app, login_as, people):
    karen = _partner(app, people, shares=("goals",))
    home = login_as(karen).get("/").get_data(as_text=True)
    nav = home.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert 'href="/"' in nav and 'href="/account"' in nav
    for other in ("/goals", "/messages", "/plan", "/invitations", "/employers"):
        assert f'href="{other}' not in nav, other


def test_a_contacts_pages_take_the_same_queries_however_much_there_is(
    app, login_as, people, anna_things
):
    """No N+1: the shared page with 2 or 20 goals, steps, items and meetings, and the home
    with one or six participants sharing, each take the same number of queries."""

    def add(n: int, first: int) -> None:
        with app.app_context():
            anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
            for i in range(first, first + n):
                make_goal(anna, f"Goal {i}")
                make_step(anna, f"Step {i}")
                make_item(anna, f"Question {i}")
                make_meeting(mette, anna, days_from_today=-i - 2, summary=f"Summary {i}")
                someone = make_user(Role.CLIENT, f"c{i}@example.org", specialist=mette)
                make_partner_link(someone, db.get(User, karen.id), shares=("goals",))

    karen = _partner(app, people)
    browser = login_as(karen)
    urls = ["/", f"/shared/{people['client_a'].id}"]
    add(1, 0)
    small = page_queries(app, browser, urls)
    add(5, 1)
    assert page_queries(app, browser, urls) == small
