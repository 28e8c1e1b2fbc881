"""Valid markup (quality bar A8): the W3C Nu HTML checker finds no error on any page a role
reaches in the demo data, nor on the pages its forms come back with when sent empty.

Each role's pages are found by following its links from its home page (so every id in a URL
is one that role can reach), up to a few pages per route; the test also makes sure that every
GET route of the app is either among them or listed below, with its reason, as not an HTML
page, so a new route cannot escape the check. All pages are written to one folder and checked
in one Java start (`-s` shows how many, how long, and the checker's warnings).
"""

import re
import time
from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.accounts.lifecycle import deactivate_account
from portal.core.db import db
from portal.core.identity import Team, User
from portal.core.last_resort import last_resort_response
from portal.core.outbox import OutboxEmail
from portal.demo.seed import DEMO_PASSWORD, load_demo_data
from tests.accounts.helpers import start_eid_sign_in, through_broker
from tests.helpers import post_form, sign_in
from tests.site.markup import nu_checker_messages, page_parts

pytestmark = pytest.mark.sqlite_only  # the markup is the same on PostgreSQL: check it once

# GET routes whose answer is not an HTML page to check, each with why.
NOT_VALIDATED = {
    "static": "stylesheet, scripts and icons",
    "site.healthz": "JSON for the load balancer",
    "site.readyz": "JSON for the load balancer",
    "meetings.calendar": "an iCalendar file",
    "partner_meetings.calendar": "an iCalendar file (a contact invited to the meeting)",
    "reports.report_file": "a CSV file",
    "fidelity.review_file": "a CSV file",
    "privacy.export_json": "a JSON file",
    "occupations.titles": "the options htmx puts in the job title's list of suggestions",
    "messaging.badge": "a fragment htmx polls for the navigation's unread count",
    "messaging.poll": "htmx polls it for a conversation's new messages (the same template as "
    "messaging.conversation, which is checked)",
}

ANNA = "anna@demo.ips-portal.dk"  # the richest demo plan
# The demo accounts whose pages are checked (portal/demo/), each signed in in its own browser.
ROLES = {
    "client (da)": ANNA,
    "client (sv)": "elin@demo.ips-portal.se",
    "client (en), his specialist away": "yusuf@demo.ips-portal.dk",
    "specialist (da)": "mette@demo.ips-portal.dk",
    "specialist (sv)": "sara@demo.ips-portal.se",
    "team lead": "lead@demo.ips-portal.dk",
    "team lead (sv)": "lead@demo.ips-portal.se",
    "employer": "butik@demo.ips-portal.dk",
    "employer of two teams": "postnord@demo.ips-portal.se",
    "treatment contact": "behandler@demo.ips-portal.dk",
    "agency contact (sv)": "arbetsformedlingen@demo.ips-portal.se",
}
PAGES_PER_ROUTE = 3  # per role: the same template with other data adds little
# Form actions not sent empty: they end the session, switch the language, or act on an
# account or a client's records with nothing to fill in.
NOT_SENT = {
    "accounts.logout",
    "accounts.keep_alive",
    "site.change_language",
    "privacy.erase",
    "privacy.restrict",
    "mfa.switch_off",
    "mfa.renew_codes",
    "accounts.team.deactivate",
    "accounts.team.reactivate",
    "accounts.team.reset_two_factor_view",
}
# Before signing in, and the pages of links that do not work (more come from links).
ANONYMOUS_SEEDS = ["/login", "/password/forgot", "/accessibility", "/does/not/exist"]
ANONYMOUS_SEEDS += ["/check-in/x", "/invitation/x", "/password/reset/x"]
FORM_ERRORS = (400, 409, 410, 422, 429)
NEW_PASSWORD = "seven green kites over the fjord"


@dataclass
class Page:
    who: str
    url: str
    endpoint: str | None
    status: int
    html: str


