"""The list of sent invitations (#18): every invitation is listed to its sender by one rule,
whether or not the address already had an account, so the list cannot tell an inviter that an
address is known (that someone is a participant); only its sender sends it again; erasure and
the retention purge remove the rows."""

import difflib
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from portal.accounts.models import Invitation
from portal.accounts.same_answer import send_invitation_again
from portal.core.authz import NotAllowed
from portal.core.db import db, utcnow
from portal.core.identity import Role, TeamLead, User
from portal.privacy.services import purge_expired
from tests.accounts.helpers import link_in
from tests.factories import make_team, make_user
from tests.helpers import post_form
from tests.privacy.seams import every_stored_value

CSRF = re.compile(r'(value=|X-CSRFToken": )"[\w.-]{40,}"')
RESEND = re.compile(r"/invitations/\d+/resend")


def invite(browser, email: str, name: str, headers=None, **fields):
    data = {"role": "client", "name": name, "email": email, "language": "en", **fields}
    return post_form(browser, "/invitations", data, page="/invitations", headers=headers or {})


def neutral(html: str, email: str, name: str) -> str:
    """The page with what the inviter typed, the form tokens and the row's id taken out."""
    html = html.replace(email, "EMAIL").replace(name, "NAME")
    return RESEND.sub("/invitations/ID/resend", CSRF.sub("TOKEN", html))


def difference(expected, seen) -> str:
    lines = [str(part).splitlines() for part in (expected, seen)]
    return "\n".join(difflib.unified_diff(*lines, lineterm="", n=1))


def forget_sent(app) -> None:
    """Start the list afresh, as if the inviter had sent nothing yet."""
    with app.app_context():
        db.execute(delete(Invitation))
        db.commit()


def seen_after_inviting(app, browser, email: str, name: str) -> dict:
    """What the inviter meets: the answer, the page, the htmx panel and a second sending."""
    forget_sent(app)
    answer = invite(browser, email, name)
    page = browser.get(answer.location).get_data(as_text=True)
    again_id = RESEND.search(page).group(0)
    again = post_form(browser, again_id, {}, page="/invitations")
    again_page = browser.get(again.location).get_data(as_text=True)
    forget_sent(app)
    panel = invite(browser, email, name, headers={"HX-Request": "true"}).get_data(as_text=True)
    return {
        "answer": (answer.status_code, answer.location),
        "page": neutral(page, email, name),
        "again": (again.status_code, again.location, neutral(again_page, email, name)),
        "panel": neutral(panel, email, name),
    }


@pytest.fixture
def known_addresses(app, people):
    """Addresses with an account the inviter has no business knowing of: a participant of
    another team, one of their own team's other caseload, one still waiting for a password,
    a switched-off one, an employer contact and a team lead."""
    with app.app_context():
        other_team = make_team("IPS Andetsted")
        stranger = make_user(Role.SPECIALIST, "s@andetsted.example", team=other_team)
        make_user(Role.CLIENT, "far.away@example.org", specialist=stranger)
        make_user(Role.CLIENT, "waiting@example.org", specialist=stranger, password_hash=None)
        make_user(Role.CLIENT, "gone@example.org", specialist=stranger, deactivated_at=utcnow())
        db.commit()
    return [
        "far.away@example.org",
        people["client_b"].email,
        "waiting@example.org",
        "gone@example.org",
        people["employer"].email,
        people["admin"].email,
    ]


def test_the_inviter_sees_the_same_for_a_known_and_an_unknown_address(
    app, login_as, people, known_addresses
):
    sofie = login_as("specialist_a")
    unknown = seen_after_inviting(app, sofie, "new.person@example.org", "New Person")
    assert "EMAIL" in unknown["page"] and "NAME" in unknown["page"]  # it is listed
    assert "Not yet accepted" in unknown["page"]
    for email in known_addresses:
        known = seen_after_inviting(app, sofie, email, "Someone Typed")
        for part, seen in known.items():
            assert seen == unknown[part], (email, part, difference(unknown[part], seen))


