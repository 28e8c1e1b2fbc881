"""Test fixtures: a real database built by the migrations, a test client, a real SMTP server.

Set TEST_DATABASE=postgresql to run everything on a throw-away PostgreSQL database (created
for this run on DATABASE_URL's server, or 127.0.0.1:5432, and dropped afterwards).
"""

import os
import re
import uuid
from contextlib import contextmanager

import pyotp
import pytest
from alembic import command as alembic_command
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.core.db import Base, db
from portal.core.extensions import limiter
from portal.core.identity import User
from portal.ops.cli import alembic_config, compile_translations
from tests.factories import TEST_PASSWORD
from tests.smtp import RecordingSMTPServer

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def using_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE") == "postgresql"


@contextmanager
def throwaway_database(tmp_path_factory, label: str, postgresql: bool | None = None):
    """Yield the URL of a new empty database, and drop it (only it) afterwards (PostgreSQL
    when the run uses it, or when `postgresql` says so)."""
    if not (using_postgresql() if postgresql is None else postgresql):
        yield f"sqlite:///{tmp_path_factory.mktemp(label)}/portal.sqlite3"
        return
    from portal.config import normalise_database_url

    server = make_url(normalise_database_url(os.environ.get("DATABASE_URL") or POSTGRES_DEFAULT))
    name = f"portal_test_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with throwaway_database(tmp_path_factory, "main") as url:
        yield url


def make_test_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production",
        "MAIL_LOG_MESSAGES": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens here unless a test starts an SMTP server
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        compile_translations()
        alembic_command.upgrade(alembic_config(), "head")
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Empty every table and the rate-limit counters after each test."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.rollback()
        for table in reversed(Base.metadata.sorted_tables):
            db.execute(delete(table))
        db.commit()
    limiter.reset()


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
def mail_server(app):
    """Start a real SMTP server on a free local port and point the app at it."""
    server = RecordingSMTPServer()
    server.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", server.port
    yield server
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
    server.stop()


CSRF_PATTERN = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, page: str | None = None, **kwargs):
    """GET the page holding the form (default: `url`), then POST `data` with its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token_from(html), **data}, **kwargs)


def current_code(app, email: str) -> str:
    """The authenticator code of a test account now. Each code is good once, so the record
    of the last one used is cleared first: tests sign the same person in many times a minute."""
    with app.app_context():
        user = db.scalar(select(User).where(User.email == email.strip().lower()))
        user.totp_last_step = None
        db.commit()
        return pyotp.TOTP(user.totp_secret).now()


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    if response.location.endswith("/login/code"):
        code = current_code(client.application, email)
        response = post_form(client, "/login/code", {"code": code})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def signed_in(make_client, people, who: str, lang: str = "en"):
    """A new browser signed in as people[who], reading the pages in `lang`."""
    browser = make_client()
    browser.set_cookie("lang", lang)
    sign_in(browser, people[who].email)
    return browser


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


# CI explores the same examples every run, so its result depends only on the code; developers'
# runs explore new ones each time and find what CI has not yet.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
