"""Messages, consent, employer contacts, the employer's check-in and the two-factor code on a
390 x 844 phone, with and without JavaScript: after every submit the confirmation (or the first
error) is inside the window.

A client writes without a subject (only she sees the crisis box, not her specialist); the
specialist answers; a message arriving in an open conversation is read out once, on its own;
the client changes what an employer may be told; the specialist adds a contact person and logs
an employer contact; the employer answers a check-in after the session cookie was lost (a mail
app's browser), and an empty answer names the three questions. Set PHONE_SHOTS to a folder to
keep a screenshot of each step (to look at as a tired person on an old phone would).
"""

import os
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.db import db
from portal.demo.seed import DEMO_PASSWORD
from portal.placements.models import CheckIn, EmployerConsent, Job, JobKind
from portal.placements.services.consent import get_consent, set_disclosure
from tests.browser.demo import CLIENT, SPECIALIST, user
from tests.browser.phone import assert_in_viewport, confirmation, first_error
from tests.browser.server import PHONE

pytestmark = pytest.mark.browser

SCRIPTING = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def shot(page, name: str) -> None:
    """Keep a screenshot of what the phone shows now, when PHONE_SHOTS names a folder."""
    folder = os.environ.get("PHONE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def submit(page, button, js: bool) -> None:
    """Press a submit button as a thumb would; wait for the new page, or for htmx's answer
    and what the page does with it (focus on an error summary, the confirmation)."""
    button.scroll_into_view_if_needed()
    if js and button.evaluate("b => !!b.form.getAttribute('data-hx-post')"):
        with page.expect_response(lambda response: response.request.method == "POST"):
            button.click()
        page.wait_for_function(
            "() => document.querySelector('#flash .notice') ||"
            " (document.activeElement && document.activeElement.matches('.error-summary'))"
        )
    else:
        with page.expect_navigation():
            button.click()


# --- messages --------------------------------------------------------------------------------


@SCRIPTING
def test_client_writes_without_a_subject_and_only_she_sees_the_crisis_box(
    signed_in_page, base_url, js
):
    anna = signed_in_page(CLIENT, java_script_enabled=js)
    anna.goto(f"{base_url}/messages")
    send = anna.locator("#write form button[type=submit]")
    submit(anna, send, js)  # nothing written: the summary is where she looks
    assert_in_viewport(first_error(anna), "the error summary")
    assert anna.locator("#subject[aria-invalid=true]").count() == 0, "the subject is optional"
    shot(anna, f"message-empty-{'js' if js else 'nojs'}")

    words = unique("Hej Mette, kan vi flytte mødet?")  # short: all of it is the title
    anna.fill("#body", words)
    submit(anna, send, js)
    assert_in_viewport(confirmation(anna))
    title = anna.locator("main h1").inner_text()
    assert title == words
    assert anna.locator("aside.crisis").count() == 1
    shot(anna, f"message-sent-{'js' if js else 'nojs'}")

    mette = signed_in_page(SPECIALIST, java_script_enabled=js)
    mette.goto(anna.url.split("#")[0])
    assert mette.locator("main h1").inner_text() == title
    assert mette.locator("aside.crisis").count() == 0, "the crisis box speaks to the client"
    mette.goto(f"{base_url}/messages")
    assert mette.get_by_role("link", name=title, exact=True).count() == 1
    assert mette.locator("aside.crisis").count() == 0


@SCRIPTING
def test_specialist_answers_on_a_phone(signed_in_page, base_url, new_conversation, js):
    conversation_id, _subject = new_conversation()
    mette = signed_in_page(SPECIALIST, java_script_enabled=js)
    mette.goto(f"{base_url}/conversations/{conversation_id}")
    send = mette.locator("#reply form button[type=submit]")
    submit(mette, send, js)
    assert_in_viewport(first_error(mette), "the error summary")
    mette.fill("#body", unique("Ja, torsdag kl. 13 passer fint."))
    submit(mette, send, js)
    assert_in_viewport(confirmation(mette))
    shot(mette, f"reply-sent-{'js' if js else 'nojs'}")


def test_a_new_message_is_read_out_once_and_alone(
    signed_in_page,
    base_url,
    new_conversation,
    write,
):
    conversation_id, _subject = new_conversation(body="Første besked fra Anna.")
    page = signed_in_page(CLIENT)
    page.clock.install()  # the poll's 15 seconds pass when the test moves the clock on
    page.goto(f"{base_url}/conversations/{conversation_id}")
    region = page.locator("#arrivals")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text().strip() == ""
    page.fill("#body", "Et udkast")  # she is writing when the answer comes

    text = unique("Hej Anna, jeg har set dit spørgsmål.")
    write(SPECIALIST, conversation_id, text)
    page.clock.run_for(15_000)
    expect(region.locator("p")).to_have_count(1, timeout=5_000)
    said = region.inner_text()
    assert "Mette" in said and text in said
    assert "Første besked" not in said, "only what is new, not the whole list"
    assert page.evaluate("() => document.activeElement.id") == "body", "focus moved"
    assert page.input_value("#body") == "Et udkast"

    # Nothing new: the poll answers 204 and the region is left as it was (not read again).
    region.locator("p").evaluate("p => { p.dataset.heard = 'yes'; }")
    with page.expect_response(lambda response: "/poll" in response.url) as answer:
        page.clock.run_for(15_000)
    assert answer.value.status == 204
    assert region.locator("p[data-heard]").count() == 1

    later = unique("Og husk dit CV.")
    write(SPECIALIST, conversation_id, later)
    page.clock.run_for(15_000)
    expect(region).to_contain_text(later, timeout=5_000)
    assert region.locator("p").count() == 1 and text not in region.inner_text()


# --- consent ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def anna_at_brugsen(live_server) -> SimpleNamespace:
    """Anna, her first job's employer (Brugsen) and her consent for it, from the demo data
    (not test_work_pages' demo_work: it also wants a waiting check-in, which tests answer)."""
    with live_server.app.app_context():
        anna = user(CLIENT)
        job = db.scalar(
            select(Job).where(Job.client_id == anna.id, Job.kind == JobKind.JOB).order_by(Job.id)
        )
        consent = get_consent(anna.id, job.employer_id)
        return SimpleNamespace(anna=anna.id, brugsen=job.employer_id, anna_consent=consent.id)


@pytest.fixture
def restore_anna_disclosure(live_server, anna_at_brugsen):
    """Put back what Anna had told Brugsen may be said, whatever the test chose."""
    with live_server.app.app_context():
        consent = db.get(EmployerConsent, anna_at_brugsen.anna_consent)
        before = (consent.disclosure, consent.disclosure_note)
    yield
    with live_server.app.app_context(), force_locale("da"):
        consent = db.get(EmployerConsent, anna_at_brugsen.anna_consent)
        set_disclosure(user(CLIENT), consent, *before)
        db.commit()


@SCRIPTING
@pytest.mark.usefixtures("restore_anna_disclosure")
def test_client_changes_what_an_employer_may_be_told(
    live_server,
    signed_in_page,
    base_url,
    anna_at_brugsen,
    js,
):
    consent_id = anna_at_brugsen.anna_consent
    anna = signed_in_page(CLIENT, java_script_enabled=js)
    anna.goto(f"{base_url}/clients/{anna_at_brugsen.anna}/consent")
    anna.check(f"input[name=c{consent_id}-disclosure][value=agreed]")
    note = unique("At jeg har en kontaktperson.")
    anna.fill(f"#c{consent_id}-note", note)
    submit(anna, anna.locator(f"#consent-{consent_id} form.stack button[type=submit]"), js)
    assert_in_viewport(confirmation(anna))
    shot(anna, f"consent-saved-{'js' if js else 'nojs'}")
    with live_server.app.app_context():
        saved = db.get(EmployerConsent, consent_id)
        assert (saved.disclosure, saved.disclosure_note) == ("agreed", note)


# --- the specialist's employer contacts ------------------------------------------------------


@SCRIPTING
def test_specialist_adds_a_contact_person_on_the_employer_page(
    signed_in_page,
    base_url,
    anna_at_brugsen,
    js,
):
    mette = signed_in_page(SPECIALIST, java_script_enabled=js)
    mette.goto(f"{base_url}/employers/{anna_at_brugsen.brugsen}")
    add = mette.locator("section[aria-labelledby=new-contact-heading] button[type=submit]")
    submit(mette, add, js)
    assert_in_viewport(first_error(mette), "the error summary")
    shot(mette, f"employer-contact-empty-{'js' if js else 'nojs'}")
    name = unique("Lone Vagtplan")
    mette.fill("#name", name)
    mette.fill("#email", f"{uuid.uuid4().hex[:10]}@brugsen.example")
    submit(mette, add, js)
    assert_in_viewport(confirmation(mette))
    assert mette.locator("section[aria-labelledby=contacts-heading]").filter(has_text=name)


@SCRIPTING
def test_specialist_logs_an_employer_contact(signed_in_page, base_url, log_notes, js):
    mette = signed_in_page(SPECIALIST, java_script_enabled=js)
    mette.goto(f"{base_url}/job-development")
    save = mette.locator("section[aria-labelledby=new-contact-heading] button[type=submit]")
    submit(mette, save, js)
    assert_in_viewport(first_error(mette), "the error summary")
    note = unique("Kaffe med butikschefen")
    log_notes.append(note)
    mette.fill("#new_employer", unique("Café Vollsmose"))
    mette.fill("#note", note)
    submit(mette, save, js)
    assert_in_viewport(confirmation(mette))
    shot(mette, f"job-development-saved-{'js' if js else 'nojs'}")


# --- the employer's check-in, its session cookie lost ----------------------------------------


@SCRIPTING
def test_employer_answers_a_checkin_after_the_cookie_is_lost(
    live_server,
    new_page,
    base_url,
    fresh_checkin,
    js,
):
    checkin = fresh_checkin()
    page = new_page(viewport=PHONE, java_script_enabled=js)
    page.goto(base_url + checkin.path)
    questions = [
        page.locator(f"fieldset#{name} legend").inner_text()
        for name in ("still_working", "rating", "wants_call")
    ]
    send = page.locator("main form button[type=submit]")

    # Nothing chosen: the summary names each question, and is where the thumb was.
    page.context.clear_cookies()
    submit(page, send, js)
    summary = first_error(page)
    assert_in_viewport(summary, "the error summary")
    for question in questions:
        assert question in summary.inner_text(), question
    shot(page, f"checkin-empty-{'js' if js else 'nojs'}")

    # The mail app's browser forgot the session by the time the answer is sent.
    page.check("input[name=still_working][value=yes]")
    page.check("input[name=rating][value='4']")
    page.check("input[name=wants_call][value=no]")
    page.context.clear_cookies()
    submit(page, send, js)
    assert page.locator("main form").count() == 0, "the answer was not taken"
    assert_in_viewport(page.locator("main h1"), "the thanks")
    shot(page, f"checkin-thanks-{'js' if js else 'nojs'}")
    with live_server.app.app_context():
        stored = db.get(CheckIn, checkin.id)
        assert (stored.still_working, stored.rating, stored.wants_call) == (True, 4, False)

    # Opened again later: it says the answers arrived, not that nothing was saved.
    again = new_page(viewport=PHONE, java_script_enabled=js)
    assert again.goto(base_url + checkin.path).status == 410
    with live_server.app.app_context(), force_locale("da"):
        nothing_saved = gettext("Nothing has been saved from this page.")
    assert nothing_saved not in again.locator("main").inner_text()
    assert again.locator("main form").count() == 0


# --- two-factor sign-in ----------------------------------------------------------------------


def test_the_two_factor_code_opens_the_number_pad(page, base_url):
    page.goto(f"{base_url}/login")
    page.fill("#email", SPECIALIST)
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{base_url}/login/code"
    code = page.locator("#code")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    shot(page, "two-factor-code")
    with page.expect_navigation():
        page.click("main a[href='/login/code?use=recovery']")
    assert page.locator("#code").get_attribute("inputmode") == "text"
