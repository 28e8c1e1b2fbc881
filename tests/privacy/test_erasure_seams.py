"""P3 and P8 for erasure: afterwards no table holds Anna's name, address or any of her words,
whether in a row that pointed at her or one that merely named her (the outbox, the job
development log, forms held for her specialist); only the anonymous tombstone is left."""

import pytest
from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.core.outbox import OutboxEmail
from tests.helpers import post_form
from tests.jobs.helpers import link_path
from tests.privacy.seams import BENT_SUBJECT, every_stored_value, found_in, outbox_rows, plant


def erase(login_as, people) -> None:
    anna_id = people["client_a"].id
    lead = login_as("admin")
    page = f"/clients/{anna_id}/privacy"
    response = post_form(lead, f"/clients/{anna_id}/erase", {"confirm": "y"}, page=page)
    assert response.status_code == 303


def test_no_table_keeps_her_name_address_or_words(app, make_client, people, login_as, anna_things):
    planted = plant(app, people, anna_things)
    with app.app_context():
        db.add(  # an e-mail to her that has gone: only the address and subject are kept
            OutboxEmail(
                recipient=people["client_a"].email, subject="Sent", body="", sent_at=utcnow()
            )
        )
        db.commit()
    # Her specialist and the employer looked, which the access log kept.
    login_as("specialist_a").get(f"/goals/{planted['goal_id']}")
    make_client().get(link_path(anna_things["checkin_link"]))
    with app.app_context():
        before = {table for table, value in every_stored_value() if found_in(value)}
    assert {"users", "goals", "messages", "outbox_emails", "employer_contacts"} <= before
    assert "held_forms" in before
    erase(login_as, people)
    with app.app_context():
        left = [(table, value) for table, value in every_stored_value() if found_in(value)]
        assert left == []
        tombstone = db.get(User, people["client_a"].id)
        assert tombstone.erased_at is not None and tombstone.name == "—"


@pytest.mark.parametrize("public_url", [None, "https://portal.example.org/ips"])
def test_emails_about_her_go_whoever_they_were_to_and_others_stay(
    app, login_as, people, anna_things, monkeypatch, public_url
):
    if public_url:  # served under a path of its own: every e-mailed link begins with it
        monkeypatch.setitem(app.config, "PUBLIC_URL", public_url)
    planted = plant(app, people, anna_things)
    with app.app_context():
        waiting = outbox_rows()
        bodies = "\n".join(row.body for row in waiting)
        # Some name nothing of hers, only link to her things: to Sofie and to the employer.
        assert f"/conversations/{planted['conversation_id']}" in bodies
        assert "/check-in/" in bodies
        mark_sent = select(OutboxEmail).where(OutboxEmail.recipient == people["client_a"].email)
        for email in db.scalars(mark_sent):
            email.sent_at, email.body = email.created_at, ""
        db.commit()
    erase(login_as, people)
    with app.app_context():
        assert [row.subject for row in outbox_rows()] == [BENT_SUBJECT]


def test_the_job_development_log_loses_the_entry_not_only_the_link(
    app, people, login_as, anna_things
):
    plant(app, people, anna_things)
    erase(login_as, people)
    page = login_as("specialist_a").get("/job-development")
    assert found_in(page.get_data(as_text=True)) == []
