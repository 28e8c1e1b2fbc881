"""Every link in an e-mail starts with the portal's public address, whatever the request that
sent it claimed as its host. A forged Host or X-Forwarded-Host header on a password reset
request would otherwise put the attacker's site in the victim's reset link (ASVS 5.0 V3).

Each e-mail the portal sends is triggered here with the forged header on every request, in
development (no PUBLIC_URL: the address `make run` serves) and with an https PUBLIC_URL as in
production, behind one proxy hop as production is; the e-mails are read as the SMTP server
receives them.
"""

import re
from datetime import timedelta

import flask
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.accounts.models import Invitation
from portal.config import DEVELOPMENT_PUBLIC_URL
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import User
from portal.core.outbox import send_pending_emails
from portal.placements.models import Category, Disclosure
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import record_job
from tests.database import make_test_app
from tests.helpers import post_form, sign_in
from tests.jobs.helpers import job_data, placement
from tests.meetings.helpers import planned_meeting
from tests.smtp import RecordingSMTPServer

EVIL = "evil.example"
PUBLIC_URL = "https://job.kommune.example"
FORGERIES = {"host": {"Host": EVIL}, "forwarded-host": {"X-Forwarded-Host": EVIL}}
URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"')]+", re.IGNORECASE)


class ForgingClient(FlaskClient):
    """A browser whose every request carries the forged headers (so its cookies go along)."""

    forged: dict = {}

    def open(self, *args, headers=None, **kwargs):
        return super().open(*args, headers={**(headers or {}), **self.forged}, **kwargs)


