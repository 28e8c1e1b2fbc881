"""/password/forgot does the same work for every address, known or not: the same number of
SQL statements, one argon2 hash, one outbox row. Shown by counting, not by timing (timings
belong in benchmarks): a difference in work is what a stopwatch would find. An invitation
writes the same rows to the outbox and to the inviter's list for either kind of address."""

import argon2
import pytest
from sqlalchemy import select, update

from portal.accounts.models import Invitation
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.outbox import OutboxEmail, send_pending_emails
from tests.factories import make_user
from tests.helpers import csrf_token_from, sign_in
from tests.queries import counting_queries

KNOWN = "client.a@example.org"


@pytest.fixture
def argon2_calls(monkeypatch):
    """Count every argon2 hash or verification, wherever in the portal it is asked for."""
    calls = []
    real_hash, real_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

    def spy_hash(self, *args, **kwargs):
        calls.append("hash")
        return real_hash(self, *args, **kwargs)

    def spy_verify(self, *args, **kwargs):
        calls.append("verify")
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", spy_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy_verify)
    return calls


def outbox_rows(app) -> list[OutboxEmail]:
    with app.app_context():
        return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def work_of_a_reset(app, make_client, argon2_calls, email: str) -> dict:
    browser = make_client()
    token = csrf_token_from(browser.get("/password/forgot").get_data(as_text=True))
    rows_before, argon2_calls[:] = len(outbox_rows(app)), []
    with counting_queries(app) as counter:
        response = browser.post("/password/forgot", data={"csrf_token": token, "email": email})
    assert response.status_code == 303
    return {
        "statements": counter["queries"],
        "argon2": list(argon2_calls),
        "outbox rows": len(outbox_rows(app)) - rows_before,
        "answer": (response.status_code, response.location),
    }


def test_known_and_unknown_addresses_do_the_same_work(app, make_client, people, argon2_calls):
    known = work_of_a_reset(app, make_client, argon2_calls, KNOWN)
    unknown = work_of_a_reset(app, make_client, argon2_calls, "nobody@example.org")
    assert known == unknown
    assert known["argon2"] == ["hash"]
    assert known["outbox rows"] == 1
    assert known["statements"] >= 3  # find the person, the link token, the outbox row


def test_accounts_that_get_no_link_do_the_same_work_too(app, make_client, people, argon2_calls):
    """A switched-off account and one still waiting for its first password get no link."""
    with app.app_context():
        make_user(Role.CLIENT, "waiting@example.org", specialist=db.merge(people["specialist_a"]))
        db.execute(
            update(User).where(User.email == "waiting@example.org").values(password_hash=None)
        )
        db.execute(update(User).where(User.email == KNOWN).values(deactivated_at=utcnow()))
        db.commit()
        make_user(Role.CLIENT, "reference@example.org", specialist=db.merge(people["specialist_b"]))
    known = work_of_a_reset(app, make_client, argon2_calls, "reference@example.org")
    for email in (KNOWN, "waiting@example.org"):
        assert work_of_a_reset(app, make_client, argon2_calls, email) == known


def test_the_placeholder_row_of_an_unknown_address_is_never_sent(
    app, make_client, people, argon2_calls, mail_server
):
    work_of_a_reset(app, make_client, argon2_calls, "nobody@example.org")
    [row] = outbox_rows(app)
    assert (row.recipient, row.subject, row.body) == ("", "", "")
    assert row.sent_at is not None
    with app.app_context():
        assert send_pending_emails() == (0, 0)
    assert mail_server.messages == []


def work_of_an_invitation(app, browser, argon2_calls, email: str) -> dict:
    token = csrf_token_from(browser.get("/invitations").get_data(as_text=True))
    rows_before, argon2_calls[:] = len(outbox_rows(app)), []
    data = {"csrf_token": token, "role": "client", "name": "Someone", "email": email}
    with counting_queries(app) as counter:
        response = browser.post("/invitations", data={**data, "language": "en"})
    with app.app_context():
        sent = db.scalars(select(Invitation.email).where(Invitation.email == email)).all()
    return {
        "statements": counter["queries"],
        "argon2": list(argon2_calls),
        "outbox rows": len(outbox_rows(app)) - rows_before,
        "rows in the inviter's list": len(sent),
        "answer": (response.status_code, response.location),
    }


def test_an_invitation_to_a_known_address_does_the_work_of_one_to_an_unknown(
    app, make_client, people, argon2_calls
):
    """The same statements, one outbox row, one row in the inviter's list, no argon2 either
    way: for a known address the account and link token a new one gets are written for a
    placeholder and taken back (the inviter's page: tests/accounts/test_sent_invitations.py)."""
    sofie = make_client()
    sign_in(sofie, people["specialist_a"].email)
    unknown = work_of_an_invitation(app, sofie, argon2_calls, "new.person@example.org")
    assert unknown["statements"] >= 8  # the account, its link token, the row, the e-mail
    assert unknown == {
        "statements": unknown["statements"],
        "argon2": [],
        "outbox rows": 1,
        "rows in the inviter's list": 1,
        "answer": (303, "/invitations"),
    }
    for email in (people["client_b"].email, people["employer"].email, people["admin"].email):
        assert work_of_an_invitation(app, sofie, argon2_calls, email) == unknown, email
    # An account still waiting for its first password, one switched off, one restricted.
    waiting = "new.person@example.org"  # invited above
    with app.app_context():
        db.execute(
            update(User).where(User.id == people["client_b"].id).values(restricted_at=utcnow())
        )
        db.execute(
            update(User).where(User.id == people["admin"].id).values(deactivated_at=utcnow())
        )
        db.commit()
    again = unknown | {"rows in the inviter's list": 2}  # each was invited once above
    for email in (waiting, people["client_b"].email, people["admin"].email):
        assert work_of_an_invitation(app, sofie, argon2_calls, email) == again, email
    with app.app_context():  # the rehearsal for a known address leaves nothing behind
        assert db.scalar(select(User.id).where(User.email.like("placeholder-%"))) is None
