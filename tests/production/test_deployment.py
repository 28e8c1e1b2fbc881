"""R9: the portal deployed as the README says (deploy/nginx.conf with TLS in front of two
production app servers, PostgreSQL, Redis, the outbox worker and SMTP), used in Chromium over
https:// by each role; and the proxy keeps the portal's promises: no token or full address in
its log, its own error pages with every security header, the portal's body limit."""

import csv
import io
import re
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from playwright.sync_api import sync_playwright

from portal.config import load_config
from portal.core.security import security_headers
from portal.demo.seed import ACCOUNTS, DEMO_PASSWORD
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, PHONE, demo_code
from tests.helpers import csrf_token_from
from tests.production.deployment import https_session, nginx, wait_for_emails
from tests.smtp import free_port

pytestmark = pytest.mark.production

CLIENT = "anna@demo.ips-portal.dk"
SPECIALIST = "mette@demo.ips-portal.dk"  # Anna's specialist, with a TOTP code
EMPLOYER_CONTACT = "butik@demo.ips-portal.dk"  # Kim Larsen, whose check-in the demo asks for
LEAD = "lead@demo.ips-portal.dk"
OTHER_TEAMS_LEAD = "lead@demo.ips-portal.se"

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cache-Control",
)
CHECKIN_LINK = re.compile(r"https://\S+/check-in/\S+")


@pytest.fixture(scope="module")
def chromium(deployment):
    """Debian's Chromium, trusting the deployment's throw-away certificate (and only it)."""
    trust = f"--ignore-certificate-errors-spki-list={deployment.certificate.spki_sha256}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, trust], headless=True
        )
        yield browser
        browser.close()


class HeaderWatch:
    """Every answer the portal (or nginx) gives the browser must carry the security headers."""

    def __init__(self, origin: str):
        self.origin, self.missing = origin, []

    def __call__(self, response) -> None:
        if not response.url.startswith(self.origin) or "/static/" in response.url:
            return
        lacking = [name for name in SECURITY_HEADERS if not response.headers.get(name.lower())]
        if lacking:
            self.missing.append(f"{response.status} {response.url}: {lacking}")


