"""Secure messages in a real browser: axe-core and reflow at 320 px in every language for a
client, her specialist and a client whose specialist is away; the htmx reply journey; new
messages and the unread badge arriving without a reload; writing and answering without
JavaScript.

The journeys change the live database, so each one starts its own conversation through the
services and never depends on what another test did (or on the order the tests run in).
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.db import db
from portal.messaging.forms import MESSAGE_MAX_LENGTH
from portal.messaging.inbox import unread_count
from portal.messaging.models import Conversation, Message
from portal.messaging.services import start_conversation
from tests.browser.demo import CLIENT, SPECIALIST, user
from tests.browser.helpers import (
    LANGUAGES,
    assert_focus_on,
    assert_same_page,
    assert_save_announced,
    axe_violations,
    mark_page,
    post_with_htmx,
    shown_page_problems,
    unique,
    use_viewport,
)
from tests.browser.server import PHONE

pytestmark = pytest.mark.browser

LISE = "lise@demo.ips-portal.dk"  # Jonas's participant: Mette answers while Jonas is away

# One character longer than a message may be, ending in a visible character.
TOO_LONG = ("Et langt udkast. " * 300)[:MESSAGE_MAX_LENGTH] + "!"
JOB_LINK = "https://www.jobnet.dk/find-job/12345"


def _first_conversation(email: str) -> Conversation:
    return db.scalar(
        select(Conversation)
        .where(Conversation.client_id == user(email).id)
        .order_by(Conversation.id)
    )


@dataclass(frozen=True)
class DemoMessages:
    """Ids of demo conversations (they depend on the database, so they are looked up)."""

    anna_conversation: int
    lise_demo_subject: str
    lise_conversation: int  # written to Jonas, who is away: Mette answers it
    lise_subject: str

    def pages(self, visitor: str) -> list[str]:
        """Paths to check; "/messages!" is the inbox after sending its form empty."""
        if visitor == "client":
            return ["/messages", "/messages!", f"/conversations/{self.anna_conversation}"]
        if visitor == "client-of-away-specialist":  # the promise says who answers meanwhile
            return ["/messages"]
        return [
            "/messages",
            "/messages!",
            f"/conversations/{self.lise_conversation}",
            "/messages/availability",
        ]


@pytest.fixture(scope="session")
def demo_messages(live_server) -> DemoMessages:
    """Look up Anna's and Lise's demo conversations, and start a second one for Lise (a
    participant of Jonas, who is away with Mette standing in)."""
    with live_server.app.app_context():
        anna, lise_demo = _first_conversation(CLIENT), _first_conversation(LISE)
        lise = user(LISE)
        subject = "Arbejdstider i foråret"
        substitute = start_conversation(lise, lise, subject, "Hej Jonas. Kan jeg starte kl. 9?")
        db.commit()
        return DemoMessages(anna.id, lise_demo.subject, substitute.id, subject)


# --- every page: axe-core and reflow ---------------------------------------------------------


def send_empty_form(page, base_url: str) -> None:
    page.goto(f"{base_url}/messages")
    with page.expect_navigation():
        page.click("#write form button[type=submit]")
    assert page.locator("#write .error-summary").is_visible()
    assert page.locator("#body[aria-invalid=true]").count() == 1  # the subject is optional


def inbox_problems(page, demo: DemoMessages, visitor: str) -> list[str]:
    """What each visitor's inbox must show, besides passing axe."""
    expected = {
        # Lise is Jonas's participant, and Mette stands in for him while he is away.
        "specialist": [demo.lise_demo_subject, demo.lise_subject],
        "client-of-away-specialist": [demo.lise_subject],
    }.get(visitor, [])
    problems = [
        f"/messages: the conversation {subject!r} is missing"
        for subject in expected
        if page.get_by_role("link", name=subject, exact=True).count() != 1
    ]
    away_notice = page.locator("#write .promise strong")
    if visitor == "client-of-away-specialist" and away_notice.count() != 1:
        problems.append("/messages: no notice that Jonas is away")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("visitor", "email"),
    [
        ("client", CLIENT),
        ("specialist", SPECIALIST),
        ("client-of-away-specialist", LISE),
    ],
)
def test_message_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, demo_messages, visitor, email, language
):
    page = signed_in_page(email, language=language)
    problems = []
    for path in demo_messages.pages(visitor):
        use_viewport(page, PHONE)
        if path.endswith("!"):
            send_empty_form(page, base_url)
        else:
            response = page.goto(base_url + path)
            if response.status != 200:
                problems.append(f"{path} answered {response.status}")
                continue
        if path == "/messages":
            problems += inbox_problems(page, demo_messages, visitor)
        problems += shown_page_problems(page, path, language, axe_source)
    assert not problems, "\n".join(problems)