class Site:
    """The pages met so far, with each route's count per role."""

    def __init__(self, app):
        self.adapter = app.url_map.bind("localhost")
        self.pages: list[Page] = []

    def endpoint(self, url: str, method: str = "GET") -> str | None:
        parts = urlsplit(url)
        try:
            return self.adapter.match(parts.path, method=method, query_args=parts.query)[0]
        except (HTTPException, RequestRedirect):
            return None

    def keep(self, who: str, url: str, response, endpoint: str | None = None) -> None:
        assert response.mimetype == "text/html", (who, url, response.mimetype)
        html = response.get_data(as_text=True)
        self.pages.append(Page(who, url, endpoint, response.status_code, html))

    def crawl(self, browser, who: str, seeds: list[str]) -> list[Page]:
        """Follow a role's links from `seeds`, keeping up to PAGES_PER_ROUTE pages a route."""
        queue, seen, counts = deque(seeds), set(), Counter()
        first = len(self.pages)
        while queue:
            url = queue.popleft()
            endpoint = self.endpoint(url)
            if url in seen or endpoint in NOT_VALIDATED or counts[endpoint] >= PAGES_PER_ROUTE:
                continue
            seen.add(url)
            response = browser.get(url)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.appendleft(
                    urlsplit(response.location)._replace(scheme="", netloc="").geturl()
                )
                continue
            counts[endpoint] += 1
            self.keep(who, url, response, endpoint)
            queue.extend(page_parts(self.pages[-1].html).links)
        return self.pages[first:]

    def send_forms_empty(self, browser, who: str, pages: list[Page]) -> None:
        """Send each form of these pages once with nothing filled in, and once unchanged but
        made from an older version (where it has one); keep the pages that say what is wrong."""
        sent = set()
        for page in pages:
            for form in page_parts(page.html).forms:
                action = (form.action or page.url).split("#")[0]
                endpoint = self.endpoint(action, "POST")
                if endpoint is None or endpoint in NOT_SENT or endpoint in sent:
                    continue
                sent.add(endpoint)
                tries = [form.empty()]
                if "version" in form.as_shown():
                    tries.append({**form.as_shown(), "version": "0"})
                for data in tries:
                    response = browser.post(action, data=data)
                    if response.status_code in FORM_ERRORS:
                        self.keep(who, f"POST {action} ({response.status_code})", response)


def demo_browser(make_client, email: str | None):
    browser = make_client()
    browser.set_cookie("lang", "en")  # each account's own language wins once signed in
    if email:
        sign_in(browser, email, DEMO_PASSWORD)
    return browser


def home_seeds(who: str, anna_id: int) -> list[str]:
    """Where a role starts: home, and for staff Anna's pages first (the richest demo plan)."""
    seeds = ["/", "/account", "/does/not/exist"]
    if who == "specialist (da)":
        pages = ("goals", "plan", "profile", "jobs", "meetings", "consent", "privacy")
        seeds += [f"/clients/{anna_id}/{page}" for page in pages]
    if who == "team lead":
        seeds += [f"/clients/{anna_id}/handover", f"/clients/{anna_id}/privacy"]
    return seeds


def one_time_links(app, browsers: dict, make_client, checkin_link: str) -> dict[str, str]:
    """Links as their e-mails carry them: the lead invites a new specialist (so her list has
    an open invitation too), Anna asks for a new password; and Kim Larsen's waiting check-in
    (portal/demo/seed.py)."""
    with app.app_context():
        odense_id = db.scalar(select(Team.id).where(Team.name == "IPS Odense"))
    invitation = {"role": "specialist", "name": "Ny Kollega", "email": "ny@demo.ips-portal.dk"}
    invitation |= {"team": str(odense_id), "workplace": "", "language": "da"}
    response = post_form(browsers["team lead"], "/invitations", invitation)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    forgot = post_form(demo_browser(make_client, None), "/password/forgot", {"email": ANNA})
    assert forgot.status_code == 303, forgot.get_data(as_text=True)[:2000]
    with app.app_context():
        bodies = " ".join(email.body for email in db.scalars(select(OutboxEmail)))
    return {
        "invitation": re.search(r"/invitation/[\w.-]+", bodies).group(0),
        "reset": re.search(r"/password/reset/[\w.-]+", bodies).group(0),
        "check-in": urlsplit(checkin_link).path,
    }