@pytest.fixture
def phone(chromium, deployment):
    contexts, watch = [], HeaderWatch(deployment.url)

    def open_page(**options):
        context = chromium.new_context(viewport=PHONE, accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("response", watch)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not watch.missing, "answers without security headers:\n" + "\n".join(watch.missing)


def sign_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.url == f"{url}/login/code":
        page.fill("#code", demo_code(email))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert page.url == f"{url}/", f"{email} did not get in: {page.url}\n{page.inner_text('main')}"


def test_each_role_does_its_main_journey_in_chromium_over_https(deployment, phone):
    url = deployment.url

    # The client signs in, adds a goal and writes to her specialist.
    anna = phone()
    sign_in(anna, url, CLIENT)
    cookie = next(c for c in anna.context.cookies() if c["name"] == "__Host-session")
    assert cookie["secure"] and cookie["httpOnly"]
    with anna.expect_navigation():
        anna.click("nav.main-nav a[href$='/goals']")
    goal = "Arbejde med planter, 15 timer om ugen (over HTTPS)"
    anna.fill("#text", goal)
    anna.click("#goal-list form[data-hx-post$='/goals'] button[type=submit]")
    anna.get_by_role("link", name=goal, exact=True).wait_for()

    subject, body = "Mødet på tirsdag", "Hej Mette, kan vi mødes kl. 10 i stedet?"
    anna.goto(f"{url}/messages")
    anna.fill("#subject", subject)
    anna.fill("#body", body)
    with anna.expect_navigation():
        anna.click("#write form button[type=submit]")
    conversation = anna.url.split("#")[0]  # the 303 keeps the form's error-summary anchor
    assert re.fullmatch(rf"{re.escape(url)}/conversations/\d+", conversation), conversation

    # Her specialist signs in with a code from the authenticator app and answers.
    mette = phone()
    sign_in(mette, url, SPECIALIST)
    mette.goto(f"{url}/messages")
    with mette.expect_navigation():
        mette.get_by_role("link", name=subject, exact=True).click()
    assert body in mette.inner_text("#messages")
    answer = "Ja, kl. 10 passer fint."
    mette.fill("#body", answer)
    mette.click("#reply form button[type=submit]")
    mette.locator("#messages li.message-mine").filter(has_text=answer).wait_for()
    anna.goto(conversation)
    assert answer in anna.inner_text("#messages")

    # The employer's contact opens the check-in link from the e-mail the worker sent (the
    # demo data asked twice, and answered the first).
    email = wait_for_emails(deployment.mail, EMPLOYER_CONTACT, 2)[-1]
    link = CHECKIN_LINK.search(email.get_content()).group(0)
    assert link.startswith(f"{url}/check-in/")
    kim = phone()
    assert kim.goto(link).status == 200
    kim.check("input[name=still_working][value=yes]")
    kim.check("input[name=rating][value='5']")
    kim.check("input[name=wants_call][value=no]")
    with kim.expect_navigation() as sent:
        kim.click("main form button[type=submit]")
    assert sent.value.status == 200 and kim.locator("main form").count() == 0
    assert_no_token_leaves_for_another_site(kim, link, deployment.certificate)

    # The team lead downloads the report as a CSV file.
    lead = phone()
    sign_in(lead, url, LEAD)
    lead.goto(f"{url}/reports")
    with lead.expect_download() as download:
        lead.click("main a[download]")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) > 1 and "@" not in str(rows)
    assert "IPS Botkyrka" not in str(rows)  # Hanne leads IPS Odense only

    # Signed in as the lead of the other team (IPS Botkyrka), nothing of it opens for Hanne.
    karin = phone()
    sign_in(karin, url, OTHER_TEAMS_LEAD)
    with karin.expect_navigation():
        karin.click("main a[href^='/teams/']")
    theirs = [
        karin.url,
        url + karin.locator("main a[href$='/handover']").first.get_attribute("href"),
    ]
    names = karin.locator("main").inner_text()
    for address in theirs:
        refused = lead.goto(address)
        assert refused.status == 404, address
        assert "Botkyrka" not in lead.content() and "Sara Lindqvist" in names

    # Nothing of what was done is in the proxy's log: no token, no full address, no path.
    token = link.rsplit("/", 1)[1]
    proxy_log = deployment.nginx.log("portal-access.log")
    assert '"status":200' in proxy_log and '"tls":"TLSv1.3"' in proxy_log
    for private in (token, "/check-in/", "/conversations/", '127.0.0.1"', CLIENT):
        assert private not in proxy_log, f"the proxy's access log holds {private!r}"
    assert '"client_network":"127.0.0.0"' in proxy_log
    # Nor in any other log: nginx's error log, both app servers' and the e-mail worker's.
    logs = {"nginx error log": deployment.nginx.log("portal-error.log")}
    logs |= {path.name: path.read_text(errors="replace") for path in deployment.logs}
    people = [word for _role, email, name, *_ in ACCOUNTS for word in (email, name)]
    for name, text in logs.items():
        for private in (token, goal, body, answer, subject, *people):
            assert private not in text, f"the {name} holds {private!r}"


class _RefererCatcher(BaseHTTPRequestHandler):
    seen: list[str | None] = []

    def do_GET(self):
        _RefererCatcher.seen.append(self.headers.get("Referer"))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"another site")

    def log_message(self, *_args):
        pass


def assert_no_token_leaves_for_another_site(page, link: str, certificate) -> None:
    """From the check-in page (its address holds the token), follow a link to another site
    over HTTPS (where browsers would send the most): that site learns nothing of the address."""
    other = ThreadingHTTPServer(("127.0.0.1", free_port()), _RefererCatcher)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate.chain, certificate.key)
    other.socket = tls.wrap_socket(other.socket, server_side=True)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        target = f"https://127.0.0.1:{other.server_port}/elsewhere"
        page.evaluate(
            "target => { const a = document.createElement('a'); a.href = target;"
            " a.textContent = 'elsewhere'; document.body.append(a); a.click(); }",
            target,
        )
        page.wait_for_url(target)
    finally:
        other.shutdown()
    assert _RefererCatcher.seen, "the other site was never reached"
    origin = link.split("/check-in/")[0]
    told = [referer for referer in _RefererCatcher.seen if referer and origin in referer]
    assert _RefererCatcher.seen[0] is None and not told, f"another site was told {told}"


