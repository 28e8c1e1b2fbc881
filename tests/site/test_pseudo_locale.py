"""Nothing hard-coded: under a pseudo-locale that marks every translation, no page shows
interface text outside the marks (only user data, numbers and punctuation remain)."""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from portal.core.db import db
from portal.core.extensions import babel
from portal.core.identity import User
from portal.ops.catalogs import extract_messages
from portal.partners.models import SHARES
from portal.plans.models import PlanItem
from tests.database import make_test_app
from tests.factories import make_partner, make_partner_link
from tests.helpers import csrf_token_from, sign_in
from tests.meetings.helpers import MEETING_PLACE
from tests.things import ANNA_WRITTEN

OPEN, CLOSE = "⟪", "⟫"
# Attributes a person sees or hears, besides the text itself.
SPOKEN_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder"}
LANGUAGE_NAMES = {"Dansk", "Svenska", "English"}  # each named in its own language on purpose
# Not interface text: code, and <time>, whose dates and times Babel formats for the locale.
SKIPPED = ("script", "style", "title", "time")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skip += 1
        self.parts.extend(value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@pytest.fixture(scope="module")
def pseudo_app(app, tmp_path_factory):
    """The same app and database, with English replaced by a catalog that marks every string."""
    folder = tmp_path_factory.mktemp("pseudo")
    extract_messages(folder / "messages.pot")
    with (folder / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = tuple(f"{OPEN}{form}{CLOSE}" for form in message.id)
        else:
            message.string = f"{OPEN}{message.id}{CLOSE}"
    target = folder / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    pseudo = make_test_app(app.config["DATABASE_URL"], BABEL_TRANSLATION_DIRECTORIES=str(folder))
    # Flask-Babel keeps one translations cache for every app in the process: empty it so that
    # neither app sees the other's catalogs.
    with app.app_context():
        translations_cache = babel.domain_instance.cache
    translations_cache.clear()
    yield pseudo
    translations_cache.clear()
    pseudo.extensions["db_engine"].dispose()


def unmarked_text(html: str, known_data: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    text = re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", " ", text)
    for value in sorted(known_data | LANGUAGE_NAMES, key=len, reverse=True):
        text = text.replace(value, " ")
    return [word for word in text.split() if re.search(r"[^\W\d_]", word)]


def test_every_page_is_fully_translatable(pseudo_app, people, anna_things):
    # Fixtures that write through the services (consent keeps the sentence it showed) may
    # have filled the shared translations cache from the real catalogs: start it afresh.
    babel.domain_instance.cache.clear()
    known = {v for p in people.values() for v in (getattr(p, "name", ""), getattr(p, "email", ""))}
    known |= {people["team"].name, "Testfirma ApS", *ANNA_WRITTEN, "Anna", MEETING_PLACE}
    # The benefits questions Anna's job start put on her plan are stored words, written once in
    # her language (portal/placements/services/benefit_questions.py), no longer interface text.
    with pseudo_app.app_context():
        query = select(PlanItem.text).where(PlanItem.client_id == anna_things["client_id"])
        known |= set(db.scalars(query))
    things = anna_things
    # A treatment contact Anna shares everything with: their home and her page.
    with pseudo_app.app_context():
        karen = make_partner("karen@psykiatrien.example.org", "Karen Holm")
        make_partner_link(db.get(User, things["client_id"]), karen, shares=SHARES)
    people = people | {"partner": karen}
    known |= {karen.name, karen.email, "Psykiatrien Testby"}
    anna_pages = [
        f"/clients/{things['client_id']}/goals",
        f"/goals/{things['goal_id']}",
        f"/clients/{things['client_id']}/plan",
        f"/steps/{things['step_id']}",
        f"/clients/{things['client_id']}/profile",
        "/messages",
        f"/conversations/{things['conversation_id']}",
        f"/clients/{things['client_id']}/jobs",
        f"/jobs/{things['job_id']}",
        f"/clients/{things['client_id']}/consent",
        f"/clients/{things['client_id']}/meetings",
        f"/meetings/{things['meeting_id']}",
        f"/meetings/{things['meeting_id']}/feedback",
    ]
    checkin_page = "/check-in/" + things["checkin_link"].rsplit("/", 1)[1]
    pages = {
        None: [
            "/login",
            "/password/forgot",
            "/accessibility",
            "/missing",
            "/invitation/x",
            checkin_page,
            "/check-in/x",
        ]
    }
    pages.update(
        {
            "client_a": ["/", "/account", "/invitations", "/feedback", *anna_pages],
            "specialist_a": [
                "/",
                "/account",
                "/invitations",
                "/messages/availability",
                "/employers",
                f"/employers/{people['employer'].employers[0].id}",
                "/feedback",
                "/job-development",
                "/?show=attention&sort=last_contact",
                *anna_pages,
            ],
            "employer": ["/", "/account", f"/employer/check-ins/{things['checkin_id']}"],
            "partner": ["/", "/account", f"/shared/{things['client_id']}"],
            "admin": [
                "/",
                "/invitations",
                "/feedback/report",
                "/feedback/report?by=month",
                "/reports",
                "/reports?start=2026-06-01&end=2026-01-01",
                f"/teams/{people['team'].id}",
                f"/team/{people['team'].id}/benefits-questions",
                f"/clients/{things['client_id']}/handover",
            ],
        }
    )
    found = {}
    for who, urls in pages.items():
        browser = pseudo_app.test_client()
        browser.set_cookie("lang", "en")
        if who:
            sign_in(browser, people[who].email)
        for url in urls:
            html = browser.get(url).get_data(as_text=True)
            if leftovers := unmarked_text(html, known):
                found[f"{who} {url}"] = leftovers
        token = csrf_token_from(browser.get("/login" if not who else "/account").get_data(True))
        failed = browser.post(
            "/login" if not who else "/account", data={"csrf_token": token, "profile-name": ""}
        )
        if leftovers := unmarked_text(failed.get_data(as_text=True), known):
            found[f"{who} form errors"] = leftovers
    assert found == {}


def test_the_check_notices_an_unmarked_string():
    assert unmarked_text(f"<p>{OPEN}Sign in{CLOSE}</p><p>Forgot it?</p>", set()) == [
        "Forgot",
        "it?",
    ]
    assert unmarked_text('<button aria-label="Close">x</button>', set()) == ["Close", "x"]
