"""Browser fixtures: one live portal with demo data and one Chromium for the whole session.

Every test gets a clean browser context (only its own cookies, an empty storage, a tab with
no history, listener or route of another test, the browser's own clock), so tests cannot sign
each other in. Contexts and their tabs are kept between tests and cleaned (`ContextPool`): a
new context costs Chromium about half a second of CPU, a new tab a sixth of one.
The tests do not use the `app` fixture: the live portal has its own throw-away database.
"""

import uuid

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from sqlalchemy import delete, select, update

from portal.accounts.models import EidLink, Passkey
from portal.accounts.services import find_user_to_sign_in
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.identity import User
from portal.demo.seed import ACCOUNTS
from portal.placements.models import EmployerContact
from portal.plans.models import Responsible
from portal.plans.services import StepData, add_step
from tests.browser.demo import fresh_checkin, new_conversation, write  # noqa: F401 - fixtures
from tests.browser.helpers import use_viewport
from tests.browser.server import AXE_SOURCE, PHONE, launch_chromium, live_portal, sign_in

# The browser logs an error for every answer with an error status. These are answers the
# journeys ask for on purpose (the 404 page, a used check-in link's 410, forms sent back with
# errors, a background request after the session ended) and check themselves.
EXPECTED_STATUS_MESSAGES = tuple(
    f"Failed to load resource: the server responded with a status of {code} "
    for code in (401, 404, 410, 422)
)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with live_portal(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_limits_and_languages(live_server):
    """Reset the sign-in rate limit before, and the demo accounts' languages after, each test."""
    limiter.reset()
    yield
    with live_server.app.app_context():
        for _role, email, *_rest, locale in ACCOUNTS:
            db.execute(update(User).where(User.email == email).values(locale=locale))
        db.commit()


class PageProblems:
    """Console errors, uncaught exceptions (CSP violations among them) and broken files."""

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, page) -> None:
        for event, handler in self._handlers():
            page.on(event, handler)

    def unwatch(self, page) -> None:
        for event, handler in self._handlers():
            page.remove_listener(event, handler)

    def _handlers(self):
        return [
            ("console", self._console),
            ("pageerror", self._page_error),
            ("requestfailed", self._request_failed),
            ("response", self._response),
        ]

    def _page_error(self, error) -> None:
        self.problems.append(f"page error: {error}")

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if message.text.startswith(EXPECTED_STATUS_MESSAGES):
            return
        self.problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def _request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            return  # a file still loading when the page moved on (e.g. the favicon)
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.problems.append(f"static file {response.url} answered {response.status}")


class ContextPool:
    """Browser contexts, and their tabs, kept from test to test and each handed out clean.

    A new context costs Chromium about 0.4 s of CPU more than a new tab in a kept one (a
    profile and a renderer process), and a new tab about 0.15 s more than a kept one: together
    a fifth of the browser suite. A kept context is handed out only as a fresh one would be:
    the cookies are only the new test's, the origin's storage (sessionStorage too) is empty,
    the tab is on an empty page with one entry of history as a new tab is, its size is the
    context's, the mouse is at the corner, and its clock is the browser's own (a test that
    installed Playwright's fake clock leaves a context nobody gets again). A tab is kept only
    when its test left no listener or route on it (tests/browser/test_context_pool.py).
    Contexts are kept per set of options (viewport, JavaScript, ...), so none is changed.
    """

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.idle: dict[str, list] = {}
        self.keys: dict[int, str] = {}
        self.viewports: dict[int, dict] = {}
        self.listening: dict[int, tuple] = {}  # a tab's listeners and routes when handed out

    def page(self, viewport, storage_state=None, **context_options):
        key = repr(sorted({"viewport": viewport, **context_options}.items()))
        while self.idle.get(key):
            context = self.idle[key].pop()
            page = self._cleaned(context, storage_state)
            if page is not None:
                return self._handed_out(page)
        context = self.browser.new_context(
            viewport=viewport, storage_state=storage_state, **context_options
        )
        context.set_default_timeout(10_000)
        self.keys[id(context)], self.viewports[id(context)] = key, viewport
        return self._handed_out(context.new_page())

    def _handed_out(self, page):
        self.listening[id(page)] = listeners_and_routes(page)
        return page

    def give_back(self, context) -> None:
        """Take the context back, and its only tab if that can be emptied."""
        kept = self._emptied_tab(context)
        for page in context.pages:
            if page is not kept:
                page.close()
        self.idle.setdefault(self.keys[id(context)], []).append(context)

    def _emptied_tab(self, context):
        """Leave the context's only tab on an empty page; its storage is cleared when handed out."""
        if len(context.pages) != 1:
            return None
        page = context.pages[0]
        if listeners_and_routes(page) != self.listening.pop(id(page), None):
            return None  # the test's own listener or route would act in the next test
        try:
            page.goto("about:blank")
        except PlaywrightError:
            return None  # the page could not be left (it crashed, say)
        use_viewport(page, self.viewports[id(context)])
        page.mouse.move(0, 0)
        return page

    def _cleaned(self, context, storage_state):
        page = context.pages[0] if context.pages else context.new_page()
        if page.evaluate(REAL_CLOCK) is not True:
            context.close()
            return None
        session = context.new_cdp_session(page)
        # Clears the origin's sessionStorage in a kept tab too.
        session.send("Storage.clearDataForOrigin", {"origin": self.base_url, "storageTypes": "all"})
        session.send("Page.resetNavigationHistory")
        session.detach()
        context.clear_cookies()
        if storage_state:
            context.add_cookies(storage_state["cookies"])
            for origin in storage_state.get("origins", []):
                page.goto(origin["origin"] + "/healthz")
                page.evaluate(
                    "items => items.forEach(i => localStorage.setItem(i.name, i.value))",
                    origin["localStorage"],
                )
        return page

    def close(self) -> None:
        for contexts in self.idle.values():
            for context in contexts:
                context.close()


