"""What issue #19 found on a phone: a message needs no subject, the crisis box is for the
participant only, and a message arriving by the poll is announced once, on its own."""

import re

from sqlalchemy import select

from portal.core.db import db
from portal.messaging.inbox import conversation_title, first_words
from portal.messaging.models import Conversation, Message
from tests.helpers import post_form

HX = {"HX-Request": "true"}
CRISIS = 'class="crisis"'


def only_conversation(app) -> Conversation:
    with app.app_context():
        [conversation] = db.scalars(select(Conversation)).all()
        return conversation


def last_message_id(app) -> int:
    with app.app_context():
        return db.scalar(select(Message.id).order_by(Message.id.desc()).limit(1))


def live_region(html: str) -> str:
    match = re.search(r'<div id="arrivals"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no live region"
    return match.group(1)


def test_a_message_without_a_subject_is_sent_and_titled_by_its_first_words(app, login_as, people):
    anna = login_as("client_a")
    body = "Can we move Tuesday's meeting to the afternoon? I have a dentist appointment then."
    response = post_form(anna, "/messages", {"subject": "  ", "body": body})
    assert response.status_code == 303
    conversation = only_conversation(app)
    assert conversation.subject == ""  # NOT NULL column: an empty string, not a NULL
    expected = "Can we move Tuesday&#39;s meeting to the afternoon? I have a\u2026"
    page = anna.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert f"<h1>{expected}</h1>" in page
    mette = login_as("specialist_a")
    assert f">{expected}</a>" in mette.get("/messages").get_data(as_text=True)


def test_a_subject_when_given_is_still_the_title():
    assert conversation_title("About Tuesday", "Anything") == "About Tuesday"
    assert conversation_title("", "Short one") == "Short one"
    assert first_words("one two   three\nfour", 9) == "one two\u2026"


def test_the_crisis_box_is_shown_to_the_participant_only(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    post_form(anna, "/messages", {"subject": "Hello", "body": "Hi Mette"})
    url = f"/conversations/{only_conversation(app).id}"
    assert CRISIS in anna.get(url).get_data(as_text=True)
    assert CRISIS in anna.get("/messages").get_data(as_text=True)
    assert CRISIS not in mette.get(url).get_data(as_text=True)
    assert CRISIS not in mette.get("/messages").get_data(as_text=True)


def test_a_new_message_from_the_poll_is_announced_once_and_alone(app, login_as, people):
    anna = login_as("client_a")
    mette = login_as("specialist_a")
    post_form(anna, "/messages", {"subject": "Hello", "body": "An old message from Anna"})
    url = f"/conversations/{only_conversation(app).id}"
    page = anna.get(url).get_data(as_text=True)
    assert live_region(page).strip() == ""  # the region is there, empty, from the start
    seen = last_message_id(app)
    post_form(mette, url, {"body": "See you at 10"})

    fresh = anna.get(f"{url}/poll?last={seen}", headers=HX).get_data(as_text=True)
    assert 'data-hx-swap-oob="innerHTML"' in fresh
    announced = live_region(fresh)
    assert "New message from Sofie Specialist: See you at 10" in announced
    assert "An old message" not in announced  # not the whole list again
    # Once: the next poll knows that message, and nothing is sent to announce.
    now = last_message_id(app)
    assert anna.get(f"{url}/poll?last={now}", headers=HX).status_code == 204

    # Her own message (sent from another device, say) is listed but not announced to her.
    post_form(anna, url, {"body": "Thanks"})
    mine = anna.get(f"{url}/poll?last={now}", headers=HX).get_data(as_text=True)
    assert "Thanks" in mine and 'id="arrivals"' not in mine
