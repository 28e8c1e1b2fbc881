"""The demo accounts and records the browser journeys use, and fixtures that make fresh ones."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from portal.caseload.models import Handover
from portal.core.dates import team_zone
from portal.core.db import db, utcnow
from portal.core.identity import Team, User
from portal.meetings.models import Meeting, MeetingMode
from portal.meetings.services import MeetingData, cancel_meeting, mark_notice_seen, plan_meeting
from portal.messaging.models import Conversation
from portal.messaging.services import send_message, start_conversation
from portal.placements.models import Category, CheckIn, Disclosure, Schedule
from portal.placements.services.checkins import send_checkin
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import JobData, record_job
from tests.browser.helpers import unique

# The demo accounts (portal/demo/seed.py) the journeys sign in as or look at.
CLIENT = "anna@demo.ips-portal.dk"
OTHER_CLIENT = "peter@demo.ips-portal.dk"  # a corrected summary; the journeys use him
SPECIALIST = "mette@demo.ips-portal.dk"
OTHER_SPECIALIST = "jonas@demo.ips-portal.dk"
LEAD = "lead@demo.ips-portal.dk"
MAJA = "maja@demo.ips-portal.dk"  # Jonas's, from demo_history; the hand-over journey's
EMPLOYER = "butik@demo.ips-portal.dk"  # Kim Larsen, Brugsen Vollsmose's contact person
NADIA = "nadia@demo.ips-portal.dk"  # Mette's, from demo_history; only handed over here
BAD_PERIOD = "/reports?team=0&start=2026-03-01&end=2026-02-01"  # ends before it starts


@dataclass(frozen=True)
class DemoCaseload:
    """Ids of the demo records (they depend on the database, so they are looked up)."""

    odense: int
    nadia: int
    maja: int

    def pages(self, visitor: str) -> list[str]:
        """Paths to check; one ending in "!" is the page after sending its form empty."""
        if visitor == "specialist":
            return ["/job-development", "/job-development!", "/team/figures"]
        handover = f"/clients/{self.nadia}/handover"
        team, questions = f"/teams/{self.odense}", f"/team/{self.odense}/benefits-questions"
        return [team, handover, f"{handover}!", "/reports", BAD_PERIOD, questions]


def look_up_demo_caseload(live_server) -> DemoCaseload:
    with live_server.app.app_context():
        odense = db.scalar(select(Team).where(Team.name == "IPS Odense"))
        return DemoCaseload(odense.id, user(NADIA).id, user(MAJA).id)


def give_back(live_server, client_email: str, specialist_email: str) -> None:
    """Put a client back with their demo specialist and language, with no hand-over shown."""
    with live_server.app.app_context():
        client, specialist = user(client_email), user(specialist_email)
        db.execute(delete(Handover).where(Handover.client_id == client.id))
        client.specialist_id, client.team_id = specialist.id, specialist.team_id
        client.locale = "da"
        db.commit()


@dataclass(frozen=True)
class FreshMeeting:
    id: int
    summary: str


def record_meeting(live_server, minutes_ago: int) -> FreshMeeting:
    """Record a meeting Mette held with Peter `minutes_ago`, with a summary waiting for him."""
    summary = unique("Peter sender to ansøgninger til lagerjob inden næste møde.")
    with live_server.app.app_context(), force_locale("da"):
        then = utcnow().astimezone(team_zone()) - timedelta(minutes=minutes_ago)
        at = then.time().replace(second=0, microsecond=0)
        place = "Café Kragen, Vestergade 12"
        data = MeetingData(then.date(), at, 60, MeetingMode.IN_PERSON, place, summary)
        meeting = plan_meeting(user(SPECIALIST), user(OTHER_CLIENT), data)
        db.commit()
        return FreshMeeting(meeting.id, summary)


def cancel_meetings(live_server, ids: list[int]) -> None:
    """Cancel the journeys' meetings: no notice, invitation or attention item stays behind."""
    with live_server.app.app_context():
        for meeting_id in ids:
            meeting = db.get(Meeting, meeting_id)
            cancel_meeting(user(SPECIALIST), meeting)
            mark_notice_seen(meeting.client, meeting)  # the cancellation's notice to the client
        db.commit()


def user(email: str) -> User:
    return db.scalar(select(User).where(User.email == email))


@pytest.fixture
def new_conversation(live_server):
    """Return a function that starts a fresh conversation with Anna; gives (id, subject)."""

    def make(author: str = CLIENT, body: str = "Første besked.") -> tuple[int, str]:
        subject = f"Testsamtale {uuid.uuid4().hex[:8]}"
        with live_server.app.app_context():
            conversation = start_conversation(user(author), user(CLIENT), subject, body)
            db.commit()
            return conversation.id, subject

    return make


@pytest.fixture
def write(live_server):
    """Return a function that adds a message to a conversation as `author` (no browser)."""

    def send(author: str, conversation_id: int, body: str) -> int:
        with live_server.app.app_context():
            message = send_message(user(author), db.get(Conversation, conversation_id), body)
            db.commit()
            return message.id

    return send


@dataclass(frozen=True)
class FreshCheckIn:
    id: int
    job_id: int
    path: str
    title: str


def make_fresh_checkin(live_server) -> FreshCheckIn:
    """Record a new job for Peter at Brugsen (Kim is the contact), with his consent to contact
    Brugsen and to show his name, and send a check-in for it: a check-in no other test answers."""
    title = f"Lagermedhjælper {uuid.uuid4().hex[:8]}"
    with live_server.app.app_context(), force_locale("da"):
        peter, mette, kim = user(OTHER_CLIENT), user(SPECIALIST), user(EMPLOYER)
        job = record_job(
            mette,
            peter,
            JobData(
                employer_id=kim.employers[0].id,
                contact_id=kim.id,
                title=title,
                start_date=date.today(),
                hours_per_week=Decimal("10"),
                hourly_wage=None,
                competitive=True,
                schedule=Schedule.STANDARD,
            ),
        )
        consent = get_consent(peter.id, kim.employers[0].id)
        set_permission(peter, consent, Category.CONTACT, True)
        set_permission(peter, consent, Category.NAME, True)
        set_disclosure(peter, consent, Disclosure.YES, None)  # else nothing is sent
        link = send_checkin(job, date.today())
        db.commit()
        checkin = db.scalar(select(CheckIn).where(CheckIn.job_id == job.id))
        return FreshCheckIn(checkin.id, job.id, path_of(link), title)


@pytest.fixture
def fresh_checkin(live_server):
    """Return a function that makes a fresh waiting check-in (make_fresh_checkin)."""
    return lambda: make_fresh_checkin(live_server)


def unique_goal() -> str:
    return f"Arbejde som gartner, mål {uuid.uuid4().hex[:8]}"


def open_first_conversation(page, base_url: str) -> None:
    page.goto(f"{base_url}/messages")
    page.locator("main a[href^='/conversations/']").first.click()
    page.wait_for_url(f"{base_url}/conversations/*")


def path_of(link: str) -> str:
    """The path of a link the services built for http://127.0.0.1:5000."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")
