"""P3 and P8 for restriction: once a team lead restricts Anna's records, nobody else meets her
anywhere (lists, htmx fragments, badges, e-mails, downloads, report figures, log lines) and
no e-mail about her goes out, while she herself still reads her own."""

import logging

import pytest
from sqlalchemy import func, select

from portal.core.authz import NotAllowed
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from portal.messaging.inbox import unread_count
from portal.messaging.models import Conversation, Message
from portal.messaging.services import send_message
from portal.placements.models import Job
from portal.placements.services.jobs import report_struggling
from portal.reports.services import outcome_report
from tests.helpers import post_form
from tests.privacy.seams import BENT_SUBJECT, EMAIL, WORDS, found_in, outbox_rows, plant

HX = {"HX-Request": "true"}


def restrict(login_as, people) -> None:
    anna_id = people["client_a"].id
    lead = login_as("admin")
    page = f"/clients/{anna_id}/privacy"
    response = post_form(lead, f"/clients/{anna_id}/restrict", {"restricted": "yes"}, page=page)
    assert response.status_code == 303


def pages(people, planted) -> dict[str, list[tuple[str, dict]]]:
    """Every list page and fragment each role has, as (address, headers)."""
    employer_id, team_id = people["employer"].employers[0].id, people["team"].id
    year = f"start={local_today().year}-01-01&end={local_today().isoformat()}"
    specialist = [
        ("/", {}),
        ("/?sort=attention&show=attention", HX),
        ("/?sort=last_contact", HX),
        ("/messages", {}),
        ("/messages/badge", HX),
        ("/feedback", {}),
        ("/job-development", {}),
        ("/employers", {}),
        (f"/employers/{employer_id}", {}),
        ("/invitations", {}),
        ("/messages/availability", {}),
    ]
    return {
        "specialist_a": specialist,
        "specialist_b": specialist,
        "admin": [
            ("/", {}),
            (f"/teams/{team_id}", {}),
            ("/team/accounts", {}),
            ("/reports", {}),
            (f"/reports?team={team_id}&{year}", {}),
            (f"/reports.csv?team={team_id}&{year}", {}),
            ("/feedback/report", {}),
            ("/feedback/report?by=month", {}),
        ],
        "employer": [("/", {}), ("/account", {})],
        "client_b": [
            ("/", {}),
            ("/messages", {}),
            ("/feedback", {}),
            ("/my-data", {}),
            ("/my-data/export.json", {}),
        ],
    }


@pytest.fixture
def restricted(app, login_as, people, anna_things):
    planted = plant(app, people, anna_things)
    restrict(login_as, people)
    return planted


def test_no_list_fragment_or_download_shows_her_to_anyone_else(
    app, login_as, people, restricted, caplog
):
    caplog.set_level(logging.DEBUG)
    seen = []
    with app.app_context():  # the team's day, as the pages read it
        listing = pages(people, restricted)
    for who, addresses in listing.items():
        browser = login_as(who)
        for address, headers in addresses:
            response = browser.get(address, headers=headers)
            assert response.status_code in (200, 204), (who, address, response.status_code)
            if found := found_in(response.get_data(as_text=True)):
                seen.append((who, address, found))
    assert seen == [], "\n".join(map(str, seen))
    assert found_in(caplog.text) == []


def test_staff_cannot_reach_her_through_a_form_or_a_hand_over(app, login_as, people, restricted):
    anna_id = people["client_a"].id
    lead = login_as("admin")
    assert lead.get(f"/clients/{anna_id}/handover").status_code == 404
    team = lead.get(f"/teams/{people['team'].id}").get_data(as_text=True)
    assert f"/clients/{anna_id}/privacy" in team  # the way back, without her name
    sofie = login_as("specialist_a")
    with app.app_context():
        today = local_today()
    refused = post_form(
        sofie,
        "/job-development",
        {
            "contact_on": today.isoformat(),
            "employer": people["employer"].employers[0].id,
            "in_person": "yes",
            "client": anna_id,
            "note": "x",
        },
    )
    assert refused.status_code == 422
    with app.app_context():
        assert unread_count(db.get(User, people["specialist_a"].id)) == 0