@pytest.fixture(scope="module", params=["development", "public-url"])
def mail_app(request, app, database_url):
    """A second app on the test database, behind one proxy hop as production has."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("PUBLIC_URL", raising=False)  # development: the config's own default
        env.delenv("PORTAL_ENV", raising=False)
        overrides = {"PROXY_FIX_HOPS": 1}
        if request.param == "public-url":
            overrides["PUBLIC_URL"] = PUBLIC_URL
        mail_app = make_test_app(database_url, **overrides)
    mail_app.test_client_class = ForgingClient
    mail_app.extensions["mode"] = request.param
    hosts = mail_app.extensions["seen_hosts"] = []
    mail_app.before_request(lambda: hosts.append(flask.request.host))
    yield mail_app
    mail_app.extensions["db_engine"].dispose()


@pytest.fixture
def public_url(mail_app):
    """The address every e-mailed link must start with."""
    return PUBLIC_URL if mail_app.extensions["mode"] == "public-url" else DEVELOPMENT_PUBLIC_URL


@pytest.fixture
def smtp(mail_app):
    server = RecordingSMTPServer()
    server.start()
    mail_app.config["MAIL_SERVER"], mail_app.config["MAIL_PORT"] = "127.0.0.1", server.port
    yield server
    server.stop()


def browser(mail_app, people, forgery: str, who: str | None = None) -> FlaskClient:
    ForgingClient.forged = FORGERIES[forgery]
    client = mail_app.test_client()
    if who:
        sign_in(client, people[who].email)
    return client


def sent_emails(mail_app, smtp) -> list[str]:
    """Send what the outbox holds; return each e-mail as received (headers and text)."""
    with mail_app.app_context():
        send_pending_emails()
    return [
        "\n".join(f"{name}: {value}" for name, value in message.items())
        + "\n\n"
        + message.get_content()
        for message in smtp.messages
    ]


def assert_only_public_links(emails: list[str], public_url: str) -> None:
    assert emails, "no e-mail was sent"
    for email in emails:
        assert EVIL not in email, email
        links = URL.findall(email)
        assert links, email
        for link in links:
            assert link.startswith(public_url + "/"), link


# --- what sends an e-mail, each from a request with the forged header ---------------------


def password_reset(mail_app, people, forgery):
    anonymous = browser(mail_app, people, forgery)
    post_form(anonymous, "/password/forgot", {"email": people["client_a"].email})


def invitation(mail_app, people, forgery):
    specialist = browser(mail_app, people, forgery, "specialist_a")
    data = {"role": "client", "name": "Nina Ny", "email": "nina@example.org", "language": "en"}
    assert post_form(specialist, "/invitations", data).status_code == 303


def staff_invitation(mail_app, people, forgery):
    admin = browser(mail_app, people, forgery, "admin")
    data = {
        "role": "specialist",
        "name": "Sven Ny",
        "email": "sven@example.org",
        "team": str(people["team"].id),
        "language": "sv",
    }
    assert post_form(admin, "/invitations", data).status_code == 303


def resend_invitation(mail_app, people, forgery):
    invitation(mail_app, people, forgery)
    specialist = browser(mail_app, people, forgery, "specialist_a")
    with mail_app.app_context():
        sent = db.scalar(select(Invitation.id).where(Invitation.email == "nina@example.org"))
    url = f"/invitations/{sent}/resend"
    assert post_form(specialist, url, {}, page="/invitations").status_code == 303


def employer_contact_invitation(mail_app, people, forgery):
    specialist = browser(mail_app, people, forgery, "specialist_a")
    url = f"/employers/{people['employer'].employers[0].id}"
    contact = {"name": "Ole Gartner", "email": "ole@example.org", "language": "da"}
    assert post_form(specialist, url, contact).status_code == 303
    with mail_app.app_context():
        ole = db.scalar(select(User.id).where(User.email == "ole@example.org"))
    invite = f"/employer-contacts/{ole}/invite"
    assert post_form(specialist, invite, {}, page=url).status_code == 303


def struggling_at_work(mail_app, people, forgery):
    with mail_app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        job, _consent, _link = placement(anna, mette, db.merge(people["employer"]))
        db.commit()
        job_url = f"/jobs/{job.id}"
    client = browser(mail_app, people, forgery, "client_a")
    response = post_form(client, f"{job_url}/struggling", {"note": ""}, page=job_url)
    assert response.status_code == 303


def new_message(mail_app, people, forgery):
    client = browser(mail_app, people, forgery, "client_a")
    data = {"subject": "About Tuesday", "body": "Can we meet at 10?"}
    assert post_form(client, "/messages", data).status_code == 303


def handover(mail_app, people, forgery):
    lead = browser(mail_app, people, forgery, "admin")
    url = f"/clients/{people['client_a'].id}/handover"
    data = {
        "specialist": str(people["specialist_b"].id),
        "note_to_client": "Hello",
        "confirmed": "yes",
    }
    assert post_form(lead, url, data).status_code == 303


TRIGGERS = {
    trigger.__name__: trigger
    for trigger in (
        password_reset,
        invitation,
        staff_invitation,
        resend_invitation,
        employer_contact_invitation,
        struggling_at_work,
        new_message,
        handover,
    )
}


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_forged_host_never_reaches_an_emailed_link(
    mail_app, public_url, people, smtp, trigger, forgery
):
    seen_hosts = mail_app.extensions["seen_hosts"]
    seen_hosts.clear()
    TRIGGERS[trigger](mail_app, people, forgery)
    assert seen_hosts and set(seen_hosts) == {EVIL}  # the app did take the forged host
    assert_only_public_links(sent_emails(mail_app, smtp), public_url)


def test_emails_sent_by_the_daily_timers_link_to_the_public_address(
    mail_app, public_url, people, smtp
):
    """`flask checkins send` and `flask digest send` run without any request."""
    with mail_app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        start = local_today() - timedelta(days=15)  # a check-in is due
        job = record_job(mette, anna, job_data(boss, start_date=start))
        consent = get_consent(anna.id, job.employer_id)
        set_permission(anna, consent, Category.CONTACT, True)
        set_disclosure(anna, consent, Disclosure.YES, None)
        anna.digest_opt_in = True
        planned_meeting(mette, anna)  # news for the digest
        db.commit()
    runner = mail_app.test_cli_runner()
    for command in (["checkins", "send"], ["digest", "send"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    emails = sent_emails(mail_app, smtp)
    assert len(emails) == 2 and any("/check-in/" in email for email in emails)
    assert_only_public_links(emails, public_url)


def test_no_email_link_without_a_public_address(app):
    """A PUBLIC_URL emptied by an override stops the e-mail rather than trusting the request."""
    from portal.core.navigation import external_url

    saved, app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"], None
    try:
        with app.test_request_context("/", base_url=f"http://{EVIL}"), pytest.raises(RuntimeError):
            external_url("site.home")
    finally:
        app.config["PUBLIC_URL"] = saved
