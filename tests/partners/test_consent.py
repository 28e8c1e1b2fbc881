"""A participant's treatment and agency contacts, the specialist's and the participant's side:
nothing is shared before the participant's yes to that named person, they choose what, and a
stop is effective at once. Every answer is kept with the sentence the participant saw."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.authz import NotAllowed
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.partners.models import (
    SHARES,
    ConsentWay,
    LinkState,
    PartnerKind,
    PartnerLink,
    PartnerLinkEvent,
)
from portal.partners.services import NewContact, PartnerError, add_contact, answer_request
from tests.factories import make_partner, make_team, make_user
from tests.helpers import csrf_token_from, post_form

NEW = {
    "name": "Pia Psykiater",
    "email": "pia@psykiatrien.example.org",
    "organisation": "Psykiatrien Testby",
    "kind": "psychiatry",
    "way": "ask",
}


def contacts_url(people) -> str:
    return f"/clients/{people['client_a'].id}/contacts"


def add(login_as, people, who="specialist_a", **changes):
    return post_form(login_as(who), contacts_url(people), {**NEW, **changes})


def day(app, offset: int = 0):
    with app.app_context():
        return local_today() + timedelta(days=offset)


def on_paper(app, **changes):
    return {"way": "paper", "consent_on": day(app).isoformat(), "shares": ["goals"], **changes}


def links(app) -> list[PartnerLink]:
    with app.app_context():
        return list(db.scalars(select(PartnerLink).order_by(PartnerLink.id)))


def events(app) -> list[PartnerLinkEvent]:
    with app.app_context():
        return list(db.scalars(select(PartnerLinkEvent).order_by(PartnerLinkEvent.id)))


def the_link(app) -> PartnerLink:
    (link,) = links(app)
    return link


def invitations(outbox, email=NEW["email"]):
    return [mail for mail in outbox() if mail.recipient == email]


def test_asking_shares_nothing_until_the_participant_says_yes(app, people, login_as, outbox):
    response = add(login_as, people)
    assert response.status_code == 303
    link = the_link(app)
    assert link.state == LinkState.ASKED and link.shares() == set()
    assert not invitations(outbox)  # nothing to see yet: no invitation
    with app.app_context():
        contact = db.get(User, link.partner_id)
        assert contact.role == Role.PARTNER and contact.password_hash is None
        assert contact.team_id is None  # a contact belongs to no team
    anna = login_as("client_a", lang="da")
    home = anna.get("/").get_data(as_text=True)
    assert "Du er blevet spurgt, om en person må se" in home  # the waiting request, first
    assert home.index("Du er blevet spurgt") < home.index("Dine næste møder")
    page = anna.get("/sharing").get_data(as_text=True)
    assert "Pia Psykiater" in page and "checked" not in page  # nothing ticked by default
    answer = {f"l{link.id}-answer": "yes", f"l{link.id}-shares": ["goals", "plan"]}
    answer[f"l{link.id}-version"] = link.version
    assert post_form(anna, f"/sharing/{link.id}/answer", answer, page="/sharing").status_code == 303
    link = the_link(app)
    assert link.state == LinkState.ACTIVE and link.consent_way == ConsentWay.PORTAL
    assert link.shares() == {"goals", "plan"}
    asked, given = events(app)
    assert (asked.what, given.what, given.locale) == ("asked", "given", "da")
    # Kept as she read it, in Danish: the question, the button she pressed, what she ticked.
    question, pressed = given.wording.split("\n")
    assert question == asked.wording and question in page
    assert pressed == "Ja, vedkommende må se det, jeg har sat kryds ved: Mine mål, Min plan"
    assert pressed.split(":")[0] in page and "Pia Psykiater (Psykiatri" in question
    # Now the contact is useful: the usual invitation, naming no participant, nothing of health.
    (mail,) = invitations(outbox)
    for word in ("Anna", "Klient", "psyk", "Psyk", "IPS", "health", "sundhed"):
        assert word not in mail.body and word not in mail.subject


def test_a_yes_with_nothing_ticked_is_refused_and_a_no_shares_nothing(app, people, login_as):
    add(login_as, people)
    link = the_link(app)
    anna = login_as("client_a")
    url, version = f"/sharing/{link.id}/answer", {f"l{link.id}-version": link.version}
    response = post_form(anna, url, {f"l{link.id}-answer": "yes", **version}, page="/sharing")
    assert response.status_code == 422
    assert "Tick at least one thing" in response.get_data(as_text=True)
    assert the_link(app).state == LinkState.ASKED
    response = post_form(anna, url, {f"l{link.id}-answer": "no", **version}, page="/sharing")
    assert response.status_code == 303
    assert the_link(app).state == LinkState.DECLINED and the_link(app).shares() == set()
    assert events(app)[-1].what == "declined"
    assert "Pia Psykiater" in anna.get("/sharing").get_data(as_text=True)  # as history
    # Asked again later: the same link, a new question, still nothing shared.
    assert add(login_as, people).status_code == 303
    assert the_link(app).state == LinkState.ASKED and the_link(app).shares() == set()


def test_a_yes_on_paper_is_shown_at_the_next_sign_in_until_seen(app, people, login_as, outbox):
    paper_day = day(app, -3)
    response = add(login_as, people, **on_paper(app, consent_on=paper_day.isoformat()))
    assert response.status_code == 303
    link = the_link(app)
    assert (link.state, link.consent_way, link.consent_on) == (
        LinkState.ACTIVE,
        ConsentWay.PAPER,
        paper_day,
    )
    assert link.shares() == {"goals"}
    assert len(invitations(outbox)) == 1
    (paper,) = events(app)
    assert paper.what == "paper" and paper.locale == "da"  # Anna reads Danish by default
    anna = login_as("client_a")
    home = anna.get("/").get_data(as_text=True)
    assert "You said yes on paper" in home and "Sofie Specialist" in home
    assert "Pia Psykiater" in home and "My goals" in home
    response = post_form(anna, f"/sharing/{link.id}/seen", {}, page="/")
    assert response.status_code == 303
    assert the_link(app).paper_seen_at is not None
    assert "You said yes on paper" not in anna.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent_on": ""}, "Write the date on the paper."),
        ({"consent_on": "tomorrow"}, "cannot be in the future"),
        ({"shares": []}, "Tick what the participant agreed to on paper."),
    ],
)
def test_a_paper_yes_needs_its_date_and_what_was_agreed(app, people, login_as, changes, message):
    if changes.get("consent_on") == "tomorrow":
        changes = {"consent_on": day(app, 1).isoformat()}
    response = add(login_as, people, **on_paper(app, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert links(app) == []


def test_an_e_mail_of_another_role_or_a_second_link_is_refused(app, people, login_as):
    response = add(login_as, people, email=people["client_b"].email)
    assert response.status_code == 422
    assert "cannot be a treatment or agency contact" in response.get_data(as_text=True)
    assert links(app) == []
    assert add(login_as, people).status_code == 303
    response = add(login_as, people, name="Someone Else")
    assert response.status_code == 422
    assert "already a contact of this participant" in response.get_data(as_text=True)
    assert len(links(app)) == 1


def test_an_existing_contact_is_linked_again_and_keeps_their_name(app, people, login_as, outbox):
    with app.app_context():
        make_partner(NEW["email"], "Pia Own Name")
    assert add(login_as, people, name="Another Name", **on_paper(app)).status_code == 303
    assert not invitations(outbox)  # they chose a password long ago: no invitation
    with app.app_context():
        contacts = list(db.scalars(select(User).where(User.role == Role.PARTNER)))
    assert [c.name for c in contacts] == ["Pia Own Name"]
    assert the_link(app).partner_id == contacts[0].id


def test_stopping_takes_one_press_and_empties_the_shares_at_once(app, people, login_as):
    add(login_as, people, **on_paper(app, shares=["goals", "history"]))
    link = the_link(app)
    anna = login_as("client_a")
    data = {"version": link.version}
    assert post_form(anna, f"/sharing/{link.id}/stop", data, page="/sharing").status_code == 303
    link = the_link(app)
    assert link.state == LinkState.WITHDRAWN and link.shares() == set()
    assert not any(getattr(link, f"share_{name}") for name in SHARES)  # nothing left on
    assert events(app)[-1].what == "withdrawn" and events(app)[-1].actor_id == link.client_id
    assert "Pia Psykiater" in anna.get("/sharing").get_data(as_text=True)  # as history


def test_the_participant_changes_what_a_contact_sees(app, people, login_as):
    add(login_as, people, **on_paper(app))
    link = the_link(app)
    anna = login_as("client_a", lang="sv")
    url = f"/sharing/{link.id}/shares"
    data = {f"l{link.id}-shares": ["plan", "strengths"], f"l{link.id}-version": link.version}
    assert post_form(anna, url, data, page="/sharing").status_code == 303
    assert the_link(app).shares() == {"plan", "strengths"}
    last = events(app)[-1]
    assert (last.what, last.locale, last.shares) == ("shares", "sv", "plan,strengths")
    assert "Min plan" in last.wording
    # Nothing ticked: refused, what was saved stays.
    data = {f"l{the_link(app).id}-version": the_link(app).version}
    assert post_form(anna, url, data, page="/sharing").status_code == 422
    assert the_link(app).shares() == {"plan", "strengths"}


def test_a_stale_form_gets_the_conflict_answer_and_changes_nothing(app, people, login_as):
    add(login_as, people, **on_paper(app))
    link = the_link(app)
    anna = login_as("client_a")
    stale = link.version
    data = {f"l{link.id}-shares": ["plan"], f"l{link.id}-version": stale}
    assert post_form(anna, f"/sharing/{link.id}/shares", data, page="/sharing").status_code == 303
    data = {f"l{link.id}-shares": ["supports"], f"l{link.id}-version": stale}
    response = post_form(anna, f"/sharing/{link.id}/shares", data, page="/sharing")
    assert response.status_code == 409
    assert the_link(app).shares() == {"plan"}
    response = post_form(anna, f"/sharing/{link.id}/stop", {"version": stale}, page="/sharing")
    assert response.status_code == 409 and the_link(app).state == LinkState.ACTIVE


def test_the_specialist_records_a_stop_said_on_the_phone(app, people, login_as):
    add(login_as, people, **on_paper(app))
    link = the_link(app)
    mette = login_as("specialist_a")
    data = {"version": link.version}
    response = post_form(mette, f"/contacts/{link.id}/stop", data, page=contacts_url(people))
    assert response.status_code == 303
    assert the_link(app).state == LinkState.WITHDRAWN and the_link(app).shares() == set()
    last = events(app)[-1]
    assert last.what == "withdrawn" and last.actor_id == people["specialist_a"].id
    assert last.locale == "da" and "Sofie Specialist" in last.wording  # Anna's language


def test_a_restricted_participant_cannot_be_asked_and_sees_no_requests(app, people, login_as):
    add(login_as, people)
    link = the_link(app)
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.restricted_at = utcnow()
        db.commit()
    assert add(login_as, people, email="other@example.org").status_code == 404
    browser = login_as("client_a")
    assert "Pia Psykiater" not in browser.get("/sharing").get_data(as_text=True)
    assert "You have been asked" not in browser.get("/").get_data(as_text=True)
    data = {f"l{link.id}-answer": "yes", f"l{link.id}-shares": ["goals"]}
    data[f"l{link.id}-version"] = link.version
    post_form(browser, f"/sharing/{link.id}/answer", data, page="/sharing")
    assert the_link(app).state == LinkState.ASKED


def test_only_the_kinds_of_the_participants_country_are_offered(app, people, login_as):
    # Anna's team is Danish: no Försäkringskassan, neither in the form nor in the service.
    response = add(login_as, people, kind="forsakringskassan")
    assert response.status_code == 422 and links(app) == []
    with app.app_context():
        mette, anna = db.merge(people["specialist_a"]), db.merge(people["client_a"])
        new = NewContact("Per", "per@fk.example.org", "FK", PartnerKind.FORSAKRINGSKASSAN)
        with pytest.raises(PartnerError):
            add_contact(mette, anna, new)


def test_the_specialist_cannot_answer_for_the_participant(app, people, login_as):
    add(login_as, people)
    link = the_link(app)
    mette = login_as("specialist_a")
    assert "Pia Psykiater" in mette.get(contacts_url(people)).get_data(as_text=True)
    data = {f"l{link.id}-answer": "yes", f"l{link.id}-shares": ["goals"]}
    data[f"l{link.id}-version"] = link.version
    response = post_form(mette, f"/sharing/{link.id}/answer", data, page=contacts_url(people))
    assert response.status_code == 403
    assert the_link(app).state == LinkState.ASKED
    with app.app_context():
        the_row, mette = db.get(PartnerLink, link.id), db.get(User, people["specialist_a"].id)
        with pytest.raises(NotAllowed):  # the service's own guard, under the view's
            answer_request(mette, the_row, True, {"goals"}, the_row.version)


def routes(link_id: int, client_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/clients/{client_id}/contacts"),
        ("POST", f"/clients/{client_id}/contacts"),
        ("POST", f"/contacts/{link_id}/stop"),
        ("POST", f"/sharing/{link_id}/answer"),
        ("POST", f"/sharing/{link_id}/shares"),
        ("POST", f"/sharing/{link_id}/stop"),
        ("POST", f"/sharing/{link_id}/seen"),
    ]


@pytest.mark.parametrize("who", ["specialist_b", "client_b", "admin", "employer", "contact"])
def test_everyone_else_gets_404_on_every_route(app, people, login_as, who):
    with app.app_context():
        # The contact themselves: an account with a password, linked through the form.
        contact = make_partner(NEW["email"], "Pia Psykiater")
        other_team = make_user(
            Role.SPECIALIST, "elsewhere@example.org", "Ulla Udenfor", team=make_team("Malmö")
        )
    add(login_as, people, **on_paper(app))
    link = the_link(app)
    people = {**people, "contact": contact, "other_team": other_team}
    for person in (who, "other_team"):
        browser = login_as(people[person])
        html = browser.get("/account").get_data(as_text=True)
        data = {"csrf_token": csrf_token_from(html), "version": link.version}
        for method, url in routes(link.id, link.client_id):
            response = browser.open(url, method=method, data=data)
            assert response.status_code == 404, (person, method, url)
    assert the_link(app).shares() == {"goals"}
    assert len(events(app)) == 1


def test_a_forged_link_id_is_404_and_another_participants_link_is_not_theirs(app, people, login_as):
    add(login_as, people, **on_paper(app))
    link = the_link(app)
    bent = login_as("client_b")
    for url in (f"/sharing/{link.id + 1000}/stop", f"/sharing/{link.id}/stop"):
        response = post_form(bent, url, {"version": link.version}, page="/sharing")
        assert response.status_code == 404
    assert the_link(app).state == LinkState.ACTIVE
    assert "Pia Psykiater" not in bent.get("/sharing").get_data(as_text=True)