def visit_anonymously(site: Site, make_client, links: dict[str, str]) -> None:
    """The pages before signing in, the link pages, and the half-signed-in staff pages."""
    browser = demo_browser(make_client, None)
    seeds = [*ANONYMOUS_SEEDS, links["check-in"], links["reset"], links["invitation"]]
    pages = site.crawl(browser, "anonymous", seeds)
    site.send_forms_empty(browser, "anonymous", pages)
    site.keep("anonymous", "POST /login without a CSRF token", browser.post("/login"))
    site.keep("anonymous", "GET /logout", browser.get("/logout"))  # 405
    # A new specialist chooses a password, then sets up two-factor sign-in.
    response = post_form(
        browser, links["invitation"], {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    setup = site.crawl(browser, "invited specialist", [response.location])
    site.send_forms_empty(browser, "invited specialist", setup)
    # Staff who have given their password and not yet their code.
    staff = demo_browser(make_client, None)
    post_form(staff, "/login", {"email": ROLES["team lead"], "password": DEMO_PASSWORD})
    code = site.crawl(staff, "half signed-in lead", ["/login/code"])
    site.send_forms_empty(staff, "half signed-in lead", code)


def report(messages: list[dict], files: dict[str, Page]) -> str:
    lines = []
    for message in messages:
        page = files.get(message.get("url", "").rsplit("/", 1)[-1])
        where = f"{page.who}: {page.url} [{page.status}]" if page else message.get("url")
        lines.append(
            f"{where}\n  line {message.get('lastLine')}: {message['message']}\n"
            f"  {message.get('extract', '').strip()}"
        )
    return "\n".join(lines)


def test_every_page_of_every_role_is_valid_html(app, make_client, tmp_path, eid):
    started = time.monotonic()
    with app.app_context():
        checkin_link = load_demo_data()
        # A participant who left, so the lead's list offers to switch an account on again.
        nadia = db.scalar(select(User).where(User.email == "nadia@demo.ips-portal.dk"))
        deactivate_account(nadia, None, "test")
        db.commit()
        anna_id = db.scalar(select(User.id).where(User.email == ANNA))
        odense_id = db.scalar(select(Team.id).where(Team.name == "IPS Odense"))
    site = Site(app)
    browsers = {who: demo_browser(make_client, email) for who, email in ROLES.items()}
    links = one_time_links(app, browsers, make_client, checkin_link)
    crawled = {
        who: site.crawl(browser, who, home_seeds(who, anna_id)) for who, browser in browsers.items()
    }
    site.keep("client (da)", "GET /invitations (403)", browsers["client (da)"].get("/invitations"))
    visit_anonymously(site, make_client, links)
    thanks = f"/i-would-like-to-work/{odense_id}/thanks"  # met after the form is sent
    site.keep("anonymous", thanks, make_client().get(thanks), "intake.thanks")
    # An eID nobody has linked: the page that says what to do (answered with 403).
    stranger = demo_browser(make_client, None)
    unknown, _path = through_broker(stranger, start_eid_sign_in(stranger), subject="a-stranger")
    assert unknown.status_code == 403
    site.keep("anonymous", "the unknown-eID page", unknown, "accounts.eid_return")
    for who, browser in browsers.items():  # after every GET: an empty form may save something
        site.send_forms_empty(browser, who, crawled[who])
    with app.test_request_context():  # what is sent when even the error page cannot be drawn
        site.keep(
            "anyone", "the static 500 page (portal.core.last_resort)", last_resort_response(500)
        )

    # Every GET route is checked for some role, or is listed as not an HTML page.
    checked = {page.endpoint for page in site.pages if page.status == 200}
    checked.add("accounts.eid_return")  # its one page is the unknown-eID page, kept above
    get_routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert get_routes - checked - set(NOT_VALIDATED) == set(), "GET routes no role reached"
    assert set(NOT_VALIDATED) <= get_routes, "a listed route no longer exists"
    assert any(page.status == 422 for page in site.pages), "no form came back with errors"

    files = {}
    for number, page in enumerate(site.pages):
        name = f"page-{number:04d}.html"
        (tmp_path / name).write_text(page.html, encoding="utf-8")
        files[name] = page
    # A page with a known error proves the checker read the folder and reports what it finds.
    (tmp_path / "canary.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><p id="a"></p><p id="a"></p>'
    )
    rendered = time.monotonic()
    messages = nu_checker_messages(tmp_path)
    checked_at = time.monotonic()

    canary = [m for m in messages if m.get("url", "").endswith("/canary.html")]
    assert [m["message"] for m in canary if m["type"] == "error"] == ["Duplicate ID “a”."]
    messages = [m for m in messages if m not in canary]
    errors = [m for m in messages if m["type"] != "info"]  # "error" and "non-document-error"
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    print(
        f"{len(site.pages)} pages of {len({p.who for p in site.pages})} roles: rendered in "
        f"{rendered - started:.1f} s, checked in {checked_at - rendered:.1f} s; "
        f"{len(errors)} errors, {len(warnings)} warnings"
    )
    if warnings:
        print("Warnings (not asserted):\n" + report(warnings, files))
    assert not errors, f"{len(errors)} markup errors:\n" + report(errors, files)