def test_an_accepted_invitation_leaves_the_list_and_one_to_a_known_address_stays_until_it_expires(
    app, make_client, people, login_as, outbox
):
    sofie = login_as("specialist_a")
    invite(sofie, "nina@example.org", "Nina Ny")
    invite(sofie, people["client_b"].email, "Bent")
    page = sofie.get("/invitations").get_data(as_text=True)
    assert "nina@example.org" in page and people["client_b"].email in page
    nina = make_client()
    link = link_in(next(e for e in outbox() if e.recipient == "nina@example.org"))
    password = "green-tulip-ferry-31"
    post_form(nina, link, {"password": password, "confirm": password})
    # Bent signs in as always: nothing the inviter sees changes (nor for one who ignores it).
    login_as("client_b")
    page = sofie.get("/invitations").get_data(as_text=True)
    assert "nina@example.org" not in page
    assert people["client_b"].email in page
    with app.app_context():
        db.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
        expired_id = db.scalar(select(Invitation.id))
    page = sofie.get("/invitations").get_data(as_text=True)
    assert people["client_b"].email not in page
    assert "No invitation is waiting" in page
    gone = post_form(sofie, f"/invitations/{expired_id}/resend", {}, page="/invitations")
    assert gone.status_code == 404


def test_sending_again_does_the_same_work_for_each_kind_of_address(app, login_as, people, outbox):
    """A new account gets a fresh link, a known address its owner's e-mail again; the
    inviter gets the same answer and the listing lasts as long as the fresh link."""
    sofie = login_as("specialist_a")
    invite(sofie, "nina@example.org", "Nina Ny")
    invite(sofie, people["client_b"].email, "Bent")
    with app.app_context():
        db.execute(update(Invitation).values(expires_at=utcnow() + timedelta(hours=1)))
        db.commit()
        sent = dict(db.execute(select(Invitation.email, Invitation.id)).all())
    before = len(outbox())
    flashes = []
    for email in ("nina@example.org", people["client_b"].email):
        again = post_form(sofie, f"/invitations/{sent[email]}/resend", {}, page="/invitations")
        assert again.status_code == 303
        page = sofie.get(again.location).get_data(as_text=True)
        flashes.append(page.count(f"A new invitation is sent to {email}."))
    assert flashes == [1, 1]
    fresh_link, owners_mail = outbox()[before:]
    assert fresh_link.recipient == "nina@example.org" and "/invitation/" in fresh_link.body
    assert owners_mail.recipient == people["client_b"].email
    assert owners_mail.subject == outbox()[1].subject  # "you already have an account"
    assert "/invitation/" not in owners_mail.body
    with app.app_context():
        for expires_at in db.scalars(select(Invitation.expires_at)):
            assert expires_at > utcnow() + timedelta(days=1)


def test_only_the_sender_sends_it_again(app, login_as, people, outbox):
    sofie = login_as("specialist_a")
    invite(sofie, people["client_b"].email, "Bent")
    with app.app_context():
        sent_id = db.scalar(select(Invitation.id))
    before = len(outbox())
    for who, status in (("specialist_b", 404), ("admin", 404), ("client_a", 403)):
        other = login_as(who)
        response = post_form(other, f"/invitations/{sent_id}/resend", {}, page="/account")
        assert response.status_code == status, who
        assert people["client_b"].email not in other.get("/invitations").get_data(as_text=True)
    assert len(outbox()) == before
    # The service checks the sender too, whoever calls it.
    with app.app_context(), pytest.raises(NotAllowed):
        send_invitation_again(db.get(User, people["admin"].id), db.get(Invitation, sent_id))


def test_an_address_that_may_be_sent_nothing_gets_a_placeholder_and_stays_listed(
    app, login_as, people, outbox
):
    """A restricted participant (GDPR art. 18) or a switched-off account is e-mailed nothing,
    and the inviter sees what they see for any address. Only the inviter's own new invitee,
    restricted after this invitation made the account, leaves their list."""
    with app.app_context():
        db.execute(
            update(User)
            .where(User.id == people["client_b"].id)
            .values(restricted_at=utcnow() - timedelta(minutes=1))
        )
        db.execute(
            update(User)
            .where(User.id == people["employer"].id)
            .values(deactivated_at=utcnow() - timedelta(minutes=1))
        )
        db.commit()
    sofie = login_as("specialist_a")
    for email in (people["client_b"].email, people["employer"].email):
        assert invite(sofie, email, "Typed Name").status_code == 303
    placeholders = outbox()
    assert [(e.recipient, e.subject, e.sent_at is not None) for e in placeholders] == [
        ("", "", True),
        ("", "", True),
    ]
    sofie.get(invite(sofie, "nina@example.org", "Nina Ny").location)  # its flash shown
    with app.app_context():
        db.execute(
            update(User).where(User.email == "nina@example.org").values(restricted_at=utcnow())
        )
        db.commit()
    page = sofie.get("/invitations").get_data(as_text=True)
    assert people["client_b"].email in page and people["employer"].email in page
    assert "nina@example.org" not in page


