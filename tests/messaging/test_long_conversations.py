"""A long conversation opens at its latest 30 messages, with "Earlier messages" (a plain link,
no JavaScript needed) showing 30 more each time and keeping the place; the title of a
conversation begun without a subject still comes from its first message; the poll keeps
what is shown; an address asking for too few, too many or nonsense gets the bounds."""

import re

import pytest

from portal.core.db import db
from portal.core.identity import User
from portal.messaging.models import Conversation, Message

EARLIER = "Earlier messages"


@pytest.fixture
def long_conversation(app, people):
    """75 messages between Anna and Mette, begun without a subject; return its id."""
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        conversation = Conversation(client_id=anna.id, subject="")
        db.add(conversation)
        db.flush()
        for number in range(1, 76):
            from_anna = number % 2 == 1
            sender = anna.id if from_anna else people["specialist_a"].id
            body = f"Message number {number:03d}" + (" (the first)" if number == 1 else "")
            db.add(
                Message(
                    conversation_id=conversation.id,
                    sender_id=sender,
                    from_client=from_anna,
                    body=body,
                )
            )
        db.commit()
        return conversation.id


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Message number (\d{3})", html)]


def test_a_long_conversation_opens_at_its_latest_messages(app, login_as, long_conversation):
    anna = login_as("client_a")
    page = anna.get(f"/conversations/{long_conversation}").get_data(as_text=True)
    shown = _numbers(page.split("</h1>", 1)[1])
    assert shown == list(range(46, 76))  # the latest 30, oldest first
    assert "<h1>Message number 001 (the first)</h1>" in page  # the title: its first words
    link = re.search(r'<a href="([^"]+)">' + EARLIER, page).group(1).replace("&amp;", "&")
    first_shown = re.search(r'id="message-(\d+)"', page).group(1)
    assert link.endswith(f"shown=60#message-{first_shown}")  # the place is kept
    more = anna.get(link.split("#")[0]).get_data(as_text=True)
    assert _numbers(more.split("</h1>", 1)[1]) == list(range(16, 76))
    poll = re.search(r'id="messages" data-hx-get="([^"]+)"', more).group(1)
    assert "shown=60" in poll  # the poll keeps what is shown
    everything = anna.get(f"/conversations/{long_conversation}?shown=90").get_data(as_text=True)
    assert _numbers(everything.split("</h1>", 1)[1]) == list(range(1, 76))
    assert EARLIER not in everything


@pytest.mark.parametrize("asked", ["-5", "0", "abc", "99999999999999999999", "1e9"])
def test_odd_addresses_get_the_bounds(app, login_as, long_conversation, asked):
    anna = login_as("client_a")
    answer = anna.get(f"/conversations/{long_conversation}?shown={asked}")
    assert answer.status_code == 200
    assert len(_numbers(answer.get_data(as_text=True).split("</h1>", 1)[1])) in (30, 75)
