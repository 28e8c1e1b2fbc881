"""A team lead hands a client over to another specialist: everything moves with the client,
both are told without the e-mails saying who or why, and bad input changes nothing."""

import pytest
from sqlalchemy import select

from portal.caseload.models import Handover
from portal.core.db import db
from portal.core.identity import User
from tests.caseload.helpers import hand_over
from tests.helpers import csrf_token_from


def test_a_handover_moves_the_client_and_tells_both(app, login_as, people, anna_things, outbox):
    lead = login_as("admin")
    anna = people["client_a"]
    response = hand_over(
        lead,
        anna.id,
        specialist=str(people["specialist_b"].id),
        note_to_client="Bo will help you from Monday.",
        note_to_specialist="Anna prefers mornings.",
    )
    assert response.status_code == 303
    with app.app_context():
        moved = db.get(User, anna.id)
        [handover] = db.scalars(select(Handover)).all()
        assert (moved.specialist_id, handover.from_specialist_id) == (
            people["specialist_b"].id,
            people["specialist_a"].id,
        )
    home = login_as("client_a").get("/").get_data(as_text=True)
    assert "Your new employment specialist is Bo Specialist" in home
    assert "Bo will help you from Monday." in home and "Anna prefers mornings." not in home
    bo = login_as("specialist_b")
    bo_home = bo.get("/").get_data(as_text=True)
    assert (
        "handed over to you from Sofie Specialist" in bo_home
        and "Anna prefers mornings." in bo_home
    )
    assert bo.get(f"/goals/{anna_things['goal_id']}").status_code == 200
    sofie = login_as("specialist_a")
    assert sofie.get(f"/goals/{anna_things['goal_id']}").status_code == 404
    emails = {email.recipient: email for email in outbox()}
    for address in (anna.email, people["specialist_b"].email):
        email = emails[address]
        for private in ("Anna Klient", "mornings", "Monday", "IPS"):
            assert private not in email.body and private not in email.subject


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"specialist": "0"}, "Choose an employment specialist from the list."),
        ({"specialist": "abc"}, "Choose an employment specialist from the list."),
        ({"specialist": "client_b"}, "Choose an employment specialist from the list."),
        ({"specialist": "specialist_a"}, "The participant already has this specialist."),
        ({"specialist": "specialist_b", "note_to_client": "x" * 2001}, "Use at most 2000"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(app, login_as, people, fields, message):
    lead = login_as("admin")
    if fields["specialist"] in people:
        fields = fields | {"specialist": str(people[fields["specialist"]].id)}
    response = hand_over(lead, people["client_a"].id, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.get(User, people["client_a"].id).specialist_id == people["specialist_a"].id
        assert db.scalars(select(Handover)).all() == []


def test_only_team_leads_hand_over(app, login_as, people):
    client_id = people["client_a"].id
    for who in ("specialist_a", "client_a", "employer"):
        browser = login_as(who)
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        assert browser.get(f"/clients/{client_id}/handover").status_code == 403
        data = {"csrf_token": token, "specialist": str(people["specialist_b"].id)}
        assert browser.post(f"/clients/{client_id}/handover", data=data).status_code == 403
        assert browser.get(f"/teams/{people['team'].id}").status_code == 403
    lead = login_as("admin")
    # Only clients are handed over; a specialist's or a missing id is not there.
    assert lead.get(f"/clients/{people['specialist_b'].id}/handover").status_code == 404
    assert lead.get("/clients/987654/handover").status_code == 404
    assert lead.get("/teams/987654").status_code == 404
    team_page = lead.get(f"/teams/{people['team'].id}").get_data(as_text=True)
    assert "Anna Klient" in team_page and f"/clients/{client_id}/handover" in team_page
    with app.app_context():
        assert db.get(User, client_id).specialist_id == people["specialist_a"].id


def test_a_failure_in_the_last_write_undoes_the_whole_handover(
    app, login_as, people, anna_things, outbox, monkeypatch
):
    """R3: a hand-over writes the client, the hand-over record and two e-mails; when the
    last write fails, none of the earlier ones is kept."""
    from portal.caseload import handover as handover_module

    real_queue, queued = handover_module.queue_email_in_language, []

    def queue_then_fail(*args, **kwargs):
        queued.append(real_queue(*args, **kwargs))
        if len(queued) == 2:
            raise OSError("the disk is full")
        return queued[-1]

    monkeypatch.setattr(handover_module, "queue_email_in_language", queue_then_fail)
    lead = login_as("admin")
    anna, emails_before = people["client_a"], [email.id for email in outbox()]
    with pytest.raises(OSError):  # the test client passes the error on instead of a 500 page
        hand_over(lead, anna.id, specialist=str(people["specialist_b"].id), note_to_client="x")
    assert len(queued) == 2  # it did get as far as the last write
    with app.app_context():
        assert db.get(User, anna.id).specialist_id == people["specialist_a"].id
        assert db.scalars(select(Handover)).all() == []
    assert [email.id for email in outbox()] == emails_before  # the first e-mail went too
