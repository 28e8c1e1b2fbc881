"""Messages between a client and their specialist: both directions, read status, the inbox,
reply times and substitutes, e-mail without content, escaping, limits and double submits."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.outbox import send_pending_emails
from portal.messaging.models import Availability, Conversation, Message
from tests.helpers import csrf_token_from, post_form


def start(browser, subject="About Tuesday", body="Can we meet at 10?", **fields):
    data = {"subject": subject, "body": body, **fields}
    return post_form(browser, "/messages", data)


def conversations(app) -> list[Conversation]:
    with app.app_context():
        return list(db.scalars(select(Conversation).order_by(Conversation.id)))


def messages(app) -> list[Message]:
    with app.app_context():
        return list(db.scalars(select(Message).order_by(Message.id)))


def test_a_client_writes_and_the_specialist_reads_and_answers(app, login_as, people, outbox):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    response = start(anna, body="Line one\nLine two")
    assert response.status_code == 303
    [conversation] = conversations(app)
    url = f"/conversations/{conversation.id}"
    assert "not read yet" in anna.get(url).get_data(as_text=True)
    inbox = mette.get("/messages").get_data(as_text=True)
    assert "About Tuesday" in inbox and "Anna Klient" in inbox and "1 new" in inbox
    assert "Line one\nLine two" in mette.get(url).get_data(as_text=True)  # line breaks kept
    assert messages(app)[0].read_at is not None
    assert 'class="read-status">read<' in anna.get(url).get_data(as_text=True)
    assert post_form(mette, url, {"body": "Yes, 10 is fine."}).status_code == 303
    assert "Yes, 10 is fine." in anna.get(url).get_data(as_text=True)
    assert [m.from_client for m in messages(app)] == [True, False]
    assert [e.recipient for e in outbox()] == [
        people["specialist_a"].email,
        people["client_a"].email,
    ]


def test_the_specialist_can_start_a_conversation_with_a_client_on_the_caseload(
    app, login_as, people
):
    mette = login_as("specialist_a")
    ok = start(mette, client=str(people["client_a"].id))
    assert ok.status_code == 303
    foreign = start(mette, client=str(people["client_b"].id), subject="Not mine")
    assert foreign.status_code == 422 and "Not a valid choice." in foreign.get_data(as_text=True)
    assert [c.client_id for c in conversations(app)] == [people["client_a"].id]


def test_the_email_says_only_that_there_is_a_new_message(app, login_as, people, mail_server):
    anna = login_as("client_a")
    start(anna, subject="My diagnosis and medicine", body="I felt very low this week")
    post_form(anna, f"/conversations/{conversations(app)[0].id}", {"body": "And today too"})
    with app.app_context():
        assert send_pending_emails() == (1, 0)  # one e-mail for two unread messages
    [message] = mail_server.messages
    text = message.get_content() + message["Subject"]
    assert message["To"] == people["specialist_a"].email
    for secret in ("diagnosis", "medicine", "low", "today", "Anna"):
        assert secret not in text
    assert re.search(r"/conversations/\d+", text)


def test_bad_messages_are_refused_and_the_draft_is_kept(app, login_as, people):
    anna = login_as("client_a")
    for body, message in [
        ("", "Please fill in this field."),
        ("   \n  ", "Please fill in this field."),
        ("x" * 4001, "Use at most 4000 characters."),
        ("bad\x00byte", "Please use only letters"),
    ]:
        response = start(anna, subject="Draft subject", body=body)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, body[:10]
        assert message in html
        assert 'value="Draft subject"' in html
        assert "maxlength" not in html.split('name="body"')[0].rsplit("<textarea", 1)[1]
    assert conversations(app) == []


def test_links_are_clickable_and_hostile_text_stays_text(app, login_as, people):
    anna = login_as("client_a")
    start(
        anna,
        body="See https://example.org/job?id=1 and javascript:alert(1) "
        '<script>alert(2)</script> <a href="x" hx-get="/logout">y</a>',
    )
    html = anna.get(f"/conversations/{conversations(app)[0].id}").get_data(as_text=True)
    assert '<a href="https://example.org/job?id=1" rel="nofollow noopener noreferrer">' in html
    assert 'href="javascript' not in html and "<script>alert(2)" not in html
    assert 'hx-get="/logout"' not in html and "&lt;a href=" in html


def test_the_inbox_shows_unread_first_and_marks_clients_waiting_too_long(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    start(anna, subject="Old question")
    start(mette, client=str(people["client_a"].id), subject="Answered one")
    with app.app_context():
        old = db.scalar(
            select(Message).join(Conversation).where(Conversation.subject == "Old question")
        )
        old.created_at = utcnow() - timedelta(days=6)  # at least 3 working days ago
        db.commit()
    inbox = mette.get("/messages").get_data(as_text=True)
    assert inbox.index("Old question") < inbox.index("Answered one")
    assert inbox.count("Waiting longer than the promised reply time") == 1
    # An answer ends the wait.
    post_form(mette, f"/conversations/{conversations(app)[0].id}", {"body": "Sorry, here it is"})
    assert "Waiting longer than the promised reply time" not in mette.get("/messages").get_data(
        True
    )


def test_a_longer_stated_reply_time_moves_the_marker(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    start(anna)
    with app.app_context():
        message = db.scalar(select(Message))
        message.created_at = utcnow() - timedelta(days=6)
        db.commit()
    assert "Waiting longer" in mette.get("/messages").get_data(as_text=True)
    saved = post_form(mette, "/messages/availability", {"reply_days": "10", "substitute": "0"})
    assert saved.status_code == 303
    assert "Waiting longer" not in mette.get("/messages").get_data(as_text=True)
    page = anna.get("/messages").get_data(as_text=True)
    assert "Sofie usually answers within 10 working days." in page


def test_a_substitute_reads_and_answers_while_the_colleague_is_away(app, login_as, people):
    bent = login_as("client_b")  # Bo's client
    bo = login_as("specialist_b")
    sofie = login_as("specialist_a")
    start(bent, subject="For Bo")
    url = f"/conversations/{conversations(app)[0].id}"
    assert sofie.get(url).status_code == 404
    with app.app_context():
        today = local_today()
    away = {
        "reply_days": "1",
        "away_from": str(today - timedelta(days=1)),
        "away_until": str(today + timedelta(days=3)),
        "substitute": str(people["specialist_a"].id),
    }
    assert post_form(bo, "/messages/availability", away).status_code == 303
    page = bent.get("/messages").get_data(as_text=True)
    assert "Bo is away up to and including" in page
    assert "Sofie Specialist answers in the meantime." in page
    sofie_inbox = sofie.get("/messages").get_data(as_text=True)
    assert "For Bo" in sofie_inbox and "you are covering for Bo Specialist" in sofie_inbox
    assert post_form(sofie, url, {"body": "I answer while Bo is away."}).status_code == 303
    # Once Bo is back, the substitute's access ends.
    with app.app_context():
        availability = db.get(Availability, people["specialist_b"].id)
        availability.away_until = today - timedelta(days=1)
        db.commit()
    assert sofie.get(url).status_code == 404


def test_a_substitute_must_be_a_colleague_in_the_same_team(app, login_as, people):
    bo = login_as("specialist_b")
    with app.app_context():
        today = local_today()
    base = {"reply_days": "1", "away_from": str(today), "away_until": str(today)}
    for substitute in (str(people["client_a"].id), str(people["admin"].id), "999"):
        response = post_form(bo, "/messages/availability", {**base, "substitute": substitute})
        assert response.status_code == 422
    missing = post_form(bo, "/messages/availability", {**base, "substitute": "0"})
    assert "Choose a colleague who answers while you are away." in missing.get_data(True)
    backwards = post_form(
        bo,
        "/messages/availability",
        {
            "reply_days": "1",
            "away_from": str(today),
            "away_until": str(today - timedelta(days=2)),
            "substitute": str(people["specialist_a"].id),
        },
    )
    assert "The last day away cannot be before the first." in backwards.get_data(True)


def test_polling_answers_204_until_something_new_arrives(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    start(anna)
    conversation = conversations(app)[0]
    last = messages(app)[-1].id
    poll = f"/conversations/{conversation.id}/poll?last={last}"
    assert anna.get(poll, headers={"HX-Request": "true"}).status_code == 204
    post_form(mette, f"/conversations/{conversation.id}", {"body": "A new answer"})
    fresh = anna.get(poll, headers={"HX-Request": "true"})
    assert fresh.status_code == 200
    html = fresh.get_data(as_text=True)
    assert "A new answer" in html and "<html" not in html
    assert 'id="flash"' not in html  # a background refresh leaves the message region alone
    assert messages(app)[-1].read_at is not None  # shown, so read


def test_the_unread_badge_and_its_conditional_refresh(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    start(anna)
    start(anna, subject="Second")
    page = mette.get("/").get_data(as_text=True)
    assert '<span class="badge">2<span class="visually-hidden"> unread messages</span>' in page
    assert mette.get("/messages/badge?seen=2").status_code == 204
    mette.get(f"/conversations/{conversations(app)[0].id}")
    changed = mette.get("/messages/badge?seen=2")
    assert changed.status_code == 200 and ">1<" in changed.get_data(as_text=True)


def test_a_flood_of_messages_gets_a_friendly_429(app, login_as, people):
    anna = login_as("client_a")
    start(anna)
    url = f"/conversations/{conversations(app)[0].id}"
    statuses = [post_form(anna, url, {"body": f"Message {n}"}).status_code for n in range(10)]
    assert statuses[:9] == [303] * 9  # the first message started the conversation
    assert statuses[9] == 429
    blocked = post_form(anna, url, {"body": "One more"})
    assert blocked.status_code == 429
    assert "Please wait a few minutes" in blocked.get_data(as_text=True)
    with app.app_context():
        assert db.scalar(select(func.count(Message.id))) == 10


def test_a_double_tap_on_send_creates_one_message(app, login_as, people):
    anna = login_as("client_a")
    start(anna)
    url = f"/conversations/{conversations(app)[0].id}"
    html = anna.get(url).get_data(as_text=True)
    token = html.split('name="submission" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token_from(html), "submission": token, "body": "Only once"}
    assert anna.post(url, data=data).status_code == 303
    assert anna.post(url, data=data).status_code == 303
    assert [m.body for m in messages(app)].count("Only once") == 1


def test_answering_marks_what_came_before_as_read(app, login_as, people):
    anna = login_as("client_a")
    start(anna)
    with app.app_context():
        from portal.core.identity import User
        from portal.messaging.services import send_message

        conversation = db.scalar(select(Conversation))
        send_message(db.get(User, people["specialist_a"].id), conversation, "Answer")
        db.commit()
    first = messages(app)[0]
    assert first.from_client and first.read_at is not None