def test_failed_sign_ins_until_refused_leave_no_e_mail_or_address_in_any_log(deployment):
    """The throttling counts per account and per address; its log lines name neither."""
    session = https_session(deployment)
    login = f"{deployment.url}/login"
    statuses = []
    for _attempt in range(6):
        token = csrf_token_from(session.get(login, timeout=10).text)
        wrong = {"csrf_token": token, "email": SPECIALIST, "password": "not the password"}
        answer = session.post(login, data=wrong, headers={"Referer": login}, timeout=10)
        statuses.append(answer.status_code)
    assert statuses == [422] * 5 + [429], statuses
    for path in deployment.logs:
        # gunicorn names the address it listens on; no other line may hold an address.
        lines = [line for line in path.read_text().splitlines() if "Listening at" not in line]
        for private in (SPECIALIST, SPECIALIST.split("@")[0], "127.0.0.1"):
            found = [line for line in lines if private in line]
            assert not found, f"{path.name} holds {private!r}: {found[:2]}"


def test_plain_http_only_sends_people_to_https(deployment):
    answer = requests.get(
        f"http://127.0.0.1:{deployment.nginx.http_port}/login", allow_redirects=False, timeout=10
    )
    assert answer.status_code == 301
    assert answer.headers["Location"] == "https://127.0.0.1/login"


def test_the_proxy_takes_the_portals_body_limit_and_says_so_in_its_own_page(deployment, tmp_path):
    limit = load_config(str(tmp_path))["MAX_CONTENT_LENGTH"]
    assert "client_max_body_size 1m;" in deployment.nginx.config and limit == 1024 * 1024
    session = https_session(deployment)
    # Sent as a form, as a browser would: the portal then reads the whole body before it
    # answers. A body it never reads may still be on its way when the portal's answer closes
    # the connection, and nginx would then answer 502 itself.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    at_limit = session.post(f"{deployment.url}/login", data=b"x" * limit, headers=form, timeout=20)
    assert "X-Request-ID" in at_limit.headers, "the portal itself answered a body at its limit"
    too_large = session.post(f"{deployment.url}/login", data=b"x" * (limit + 1), timeout=20)
    assert too_large.status_code == 413
    assert "X-Request-ID" not in too_large.headers  # nginx answered, not the portal
    assert_the_proxys_own_page(too_large, "Det var for meget at sende på én gang")


def test_the_proxys_pages_when_no_app_server_answers(deployment):
    session = https_session(deployment)
    deployment.stop_app_servers()
    down = session.get(f"{deployment.url}/login", timeout=20)
    assert down.status_code == 502
    assert_the_proxys_own_page(down, "Portalen holder en kort pause")
    # Its stylesheet comes from nginx too, while no app server runs.
    style = session.get(f"{deployment.url}/static/errors/errors.css", timeout=20)
    assert style.status_code == 200 and style.headers["Content-Type"].startswith("text/css")
    assert style.headers["X-Content-Type-Options"] == "nosniff" and "font-size" in style.text


def test_the_proxys_page_when_an_app_server_does_not_answer_in_time(deployment):
    """An app server that takes no new connection (its queue full) makes nginx give up after
    its connect timeout: 504, with the portal's page for it."""
    stuck = socket.socket()
    stuck.bind(("127.0.0.1", 0))
    stuck.listen(0)  # never accepted: one connection fills the queue, later ones wait
    filler = socket.create_connection(stuck.getsockname(), timeout=5)
    try:
        upstream = f"127.0.0.1:{stuck.getsockname()[1]}"
        with nginx(deployment.certificate, [upstream], free_port()) as proxy:
            slow = https_session(deployment).get(f"{proxy.url}/login", timeout=30)
    finally:
        filler.close()
        stuck.close()
    assert slow.status_code == 504
    assert_the_proxys_own_page(slow, "Det tog for lang tid")


def assert_the_proxys_own_page(answer: requests.Response, danish_title: str) -> None:
    """nginx's own page, in three languages, with exactly the headers the portal sends."""
    assert danish_title in answer.text and '<html lang="da">' in answer.text
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    for name, value in security_headers(https=True):
        assert answer.headers.get(name) == value, f"the proxy's {answer.status_code} page: {name}"
    assert not re.search(r"nginx/\d", answer.headers.get("Server", "") + answer.text)