# --- the htmx reply journey ------------------------------------------------------------------


def test_client_replies_with_htmx(signed_in_page, base_url, axe_source, new_conversation):
    conversation_id, _subject = new_conversation(author=SPECIALIST)
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/conversations/{conversation_id}")
    mark_page(page)
    messages = page.locator("#messages li.message")
    assert messages.count() == 1
    send = page.locator("#reply form button[type=submit]")

    # An empty reply: the error summary appears, takes focus, and the messages stay.
    page.fill("#body", "")
    post_with_htmx(page, send, status=422)
    assert page.locator("#reply .error-summary").is_visible()
    assert_focus_on(page, "#reply .error-summary")
    assert page.locator("#body[aria-invalid=true]").count() == 1
    assert messages.count() == 1, "the messages disappeared with the error"
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []

    # Too long: the draft comes back untouched. The textarea's maxlength stops a browser from
    # taking more, so it is lifted here to reach the server's check (as an old browser would).
    page.locator("#body").evaluate("area => area.removeAttribute('maxlength')")
    page.fill("#body", TOO_LONG)
    post_with_htmx(page, send, status=422)
    assert_focus_on(page, "#reply .error-summary")
    assert page.locator("#body[aria-invalid=true]").count() == 1
    assert page.input_value("#body") == TOO_LONG, "the draft was lost"
    assert messages.count() == 1
    assert_same_page(page)

    # A real reply: listed, announced, the form emptied, and focus kept off <body>.
    text = unique("Tak, torsdag passer fint.")
    page.fill("#body", text)
    post_with_htmx(page, send)
    assert_save_announced(page)
    assert page.locator("#reply .error-summary").count() == 0
    assert page.locator("#messages li.message-mine").filter(has_text=text).is_visible()
    assert messages.count() == 2
    assert page.input_value("#body") == ""
    assert_focus_on(page, "#reply [data-focus-after-save]")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []


# --- arriving without a reload ---------------------------------------------------------------


def test_a_new_message_appears_in_the_open_conversation(
    live_server, signed_in_page, base_url, axe_source, new_conversation, write
):
    conversation_id, _subject = new_conversation(body=f"Jeg så dette job: {JOB_LINK}")
    page = signed_in_page(CLIENT)
    page.clock.install()  # the poll's 15 seconds pass when the test moves the clock on
    page.goto(f"{base_url}/conversations/{conversation_id}")
    mark_page(page)
    # Anna has begun a reply, and is on the link in her message when the answer comes: the
    # list of messages is replaced, but her draft and her place (focus) must stay.
    page.fill("#body", "Et udkast")
    link = f"#messages a[href='{JOB_LINK}']"
    page.focus(link)

    text = unique("Hej Anna, jeg har set dit spørgsmål.")
    message_id = write(SPECIALIST, conversation_id, text)
    # The open conversation asks the server every 15 s (204 while nothing is new).
    page.clock.run_for(15_000)
    expect(page.locator("#messages")).to_contain_text(text, timeout=5_000)
    assert page.locator(f"#message-{message_id}.message-theirs").is_visible()
    assert_same_page(page)
    assert_focus_on(page, link)
    assert page.input_value("#body") == "Et udkast"
    assert axe_violations(page, axe_source) == []
    with live_server.app.app_context():
        assert db.get(Message, message_id).read_at is not None, "shown, so it should be read"


