"""The content-free digest: only for clients who asked, only when something is new, and
never with a text, a name, a place or a time in it."""

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.messaging.digest import send_digests
from tests.helpers import post_form
from tests.meetings.helpers import MEETING_PLACE, planned_meeting, recorded_meeting

INVITATION_DA = "1 spørgsmål om, hvordan et møde gik"


def run_digest(app) -> int:
    with app.app_context():
        queued = send_digests()
        db.commit()
        return queued


def add_meetings(app, people) -> None:
    with app.app_context():
        # Loaded afresh, not merged: merging the fixture's copy would undo the opt-in.
        mette = db.get(User, people["specialist_a"].id)
        anna = db.get(User, people["client_a"].id)
        planned_meeting(mette, anna)
        recorded_meeting(mette, anna, "Anna will call the bakery on Monday.")
        db.commit()


def test_a_client_who_asked_gets_one_digest_without_content(app, login_as, people, outbox):
    anna = login_as("client_a")
    fields = {"profile-name": "Anna Klient", "profile-language": "da", "profile-digest": "y"}
    assert post_form(anna, "/account", fields).status_code == 303
    with app.app_context():
        assert db.scalar(select(User.digest_opt_in).where(User.email == "client.a@example.org"))

    add_meetings(app, people)
    assert run_digest(app) == 1
    [email] = outbox()
    assert email.recipient == "client.a@example.org"
    assert "1 nyt møde" in email.body and "1 mødereferat at læse og bekræfte" in email.body
    assert INVITATION_DA in email.body
    for private in (MEETING_PLACE, "bakery", "Sofie", "IPS", "10.00", "10:00"):
        assert private not in email.body and private not in email.subject
    # Nothing new since: no second e-mail.
    assert run_digest(app) == 0
    assert len(outbox()) == 1


def test_no_digest_for_clients_who_did_not_ask(app, people, outbox):
    add_meetings(app, people)
    assert run_digest(app) == 0
    assert outbox() == []


def test_turning_the_digest_on_does_not_send_old_news(app, login_as, people, outbox):
    add_meetings(app, people)
    anna = login_as("client_a")
    fields = {"profile-name": "Anna Klient", "profile-language": "en", "profile-digest": "y"}
    post_form(anna, "/account", fields)
    assert run_digest(app) == 0
    assert outbox() == []


def test_only_clients_are_offered_the_digest(app, login_as, people):
    for who, shown in (("client_a", True), ("specialist_a", False), ("employer", False)):
        page = login_as(who).get("/account").get_data(as_text=True)
        assert ('name="profile-digest"' in page) is shown, who
