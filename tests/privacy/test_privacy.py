"""GDPR for the client: the access log they can read (P1), the full export (P2), erasure to a
tombstone or restriction (P3), and the retention purge that logs its own runs."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import LoginSession
from portal.core.audit import AuditEntry
from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.core.outbox import OutboxEmail
from portal.placements.models import EmployerContact
from portal.privacy.models import PurgeRun
from tests.helpers import csrf_token_from, post_form
from tests.jobs.helpers import link_path
from tests.privacy.helpers import enrich, references_to


def audit_rows(app):
    with app.app_context():
        return db.execute(
            select(
                AuditEntry.actor_id, AuditEntry.client_id, AuditEntry.action, AuditEntry.what
            ).order_by(AuditEntry.id)
        ).all()


def test_staff_and_employer_views_are_logged_and_the_client_reads_them(
    app, make_client, people, login_as, anna_things
):
    anna = login_as("client_a")
    anna.get(f"/goals/{anna_things['goal_id']}")  # her own look is not logged
    sofie = login_as("specialist_a")
    sofie.get(f"/goals/{anna_things['goal_id']}")
    post_form(
        sofie,
        f"/goals/{anna_things['goal_id']}/notes",
        {"body": "Good"},
        page=f"/goals/{anna_things['goal_id']}",
    )
    bo = login_as("specialist_b")
    assert bo.get(f"/goals/{anna_things['goal_id']}").status_code == 404  # denied: not logged
    make_client().get(link_path(anna_things["checkin_link"]))  # the employer, by the link
    sofie_id, anna_id, boss_id = (people[k].id for k in ("specialist_a", "client_a", "employer"))
    assert audit_rows(app) == [
        (sofie_id, anna_id, "view", "goals.detail"),
        (sofie_id, anna_id, "view", "goals.detail"),  # the form page before the post
        (sofie_id, anna_id, "change", "goals.add_note"),
        (boss_id, anna_id, "view", "checkins.answer_by_link"),
    ]
    page = anna.get("/my-data").get_data(as_text=True)
    assert "Sofie Specialist" in page and "Erik Arbejdsgiver" in page
    # One line per person and day (tests/privacy/test_access_by_day.py reads them closely).
    assert "looked at your goals; changed your goals" in page
    assert "looked at your check-ins" in page


def test_the_export_holds_every_table_that_refers_to_the_client_and_nothing_of_others(
    app, login_as, people, anna_things
):
    enrich(app, people)
    login_as("specialist_a").get(f"/goals/{anna_things['goal_id']}")
    anna = login_as("client_a")
    response = anna.get("/my-data/export.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    with app.app_context():
        referring = {key.split(".")[0] for key in references_to(people["client_a"].id)}
    assert referring <= set(data), referring - set(data)
    # Rows reached through her own rows come along too: messages, check-ins, consent history.
    assert {"messages", "checkins", "consent_events", "goal_notes"} <= set(data)
    text = response.get_data(as_text=True)
    assert "A goal" in text and "Named words" in text
    assert "Bent Klient" not in text and "client.b@example.org" not in text
    assert "password_hash" not in text and "token_hash" not in text
    readable = anna.get("/my-data/export.html")
    assert readable.mimetype == "text/html" and "A goal" in readable.get_data(as_text=True)


def test_erasure_leaves_only_an_anonymous_tombstone(
    app, make_client, people, login_as, anna_things
):
    enrich(app, people)
    login_as("specialist_a").get(f"/goals/{anna_things['goal_id']}")
    anna_id = people["client_a"].id
    with app.app_context():
        before_bent = references_to(people["client_b"].id)
        assert len(references_to(anna_id)) >= 15
    lead = login_as("admin")
    page = f"/clients/{anna_id}/privacy"
    refused = post_form(lead, f"/clients/{anna_id}/erase", {}, page=page)
    assert refused.status_code == 422 and "Tick the box to confirm." in refused.get_data(True)
    assert (
        post_form(lead, f"/clients/{anna_id}/erase", {"confirm": "y"}, page=page).status_code == 303
    )
    with app.app_context():
        assert references_to(anna_id) == {}
        tombstone = db.get(User, anna_id)
        assert (tombstone.name, tombstone.password_hash, tombstone.erased_at is not None) == (
            "—",
            None,
            True,
        )
        assert "Anna" not in tombstone.email
        # The job development log's entry for her goes too, not only the link to her.
        assert db.scalar(select(func.count(EmployerContact.id))) == 0
        assert references_to(people["client_b"].id) == before_bent
    browser = make_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    failed = browser.post(
        "/login",
        data={
            "csrf_token": token,
            "email": people["client_a"].email,
            "password": "quiet-harbour-lantern-42",
        },
    )
    assert failed.status_code == 422
    assert lead.get(page).status_code == 404


def test_restricted_records_are_kept_but_nobody_works_on_them(
    app, make_client, people, login_as, anna_things
):
    lead = login_as("admin")
    anna_id = people["client_a"].id
    url = f"/clients/{anna_id}/restrict"
    assert (
        post_form(lead, url, {"restricted": "yes"}, page=f"/clients/{anna_id}/privacy").status_code
        == 303
    )
    sofie = login_as("specialist_a")
    assert sofie.get(f"/goals/{anna_things['goal_id']}").status_code == 404
    assert sofie.get(f"/conversations/{anna_things['conversation_id']}").status_code == 404
    assert "Anna Klient" not in sofie.get("/").get_data(as_text=True)
    assert make_client().get(link_path(anna_things["checkin_link"])).status_code == 404
    anna = login_as("client_a")
    assert anna.get(f"/goals/{anna_things['goal_id']}").status_code == 200
    assert "A goal" in anna.get("/my-data/export.json").get_data(as_text=True)
    post_form(lead, url, {"restricted": "no"}, page=f"/clients/{anna_id}/privacy")
    assert sofie.get(f"/goals/{anna_things['goal_id']}").status_code == 200


def test_only_the_client_and_team_leads_reach_these_pages(app, login_as, people):
    anna_id = people["client_a"].id
    for who in ("specialist_a", "employer", "admin"):
        browser = login_as(who)
        for url in ("/my-data", "/my-data/export.json", "/my-data/export.html"):
            assert browser.get(url).status_code == 403, (who, url)
    for who in ("specialist_a", "employer", "client_a"):
        browser = login_as(who)
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        assert browser.get(f"/clients/{anna_id}/privacy").status_code == 403
        for action in ("restrict", "erase"):
            data = {"csrf_token": token, "restricted": "yes", "confirm": "y"}
            assert browser.post(f"/clients/{anna_id}/{action}", data=data).status_code == 403
    lead = login_as("admin")
    assert lead.get(f"/clients/{people['specialist_a'].id}/privacy").status_code == 404
    with app.app_context():
        anna = db.get(User, anna_id)
        assert anna.erased_at is None and anna.restricted_at is None


def test_the_purge_removes_what_is_past_retention_and_logs_its_run(app, people):
    old = utcnow() - timedelta(days=4000)
    with app.app_context():
        db.add_all(
            [
                AuditEntry(
                    actor_id=people["specialist_a"].id,
                    actor_role="specialist",
                    client_id=people["client_a"].id,
                    action="view",
                    what="goals.index",
                    created_at=old,
                ),
                AuditEntry(
                    actor_id=people["specialist_a"].id,
                    actor_role="specialist",
                    client_id=people["client_a"].id,
                    action="view",
                    what="goals.index",
                ),
                OutboxEmail(recipient="x@example.org", subject="s", body="b", sent_at=old),
                OutboxEmail(recipient="y@example.org", subject="s", body="b"),  # not sent yet: kept
                LoginSession(
                    token_hash="a" * 64,
                    user_id=people["client_a"].id,
                    created_at=old,
                    last_seen_at=old,
                ),
            ]
        )
        db.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "audit_entries 1" in result.output and "sent_emails 1" in result.output
    with app.app_context():
        assert db.scalar(select(func.count(AuditEntry.id))) == 1
        assert db.scalar(select(func.count(OutboxEmail.id))) == 1
        [run] = db.scalars(select(PurgeRun)).all()
        assert run.removed["sign_in_sessions"] == 1 and run.finished_at is not None


@pytest.mark.parametrize("who", ["client_b", "specialist_b"])
def test_the_access_log_is_only_the_clients_own(app, login_as, people, anna_things, who):
    login_as("specialist_a").get(f"/goals/{anna_things['goal_id']}")
    page = login_as(who).get("/my-data")
    if who == "client_b":
        assert "Sofie Specialist" not in page.get_data(as_text=True)
    else:
        assert page.status_code == 403
