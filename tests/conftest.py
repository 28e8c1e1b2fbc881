"""Test fixtures: a real database built by the migrations, a test client, a real SMTP server.

Set TEST_DATABASE=postgresql to run everything on a throw-away PostgreSQL database (created
for this run on DATABASE_URL's server, or 127.0.0.1:5432, and dropped afterwards).

Each test that uses `app` runs inside one transaction that is rolled back afterwards
(tests/database.py); the portal's own commits become SAVEPOINTs inside it, and apps made with
`make_test_app` on the same database join it. Which tests commit, and why
(`@pytest.mark.commits`: every table is emptied after them instead):
- requests or workers in threads at once, each needing a connection of its own:
  tests/test_double_submit.py, tests/jobs/test_jobs.py and tests/jobs/test_checkins.py (five
  posts at once), tests/test_outbox.py (two workers at once, and a row another worker locks);
- another connection's commit while a request holds its transaction: tests/test_lost_races.py
  ("someone else saves meanwhile"), and SQLite's file lock held by another connection in
  tests/test_error_paths.py.
Never in the transaction either: tests/browser (a live portal in a thread, its own database,
no `app`), tests/production (gunicorn on its own PostgreSQL database), and the migrations
and backup tests, which build databases of their own.
"""

import os

import pytest
from alembic import command as alembic_command

from portal.core.db import db
from portal.core.extensions import limiter
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.database import TestTransaction, delete_every_row, make_test_app, throwaway_database
from tests.helpers import sign_in
from tests.smtp import RecordingSMTPServer


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with throwaway_database(tmp_path_factory, "main") as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        compile_translations()
        alembic_command.upgrade(alembic_config(), "head")
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(autouse=True)
def _isolated_database(request):
    """Roll back everything a test wrote (or, for a test marked `commits`, empty every table),
    and reset the rate-limit counters."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    if request.node.get_closest_marker("commits"):
        yield
        delete_every_row(app)
    else:
        transaction = TestTransaction(app)
        try:
            yield
        finally:
            transaction.end()
    limiter.reset()
    # Kept reports are keyed by the data version, which the rollback takes back: the next
    # test may reach the same number with other data.
    app.extensions["report_cache"].clear()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_client(app):
    """Return a factory of independent browsers (each its own cookie jar)."""
    return app.test_client


@pytest.fixture
def login_as(request, make_client):
    """Return `login_as(user_or_key, lang="en")`: a new test client signed in as that user (a
    User, or a key of the `people` fixture such as "specialist_a"), reading pages in `lang`
    (None: in the account's own language, as a browser without the cookie would)."""

    def signed_in_client(user_or_key, lang: str | None = "en"):
        if isinstance(user_or_key, str):
            user_or_key = request.getfixturevalue("people")[user_or_key]
        browser = make_client()
        if lang is not None:
            browser.set_cookie("lang", lang)
        sign_in(browser, user_or_key.email)
        return browser

    return signed_in_client


@pytest.fixture
def mail_server(app):
    """Start a real SMTP server on a free local port and point the app at it."""
    server = RecordingSMTPServer()
    server.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", server.port
    yield server
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
    server.stop()


@pytest.fixture
def people(app):
    """Two specialists with a client each, an employer contact and an admin (detached rows)."""
    from tests.factories import make_caseload

    with app.app_context():
        return make_caseload()


@pytest.fixture
def anna_things(app, people):
    """One of everything belonging to client A, written by her and her specialist."""
    from tests.things import client_things

    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        things = client_things(anna, mette, db.merge(people["employer"]))
        db.commit()
        return things


@pytest.fixture
def outbox(app):
    """Return a function listing the e-mails waiting in the outbox, oldest first."""
    from sqlalchemy import select

    from portal.core.outbox import OutboxEmail

    def pending():
        with app.app_context():
            return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))

    return pending


EID_TEST_CLIENT = ("portal-test", "broker-secret-for-the-tests")


@pytest.fixture(scope="session")
def eid_broker():
    """A test OpenID Connect provider standing in for the eID broker (tests/eid_broker.py)."""
    from tests.eid_broker import TestBroker

    broker = TestBroker().start()
    broker.add_client(*EID_TEST_CLIENT)
    yield broker
    broker.stop()


@pytest.fixture
def eid(app, eid_broker):
    """eID switched on for one test, against the test broker, as MitID with NSIS substantial
    and high counting as two factors; what the broker gets wrong is reset afterwards."""
    from tests.eid_broker import HIGH, SUBSTANTIAL

    settings = {
        "EID_ISSUER": eid_broker.issuer,
        "EID_CLIENT_ID": EID_TEST_CLIENT[0],
        "EID_CLIENT_SECRET": EID_TEST_CLIENT[1],
        "EID_NAME": "MitID",
        "EID_TWO_FACTOR_ACR": (SUBSTANTIAL, HIGH),
    }
    before = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    eid_broker.misbehave.clear()
    yield eid_broker
    eid_broker.misbehave.clear()
    app.config.update(before)


# CI explores the same examples every run, so its result depends only on the code; developers'
# runs explore new ones each time and find what CI has not yet.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")


# The longest test files go first, so that the two workers do not end with one of them alone
# on a long file while the other has finished (pytest-xdist hands out whole files, in
# collection order). Measured with --durations=0: each of these takes 10 s or more of a
# worker's time; the rest are a few seconds at most.
LONGEST_FILES = (
    "tests/production/test_deployment.py",
    "tests/production/test_intake_deployed.py",
    "tests/production/test_two_app_servers.py",
    "tests/browser/test_work_pages.py",
    "tests/browser/test_meeting_pages.py",
    "tests/browser/test_pages.py",
    "tests/browser/test_staff_on_phone.py",
    "tests/browser/test_caseload_pages.py",
    "tests/browser/test_intake_pages.py",
    "tests/test_team_boundaries.py",
    "tests/browser/test_eid_pages.py",
    "tests/test_hostile_input.py",
    "tests/browser/test_plan_pages.py",
    "tests/browser/test_client_work_phone.py",
    "tests/browser/test_messaging_pages.py",
    "tests/browser/test_messages_checkins_phone.py",
    "tests/browser/test_client_plan_phone.py",
    "tests/browser/test_follow_along_pages.py",
    "tests/browser/test_session_end.py",
    "tests/test_access_matrix.py",
    "tests/browser/test_team_lead_pages.py",
    "tests/security/test_every_route.py",
    "tests/site/test_html_validity.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {path: place for place, path in enumerate(LONGEST_FILES)}
    last = len(LONGEST_FILES)
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], last))