def test_erasure_takes_the_invitations_to_the_person(app, login_as, people, outbox):
    """Nina was invited by Sofie, and by Bo who did not know she had an account."""
    sofie = login_as("specialist_a")
    invite(sofie, "nina@example.org", "Nina Ny")
    invite(login_as("specialist_b"), "NINA@example.org", "N. Ny")
    invite(sofie, "other@example.org", "Other Person")
    with app.app_context():
        nina_id = db.scalar(select(User.id).where(User.email == "nina@example.org"))
        assert db.scalar(select(func.count(Invitation.id))) == 3
    lead = login_as("admin")
    page = f"/clients/{nina_id}/privacy"
    erased = post_form(lead, f"/clients/{nina_id}/erase", {"confirm": "y"}, page=page)
    assert erased.status_code == 303
    with app.app_context():
        left = [value for table, value in every_stored_value() if table == "invitations"]
        assert not [value for value in left if "nina@example.org" in value.lower()]
        assert "other@example.org" in left  # someone else's invitation stays
    assert "nina@example.org" not in sofie.get("/invitations").get_data(as_text=True)


def test_the_purge_removes_expired_invitations_only(app, people):
    with app.app_context():
        sender = people["specialist_a"].id
        for email, days in (("old@example.org", -1), ("open@example.org", 3)):
            db.add(
                Invitation(
                    invited_by_id=sender,
                    email=email,
                    name="X",
                    role=Role.CLIENT,
                    expires_at=utcnow() + timedelta(days=days),
                )
            )
        db.commit()
        run = purge_expired(utcnow(), 365, 30)
        db.commit()
        assert run.removed["expired_invitations"] == 1
        assert list(db.scalars(select(Invitation.email))) == ["open@example.org"]


# --- a lead's staff invitations stay in the lead's teams ---------------------------------


@pytest.fixture
def two_teams(app, people):
    """Lene leads the people's team and IPS Nord; IPS Syd is another lead's."""
    with app.app_context():
        nord, syd = make_team("IPS Nord"), make_team("IPS Syd")
        db.add(TeamLead(team_id=nord.id, user_id=people["admin"].id))
        make_user(Role.ADMIN, "syd.lead@example.org", team=syd)
        db.commit()
        return {"nord": nord.id, "syd": syd.id}


def test_the_lead_is_offered_only_the_teams_they_lead(login_as, people, two_teams):
    lene = login_as("admin")
    page = lene.get("/invitations").get_data(as_text=True)
    assert "IPS Nord" in page and people["team"].name in page
    assert "IPS Syd" not in page


@pytest.mark.parametrize("email", ["new.person@example.org", "spec.b@example.org"])
def test_a_forged_team_is_refused_the_same_for_any_address(
    app, login_as, people, two_teams, outbox, email
):
    lene = login_as("admin")
    with app.app_context():
        users = db.scalar(select(func.count(User.id)))
    response = invite(lene, email, "Sven Ny", role="specialist", team=str(two_teams["syd"]))
    assert response.status_code == 422
    assert "Choose one of the teams you lead." in response.get_data(as_text=True)
    with app.app_context():
        assert db.scalar(select(func.count(User.id))) == users
        assert db.scalar(select(func.count(Invitation.id))) == 0
    assert outbox() == []


def test_a_lead_invited_into_a_team_leads_it(app, login_as, people, two_teams):
    lene = login_as("admin")
    response = invite(
        lene, "ny.leder@example.org", "Ny Leder", role="admin", team=two_teams["nord"]
    )
    assert response.status_code == 303
    staff = invite(
        lene, "ny.spec@example.org", "Ny Spec", role="specialist", team=two_teams["nord"]
    )
    assert staff.status_code == 303
    with app.app_context():
        lead = db.scalar(select(User).where(User.email == "ny.leder@example.org"))
        assert [team.name for team in lead.led_teams] == ["IPS Nord"]
        specialist = db.scalar(select(User).where(User.email == "ny.spec@example.org"))
        assert specialist.team_id == two_teams["nord"]