def test_no_email_about_her_waits_or_is_written_or_sent(
    app, login_as, people, anna_things, mail_server
):
    planted = plant(app, people, anna_things)
    with app.app_context():
        about_her = [row.id for row in outbox_rows() if row.subject != BENT_SUBJECT]
    assert len(about_her) >= 3  # to her, to Sofie about her message and struggle, the employer
    restrict(login_as, people)
    with app.app_context():
        assert [row.subject for row in outbox_rows()] == [BENT_SUBJECT]
        anna = db.get(User, people["client_a"].id)
        conversation = db.get(Conversation, planted["conversation_id"])
        # She cannot write, nor press "I'm struggling" (see the test below): nobody would read it.
        with pytest.raises(NotAllowed):
            send_message(anna, conversation, "Still there?")
        with pytest.raises(NotAllowed):
            report_struggling(anna, db.get(Job, anna_things["job_id"]), None)
        db.commit()
    runner = app.test_cli_runner()
    for command, done in ((["checkins", "send"], "sent: 0"), (["digest", "send"], "queued: 0")):
        result = runner.invoke(args=command)
        assert result.exit_code == 0 and done in result.output, result.output
    with app.app_context():
        assert [row.subject for row in outbox_rows()] == [BENT_SUBJECT]
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    sent = mail_server.messages
    assert [message["To"] for message in sent] == [people["client_b"].email]
    assert all(found_in(message.as_string()) == [] for message in sent)


def test_report_figures_leave_her_out(app, login_as, people, anna_things):
    plant(app, people, anna_things)
    team_ids = [people["team"].id]

    def served_and_caseload() -> tuple[int, int]:
        with app.app_context():
            today = local_today()
            report = outcome_report(team_ids, today.replace(day=1, month=1), today)
            sofie = next(
                row for row in report.specialists if row.specialist.id == people["specialist_a"].id
            )
            return report.figures["clients_served"].n, sofie.caseload

    served, caseload = served_and_caseload()
    assert caseload == 1
    restrict(login_as, people)
    assert served_and_caseload() == (served - 1, 0)


def test_she_still_reads_her_own_records(app, login_as, people, restricted):
    anna = login_as("client_a")
    assert WORDS["subject"] in anna.get("/messages").get_data(as_text=True)
    export = anna.get("/my-data/export.json").get_data(as_text=True)
    assert WORDS["goal"] in export and EMAIL in export


def test_she_is_told_that_nobody_reads_new_messages_and_cannot_send_one(
    app, login_as, people, restricted
):
    """A message written now would go unread: the pages say so instead of offering a form,
    and a message sent anyway (an old page, a forged request) is refused and not kept."""
    anna = login_as("client_a")
    told = "While your data is restricted, nobody in the team reads new messages"
    conversation = f"/conversations/{restricted['conversation_id']}"
    for page in ("/messages", conversation):
        body = anna.get(page).get_data(as_text=True)
        assert told in body, page
        assert 'name="body"' not in body, page
    with app.app_context():
        before = db.scalar(select(func.count(Message.id)))
    reply = post_form(anna, conversation, {"body": "Is anyone there?"}, page="/messages")
    new = {"subject": "Hello", "body": "Is anyone there?"}
    started = post_form(anna, "/messages", new, page="/messages")
    assert (reply.status_code, started.status_code) == (403, 403)
    with app.app_context():
        assert db.scalar(select(func.count(Message.id))) == before


def test_she_is_told_that_the_struggling_button_reaches_nobody(
    app, login_as, people, restricted, anna_things
):
    anna = login_as("client_a")
    page = f"/jobs/{anna_things['job_id']}"
    body = anna.get(page).get_data(as_text=True)
    assert "While your data is restricted, nobody in the team is told" in body
    assert "I&#39;m struggling at work" not in body
    response = post_form(anna, f"{page}/struggling", {"note": "Hard week"}, page=page)
    assert response.status_code == 403
