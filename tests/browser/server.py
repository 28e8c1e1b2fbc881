"""A live portal with demo data on a free local port, and Debian's Chromium to drive it.

Shared by the browser tests (tests/browser/conftest.py) and the README screenshots
(tests/browser/screenshots.py). Playwright never downloads a browser here: it launches
/usr/bin/chromium (`apt-get install chromium`; never `playwright install`).
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyotp
from alembic import command as alembic_command
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from portal.core.db import db
from portal.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRETS, load_demo_data
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.database import make_test_app, throwaway_database
from tests.eid_broker import HIGH, SUBSTANTIAL, TestBroker
from tests.smtp import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

LIVE_EID_CLIENT = ("live-portal", "broker-secret-for-the-browser-tests")
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 1280 px at 400 % zoom
DESKTOP = {"width": 1280, "height": 800}

# One demo account per role (see portal/demo/seed.py and the README).
DEMO_ACCOUNTS = {
    "admin": "lead@demo.ips-portal.dk",
    "specialist": "mette@demo.ips-portal.dk",
    "client": "anna@demo.ips-portal.dk",
    "employer": "butik@demo.ips-portal.dk",
}


class QuietRequestHandler(WSGIRequestHandler):
    """Keep the request log out of the test output (errors are still logged)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    url: str
    app: Flask
    checkin_link: str = ""  # Kim Larsen's waiting demo check-in (built on 127.0.0.1:5000)
    eid_broker: TestBroker | None = None


@contextmanager
def live_portal(tmp_path_factory) -> Iterator[LiveServer]:
    """Serve the portal with demo data on a throw-away database until the block ends.

    `tmp_path_factory` is pytest's, or anything with a `mktemp(label)` returning a folder.
    """
    broker = TestBroker().start()
    broker.add_client(*LIVE_EID_CLIENT)
    port = free_port()
    with throwaway_database(tmp_path_factory, "browser") as database_url:
        # eID is on, against the test broker. Its answer comes back to PUBLIC_URL, which is
        # the server's localhost name: passkeys need a domain, not an IP address, and both
        # journeys run there (tests/browser/test_passkey_pages.py, test_eid_pages.py).
        app = make_test_app(
            database_url,
            PUBLIC_URL=f"http://localhost:{port}",
            EID_ISSUER=broker.issuer,
            EID_CLIENT_ID=LIVE_EID_CLIENT[0],
            EID_CLIENT_SECRET=LIVE_EID_CLIENT[1],
            EID_NAME="MitID",
            EID_TWO_FACTOR_ACR=(SUBSTANTIAL, HIGH),
        )
        with app.app_context():
            alembic_command.upgrade(alembic_config(), "head")
            compile_translations()
            checkin_link = load_demo_data()
            db.commit()
        server = make_server(
            "127.0.0.1", port, app, threaded=True, request_handler=QuietRequestHandler
        )
        thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
        thread.start()
        try:
            yield LiveServer(
                url=f"http://127.0.0.1:{port}",
                app=app,
                checkin_link=checkin_link,
                eid_broker=broker,
            )
        finally:
            broker.stop()
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            app.extensions["db_engine"].dispose()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# The authenticator steps used per account: the portal takes each code once.
_USED_STEPS: dict[str, set[int]] = {}


def demo_code(email: str) -> str:
    """An unused authenticator code for a demo staff account, as the phone app would show
    (this one or the next 30-second step, which the portal also accepts; else wait)."""
    totp = pyotp.TOTP(DEMO_TOTP_SECRETS[email])
    used = _USED_STEPS.setdefault(email, set())
    while True:
        now = int(time.time()) // 30
        for step in (now, now + 1):
            if step not in used and all(old < step for old in used):
                used.add(step)
                return totp.at(step * 30)
        time.sleep(30 - time.time() % 30 + 0.5)


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form (and the code step for staff); wait for the home page."""
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    if email in DEMO_TOTP_SECRETS:
        page.wait_for_url(f"{base_url}/login/code")
        page.fill("#code", demo_code(email))
        page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def switch_language(page, language: str) -> None:
    """Press the footer's language button (a plain form post, then back to the same page)."""
    with page.expect_navigation():
        page.click(f".language-switcher button[value={language}]")
