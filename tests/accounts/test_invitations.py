"""Invitations: who may invite whom, the one-time link, and bad input that saves nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import AccountToken, Invitation
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from tests.accounts.helpers import invite, link_in
from tests.helpers import post_form, sign_in


def count_users(app) -> int:
    with app.app_context():
        return db.scalar(select(func.count(User.id)))


def test_specialist_invites_a_client_who_sets_a_password_and_is_signed_in(
    app, client, make_client, people, outbox
):
    sign_in(client, people["specialist_a"].email)
    response = invite(client)
    assert response.status_code == 303
    [email] = outbox()
    assert email.recipient == "nina@example.org"
    assert email.subject == "Your invitation: choose a password"
    assert "Sofie Specialist" in email.body

    invitee = make_client()
    path = link_in(email)
    page = invitee.get(path).get_data(as_text=True)
    assert "Welcome, Nina" in page
    response = post_form(
        invitee, path, {"password": "green-tulip-ferry-31", "confirm": "green-tulip-ferry-31"}
    )
    assert response.status_code == 303
    assert "Your employment specialist is Sofie Specialist." in invitee.get("/").get_data(
        as_text=True
    )
    with app.app_context():
        nina = db.scalar(select(User).where(User.email == "nina@example.org"))
        assert nina.role == Role.CLIENT
        assert nina.specialist_id == people["specialist_a"].id
        assert nina.locale == "en"
        assert nina.activated_at is not None


def test_an_invitation_link_works_only_once(client, make_client, people, outbox):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    path = link_in(outbox()[0])
    first = make_client()
    post_form(first, path, {"password": "green-tulip-ferry-31", "confirm": "green-tulip-ferry-31"})
    second = make_client()
    second.set_cookie("lang", "en")
    response = second.get(path)
    assert response.status_code == 410
    assert "The link has already been used." in response.get_data(as_text=True)


def test_an_expired_invitation_link_is_refused(app, client, make_client, people, outbox):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    with app.app_context():
        for token in db.scalars(select(AccountToken)):
            token.expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
    visitor = make_client()
    visitor.set_cookie("lang", "en")
    response = visitor.get(link_in(outbox()[0]))
    assert response.status_code == 410
    assert "The link has expired." in response.get_data(as_text=True)


def test_a_tampered_link_is_refused(client, make_client, people, outbox):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    path = link_in(outbox()[0])
    visitor = make_client()
    assert visitor.get(path[:-3] + "abc").status_code == 410
    assert visitor.get("/invitation/not-a-token").status_code == 410


def test_a_weak_password_keeps_the_invitation_open(app, client, make_client, people, outbox):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    path = link_in(outbox()[0])
    invitee = make_client()
    invitee.set_cookie("lang", "en")
    short = post_form(invitee, path, {"password": "short", "confirm": "short"})
    common = post_form(invitee, path, {"password": "password1234", "confirm": "password1234"})
    own_email = post_form(
        invitee, path, {"password": "nina@example.org", "confirm": "nina@example.org"}
    )
    mismatch = post_form(invitee, path, {"password": "green-tulip-ferry-31", "confirm": "other"})
    assert "Use at least 12 characters." in short.get_data(as_text=True)
    assert "too common or too easy to guess" in common.get_data(as_text=True)
    assert "too close to your e-mail address" in own_email.get_data(as_text=True)
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    assert {r.status_code for r in (short, common, own_email, mismatch)} == {422}
    with app.app_context():
        nina = db.scalar(select(User).where(User.email == "nina@example.org"))
        assert nina.password_hash is None
    assert invitee.get(path).status_code == 200  # the link still works


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_an_email(
    app, client, people, outbox
):
    """The inviter cannot tell that the address is a participant's (of any team): the same
    "sent" answer; the owner is told how to sign in instead, and nothing is created."""
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    before = count_users(app)
    known = invite(client, email="CLIENT.B@example.org", name="Someone Else")
    known_page = client.get(known.location).get_data(as_text=True)
    new = invite(client, email="new.person@example.org", name="New Person")
    assert known.status_code == new.status_code == 303
    assert "The invitation is sent to client.b@example.org." in known_page
    assert "already" not in known_page
    assert count_users(app) == before + 1
    owner_mail, new_mail = outbox()
    assert owner_mail.recipient == "client.b@example.org"
    # In the owner's own language (Danish here).
    assert "du har allerede en konto" in owner_mail.body
    assert "/login" in owner_mail.body and "/password/forgot" in owner_mail.body
    assert "/invitation/" not in owner_mail.body
    assert new_mail.recipient == "new.person@example.org"


def test_an_overlong_name_or_bad_email_gets_a_clear_error(app, client, people, outbox):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    before = count_users(app)
    long_name = invite(client, name="N" * 121)
    bad_email = invite(client, email="not-an-address")
    assert "A name can have at most 120 characters." in long_name.get_data(as_text=True)
    assert "Enter an e-mail address like name@example.dk." in bad_email.get_data(as_text=True)
    assert count_users(app) == before
    assert outbox() == []


def test_who_may_invite_whom(app, make_client, people):
    cases = [
        ("client_a", "client", 403),
        ("employer", "client", 403),
        ("specialist_a", "specialist", 422),
        ("specialist_a", "admin", 422),
        ("admin", "client", 422),
        ("admin", "specialist", 303),
        ("specialist_a", "employer", 303),
    ]
    for n, (who, role, expected) in enumerate(cases):
        browser = make_client()
        sign_in(browser, people[who].email)
        fields = {
            "role": role,
            "email": f"new{n}@example.org",
            "team": str(people["team"].id),
            "workplace": "Bageriet",
        }
        response = invite(browser, **fields)
        assert response.status_code == expected, (who, role)


def test_a_specialist_cannot_smuggle_fields_into_the_new_account(app, client, people):
    sign_in(client, people["specialist_a"].email)
    invite(
        client,
        role="client",
        specialist_id=str(people["specialist_b"].id),
        team=str(people["team"].id + 99),
        password_hash="x",
    )
    with app.app_context():
        nina = db.scalar(select(User).where(User.email == "nina@example.org"))
        assert nina.specialist_id == people["specialist_a"].id
        assert nina.team_id == people["specialist_a"].team_id
        assert nina.password_hash is None


def test_an_employer_contact_is_invited_with_a_workplace(app, client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    missing = invite(client, role="employer", email="chef@example.org", workplace="")
    assert "Write the name of the workplace." in missing.get_data(as_text=True)
    ok = invite(client, role="employer", email="chef@example.org", workplace="  Testfirma   ApS ")
    assert ok.status_code == 303
    with app.app_context():
        chef = db.scalar(select(User).where(User.email == "chef@example.org"))
        # The team's existing record of the workplace, not a copy.
        assert [employer.id for employer in chef.employers] == [people["employer"].employers[0].id]
        assert chef.specialist_id is None


def invitation_id(app, email: str) -> int:
    with app.app_context():
        return db.scalar(select(Invitation.id).where(Invitation.email == email))


def test_sending_again_spends_the_old_link(app, client, make_client, people, outbox):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    old_path = link_in(outbox()[0])
    sent_id = invitation_id(app, "nina@example.org")
    response = post_form(client, f"/invitations/{sent_id}/resend", {}, page="/invitations")
    assert response.status_code == 303
    new_path = link_in(outbox()[1])
    visitor = make_client()
    assert visitor.get(old_path).status_code == 410
    assert visitor.get(new_path).status_code == 200


def test_another_specialist_cannot_resend_or_see_my_invitations(app, client, make_client, people):
    sign_in(client, people["specialist_a"].email)
    invite(client)
    sent_id = invitation_id(app, "nina@example.org")
    with app.app_context():
        nina_id = db.scalar(select(User.id).where(User.email == "nina@example.org"))
    for who in ("specialist_b", "admin"):  # the team's own lead included: the sender's only
        other = make_client()
        sign_in(other, people[who].email)
        assert "nina@example.org" not in other.get("/invitations").get_data(as_text=True)
        response = post_form(other, f"/invitations/{sent_id}/resend", {}, page="/invitations")
        assert response.status_code == 404
        # An account's id is not an invitation's: no way in by it either.
        by_account = post_form(other, f"/invitations/{nina_id}/resend", {}, page="/invitations")
        assert by_account.status_code == 404


def test_htmx_invitation_answers_with_the_panel_only(client, people, outbox):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    headers = {"HX-Request": "true"}
    bad = post_form(
        client,
        "/invitations",
        {"role": "client", "name": "", "email": "x@example.org", "language": "en"},
        headers=headers,
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "<html" not in html and "Please fill in this field." in html
    good = invite(client, headers=headers)
    html = good.get_data(as_text=True)
    assert good.status_code == 200
    assert "<html" not in html
    assert "nina@example.org" in html  # now listed as waiting for a password
    assert 'data-hx-swap-oob="true"' in html and "The invitation is sent to" in html
    assert "HX-Request" in good.headers["Vary"]


def test_an_address_still_waiting_for_its_password_gets_a_fresh_invitation(
    app, client, people, outbox
):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    invite(client)
    first = link_in(outbox()[-1])
    again = invite(client, name="Nina Again")
    assert again.status_code == 303
    second = link_in(outbox()[-1])
    assert first != second
    assert client.get(first).status_code == 410  # only the newest link works
    assert client.get(second).status_code == 200