def htmx_badge_poll(response) -> bool:
    """The badge's own request (htmx uses XMLHttpRequest; the test's checks use fetch)."""
    return "/messages/badge" in response.url and response.request.resource_type == "xhr"


def test_the_navigation_badge_follows_new_messages(
    live_server, signed_in_page, base_url, new_conversation
):
    """The badge asks every 30 s (with the count it shows): rather than wait, the test asks
    the endpoint itself, then moves the page's clock on so that htmx's own poll runs."""
    page = signed_in_page(CLIENT)
    page.clock.install()
    page.goto(f"{base_url}/")
    mark_page(page)
    with live_server.app.app_context():
        count = unread_count(user(CLIENT))
    badge = page.locator("nav.main-nav #unread-badge")
    url = badge.get_attribute("data-hx-get")
    assert url.endswith(f"seen={count}")
    if count:
        expect(badge.locator(".badge")).to_contain_text(str(count))
    else:
        expect(badge.locator(".badge")).to_have_count(0)

    def fetch(url: str) -> dict:
        return page.evaluate(
            "url => fetch(url).then(async r => ({status: r.status, body: await r.text()}))", url
        )

    # Nothing new: 204, and the poll leaves the badge element alone.
    assert fetch(url)["status"] == 204
    badge.evaluate("element => { element.untouched = true; }")
    with page.expect_response(htmx_badge_poll) as answer:
        page.clock.fast_forward("00:31")
    assert answer.value.status == 204
    assert badge.evaluate("element => element.untouched === true"), "the badge was swapped"

    # A new message: the endpoint answers with the new badge, and the next poll swaps it in.
    new_conversation(author=SPECIALIST)
    answer = fetch(url)
    assert answer["status"] == 200
    assert 'id="unread-badge"' in answer["body"]
    assert f">{count + 1}<" in answer["body"]
    with page.expect_response(htmx_badge_poll) as answer:
        page.clock.fast_forward("00:31")
    assert answer.value.status == 200
    expect(badge.locator(".badge")).to_contain_text(str(count + 1))
    assert badge.get_attribute("data-hx-get").endswith(f"seen={count + 1}")
    assert_same_page(page)


# --- without JavaScript ----------------------------------------------------------------------


def test_client_writes_and_specialist_answers_without_javascript(signed_in_page, base_url):
    anna = signed_in_page(CLIENT, java_script_enabled=False)
    anna.goto(f"{base_url}/messages")
    subject, first = unique("Uden JavaScript"), unique("Hej Mette, kan vi flytte mødet?")
    anna.fill("#subject", subject)
    anna.fill("#body", first)
    with anna.expect_navigation():
        anna.click("#write form button[type=submit]")
    # The form's action ends at its error summary (#errors): a 303 keeps that fragment.
    assert re.fullmatch(rf"{re.escape(base_url)}/conversations/\d+(#errors)?", anna.url), anna.url
    conversation_url = anna.url.split("#")[0]
    assert anna.locator("h1").inner_text() == subject
    assert anna.locator("#flash .notice-success").is_visible()
    mine = anna.locator("#messages li.message-mine").filter(has_text=first)
    assert mine.is_visible()
    unread_status = mine.locator(".read-status").inner_text()

    mette = signed_in_page(SPECIALIST, java_script_enabled=False)
    mette.goto(f"{base_url}/messages")
    with mette.expect_navigation():
        mette.get_by_role("link", name=subject, exact=True).click()
    assert mette.url == conversation_url
    answer = unique("Ja, det kan vi godt.")
    mette.fill("#body", answer)
    with mette.expect_navigation():
        mette.click("#reply form button[type=submit]")
    # The page opens at the top, at the confirmation (the form's #errors stays in the address).
    assert mette.url == f"{conversation_url}#errors"
    assert mette.locator("#flash .notice-success").is_visible()
    assert mette.locator("#messages li.message-mine").filter(has_text=answer).is_visible()

    anna.goto(conversation_url)
    assert anna.locator("#messages li.message-theirs").filter(has_text=answer).is_visible()
    read_status = mine.locator(".read-status").inner_text()
    assert read_status != unread_status, "Mette opened it, so it should show as read"
