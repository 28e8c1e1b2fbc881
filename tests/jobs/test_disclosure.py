"""The participant's disclosure answer governs every word an employer receives.

For each answer (none yet, "no", "only what we agreed", "yes") and each language, everything
an employer and its contact persons can receive is produced the way it is in production (the
`flask checkins send` timer, the outbox worker over real SMTP, the link from the e-mail, the
signed-in home page) and read for the words that would tell them about the support.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.outbox import send_pending_emails
from portal.placements.models import Category, CheckIn, Disclosure, Job
from portal.placements.services.checkins import send_due_checkins
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.employers import add_contact
from portal.placements.services.jobs import record_job
from tests.helpers import post_form
from tests.jobs.helpers import JOB_TITLE, deliver_outbox, job_data

NOTE = "Only that I need fixed breaks"
# What would tell an employer that the employee gets support, or from whom: the team, the
# service, the specialist (name, address, title), in every language the portal speaks.
TELLING = re.compile(
    r"IPS|Testby|Sofie|spec\.a@|specialist|konsulent|support|støtte|stöd|psykiatri|psychiatr",
    re.IGNORECASE,
)
ANSWER = {"still_working": "yes", "hours": "12", "rating": "4", "wants_call": "yes"}


SOFIE = "Sofie Specialist"  # the specialist's full name (the factory's)


def telling(text: str, allowed: str | None = None) -> list[str]:
    """The telling words in `text`, apart from `allowed`; "IPS" only in capitals."""
    if allowed:
        text = text.replace(allowed, "")
    return [w for w in TELLING.findall(text) if w.lower() != "ips" or w == "IPS"]


def setup_placement(app, people, choice: Disclosure | None, locale: str) -> None:
    """Anna works at the contact's workplace since 15 days (a check-in is due), with consent
    to contact the employer and to show her name, and `choice` as her disclosure answer."""
    with app.app_context():
        anna, sofie = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        boss.locale = locale
        record_job(sofie, anna, job_data(boss, start_date=local_today() - timedelta(days=15)))
        consent = get_consent(anna.id, boss.employers[0].id)
        set_permission(anna, consent, Category.CONTACT, True)
        set_permission(anna, consent, Category.NAME, True)
        if choice is not None:
            set_disclosure(anna, consent, choice, NOTE if choice == Disclosure.AGREED else None)
        db.commit()


def everything_sent(app, people, mail_server, locale: str) -> list:
    """Run the check-in timer, invite a second contact person at the same workplace, and let
    the outbox worker deliver; return the messages each contact person received."""
    assert app.test_cli_runner().invoke(args=["checkins", "send"]).exit_code == 0
    with app.app_context():
        sofie, boss = db.merge(people["specialist_a"]), db.merge(people["employer"])
        add_contact(sofie, boss.employers[0], "Ida Kollega", "ida@example.org", None, locale, True)
        db.commit()
        send_pending_emails()
    return [m for m in mail_server.messages if m["To"] in ("boss@example.org", "ida@example.org")]


def read(message) -> str:
    """What the contact person reads: the sender's name too (MAIL_FROM's default is neutral)."""
    return f"{message['From']}\n{message['Subject']}\n{message.get_content()}"


def link_in(message) -> str:
    return re.search(r"https?://\S+(/check-in/\S+)", message.get_content()).group(1)


CHOICES = [None, Disclosure.NO, Disclosure.AGREED, Disclosure.YES]


@pytest.mark.parametrize("locale", ["da", "sv", "en"])
@pytest.mark.parametrize("choice", CHOICES, ids=["none", "no", "agreed", "yes"])
def test_every_word_the_employer_receives_follows_the_disclosure_answer(
    app, people, login_as, mail_server, make_client, choice, locale
):
    setup_placement(app, people, choice, locale)
    messages = everything_sent(app, people, mail_server, locale)
    checkins = [m for m in messages if "/check-in/" in m.get_content()]
    invitations = [m for m in messages if m["To"] == "ida@example.org"]
    assert len(invitations) == 1
    assert telling(read(invitations[0])) == []  # an account says nothing of anyone's support
    invited = make_client()
    invited.set_cookie("lang", locale)
    accept = re.search(r"https?://[^/\s]+(/\S+)", invitations[0].get_content()).group(1)
    welcome = invited.get(accept)
    assert welcome.status_code == 200 and telling(welcome.get_data(as_text=True)) == []

    boss = login_as("employer", locale)
    home = boss.get("/").get_data(as_text=True)

    if choice in (None, Disclosure.NO):
        assert checkins == []  # not even a neutral question: it would tell them
        with app.app_context():
            assert db.scalar(select(func.count(CheckIn.id))) == 0
        assert telling(home) == [] and "Anna" not in home and JOB_TITLE not in home
        return

    [email] = checkins
    page = make_client()
    page.set_cookie("lang", locale)
    path = link_in(email)
    question = page.get(path).get_data(as_text=True)
    thanks = post_form(page, path, ANSWER).get_data(as_text=True)
    with app.app_context():
        checkin_id = db.scalar(select(CheckIn.id))
    signed_in_page = boss.get(f"/employer/check-ins/{checkin_id}").get_data(as_text=True)
    employer_texts = [read(email), question, thanks, home, signed_in_page]
    assert "Anna" in question and "Anna" in home  # she lets them see her first name
    if choice == Disclosure.AGREED:
        # The specialist is named as a person to contact, and nothing more (disclosure.py).
        for text in employer_texts:
            assert telling(text, allowed=SOFIE) == [], telling(text, allowed=SOFIE)
        assert all(SOFIE in text for text in (read(email), question, thanks))
        assert all(NOTE not in text for text in employer_texts)  # the note is for Sofie
    else:
        assert "IPS Testby" in read(email) and "IPS Testby" in question
        assert "spec.a@example.org" in read(email)


@pytest.mark.parametrize(
    "change",
    [
        (Category.DISCLOSURE, Disclosure.NO),
        (Category.DISCLOSURE, Disclosure.AGREED),
        (Category.CONTACT, False),
    ],
    ids=["say-nothing", "only-what-we-agreed", "withdrawn"],
)
def test_a_change_stops_an_email_still_waiting_with_the_old_words(
    app, people, mail_server, make_client, outbox, change
):
    setup_placement(app, people, Disclosure.YES, "en")
    with app.app_context():
        assert send_due_checkins(local_today()).sent == 1
        db.commit()
    [waiting] = outbox()
    old_path = re.search(r"(/check-in/\S+)", waiting.body).group(1)
    with app.app_context():
        anna = db.merge(people["client_a"])
        consent = get_consent(anna.id, people["employer"].employers[0].id)
        category, value = change
        if category == Category.DISCLOSURE:
            set_disclosure(anna, consent, value, NOTE)
        else:
            set_permission(anna, consent, category, value)
        db.commit()
        send_pending_emails()
    assert mail_server.messages == []  # the old words never leave
    assert make_client().get(old_path).status_code in (404, 410)
    with app.app_context():
        send_due_checkins(local_today())  # the next run asks again in the new words, if any
        db.commit()
        send_pending_emails()
    if change[1] == Disclosure.AGREED:
        [email] = mail_server.messages
        assert telling(read(email), allowed=SOFIE) == [] and SOFIE in read(email)
    else:
        assert mail_server.messages == []


def test_a_link_closed_by_say_nothing_names_nobody(app, people, make_client, outbox):
    """An e-mail that went out before the change: its link now shows a page that says
    neither whose it was nor who asked."""
    setup_placement(app, people, Disclosure.YES, "en")
    with app.app_context():
        send_due_checkins(local_today())
        db.commit()
    path = re.search(r"(/check-in/\S+)", outbox()[0].body).group(1)
    deliver_outbox(app)  # the employer holds the link
    with app.app_context():
        anna = db.merge(people["client_a"])
        consent = get_consent(anna.id, people["employer"].employers[0].id)
        set_disclosure(anna, consent, Disclosure.NO, None)
        db.commit()
    response = make_client().get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert telling(html) == [] and "Anna" not in html


@pytest.mark.parametrize("choice", [None, Disclosure.NO], ids=["none", "no"])
def test_both_sides_are_told_in_plain_words_why_nothing_is_sent(app, people, login_as, choice):
    setup_placement(app, people, choice, "en")
    with app.app_context():
        anna = db.merge(people["client_a"])
        job_id = db.scalar(select(Job.id).where(Job.client_id == anna.id))
        consent_url = f"/clients/{anna.id}/consent"
    sofie = login_as("specialist_a")
    anna = login_as("client_a")
    if choice == Disclosure.NO:
        said_to_sofie = (
            "Because Anna has chosen not to tell Testfirma ApS about the support, no check-ins "
            "are sent to them. You can follow up by phone if Anna agrees."
        )
        said_to_anna = (
            "We will not contact Testfirma ApS, because you chose not to tell them about the "
            "support."
        )
    else:
        said_to_sofie = (
            "Anna has not said yet what Testfirma ApS may be told about the support, so no "
            "check-ins are sent to them."
        )
        said_to_anna = (
            "We will not contact Testfirma ApS until you have said what they may be told about "
            "the support."
        )
    for browser, said in ((sofie, said_to_sofie), (anna, said_to_anna)):
        for url in (consent_url, f"/jobs/{job_id}"):
            html = browser.get(url).get_data(as_text=True)
            assert said in " ".join(html.split()), url