def listeners_and_routes(page) -> tuple:
    """What is listening on the page: (event, how many) pairs and the number of routes.

    Read from Playwright's own page object (the public API can add and remove them but not
    count them), so a tab with a test's own listener or route is never handed to another.
    """
    page_object = page._impl_obj
    events = tuple(sorted((e, page_object.listener_count(e)) for e in page_object.event_names()))
    return events, len(page_object._routes)


# Playwright's clock replaces the page's timers and Date: then they are no longer native.
REAL_CLOCK = (
    "() => [Date, Date.now, setTimeout, setInterval, performance.now]"
    ".every(f => Function.prototype.toString.call(f).includes('[native code]'))"
)


@pytest.fixture(scope="session")
def context_pool(browser, base_url):
    pool = ContextPool(browser, base_url)
    yield pool
    pool.close()


@pytest.fixture
def new_page(context_pool):
    """Return a factory of pages, each in a clean context; fail if a page logged a problem."""
    pages, watchers = [], []

    def make(viewport=PHONE, **context_options):
        page = context_pool.page(viewport, **context_options)
        watcher = PageProblems()
        watcher.watch(page)
        pages.append(page)
        watchers.append(watcher)
        return page

    yield make
    for page, watcher in zip(pages, watchers, strict=True):
        watcher.unwatch(page)
        context_pool.give_back(page.context)
    problems = [problem for watcher in watchers for problem in watcher.problems]
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def viewport():
    """The page's viewport; override with @pytest.mark.parametrize("viewport", [...])."""
    return PHONE


@pytest.fixture
def page(new_page, viewport):
    return new_page(viewport=viewport)


@pytest.fixture(scope="session")
def _signed_in_states(browser, base_url):
    """Sign each demo account in once (argon2 is slow on purpose) and keep its cookies."""
    states = {}

    def state_for(email: str) -> dict:
        if email not in states:
            context = browser.new_context(viewport=PHONE)
            sign_in(context.new_page(), base_url, email)
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return state_for


@pytest.fixture
def signed_in_page(new_page, viewport, _signed_in_states, live_server):
    """Return a function giving a page already signed in as a demo account.

    With `language`, the account's language is that one from its first page on (saved as its
    language button saves it, and put back after the test): a page per language costs no
    extra visit and press of the button, which tests of the button itself still make.
    """
    languages_before: dict[str, str | None] = {}

    def page_for(email: str, language: str | None = None, **context_options):
        state = _signed_in_states(email)
        if language:
            before = save_account_language(live_server, email, language)
            languages_before.setdefault(email, before)
        return new_page(viewport=viewport, storage_state=state, **context_options)

    yield page_for
    for email, language in languages_before.items():
        save_account_language(live_server, email, language)


def save_account_language(live_server, email: str, language: str | None) -> str | None:
    """Set the account's language; return the one it had. `email` is what the person signs
    in with: a user name for a participant without e-mail."""
    with live_server.app.app_context():
        account = find_user_to_sign_in(email)
        before, account.locale = account.locale, language
        db.commit()
    return before


@pytest.fixture
def new_step(live_server):
    """Return a function that saves a fresh step for Anna (a proposal when Mette writes it)."""

    def user(email: str) -> User:
        return db.scalar(select(User).where(User.email == email))

    def make(author_email: str = "anna@demo.ips-portal.dk") -> tuple[int, str]:
        text = f"Testskridt {uuid.uuid4().hex[:8]}"
        with live_server.app.app_context():
            client = user("anna@demo.ips-portal.dk")
            step = add_step(user(author_email), client, StepData(text, Responsible.ME, None))
            db.commit()
            return step.id, text

    return make


@pytest.fixture
def log_notes(live_server):
    """A list for the notes of log entries a test makes; any left are removed afterwards."""
    notes: list[str] = []
    yield notes
    with live_server.app.app_context():
        db.execute(delete(EmployerContact).where(EmployerContact.note.in_(notes)))
        db.commit()


@pytest.fixture
def phone_with_authenticator(browser, live_server):
    """A new phone-sized context on localhost (passkeys need a name, not an address; the eID
    broker sends the browser back there too) with Chromium's virtual passkey authenticator, a
    platform one that verifies its user; the passkeys and eID links made are removed after,
    as the demo data has none."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    yield page, live_server.url.replace("127.0.0.1", "localhost")
    context.close()
    with live_server.app.app_context():
        db.execute(delete(EidLink))
        db.execute(delete(Passkey))
        db.commit()
