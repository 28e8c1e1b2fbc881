"""R10: the error path never fails. Whatever breaks (the error page's own template, context or
language, a handler while handling another error, a save that lost a race, a locked or vanished
database), the answer is the portal's own page with every security header."""

import re
import sqlite3
from contextlib import suppress

import pytest
from flask import abort
from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core import errors, last_resort
from portal.core.authz import PUBLIC
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.security import security_headers
from tests.database import make_test_app
from tests.helpers import assert_every_header, csrf_token_from, signed_in

STATIC_500 = "Der gik noget galt hos os"
STATIC_503 = "Portalen holder en kort pause"
LOCKED = OperationalError("UPDATE goals", {}, sqlite3.OperationalError("database is locked"))


def assert_static_page(response, status: int = 500) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert STATIC_503 in html if status == 503 else STATIC_500 in html
    assert '<section lang="sv">' in html and '<section lang="en">' in html
    assert_every_header(response)


@pytest.fixture
def failing_app(app, database_url):
    """The portal (errors answered, not raised, as in production) with routes that fail."""
    failing = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @failing.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    @failing.route("/stale", methods=["GET", "POST"])
    def stale():
        raise StaleDataError("UPDATE statement on table 'goals' expected to update 2 row(s)")

    @failing.route("/locked")
    def locked():
        raise LOCKED

    @failing.route("/down")
    def down():
        abort(503)

    for view in (boom, stale, locked, down):
        view.access = PUBLIC
    yield failing
    failing.extensions["db_engine"].dispose()


def fail(*_args, **_kwargs):
    raise RuntimeError("the error page's own dependency failed")


# --- (a) the error page's own dependencies fail ----------------------------------------------


@pytest.mark.parametrize("path", ["/boom", "/does/not/exist", "/stale", "/down"])
def test_a_failing_error_template_ends_in_the_static_page(failing_app, monkeypatch, path):
    monkeypatch.setattr(errors, "render_template", fail)
    assert_static_page(failing_app.test_client().get(path), 503 if path == "/down" else 500)


def test_a_failing_context_processor_ends_in_the_static_page(failing_app):
    failing_app.template_context_processors[None].append(fail)
    browser = failing_app.test_client()
    assert_static_page(browser.get("/boom"))
    assert_static_page(browser.get("/login"))  # a page whose own drawing fails, too


def test_a_failing_language_choice_ends_in_the_static_page(failing_app, people, monkeypatch):
    browser = signed_in(failing_app.test_client, people, "client_a")
    monkeypatch.setattr(failing_app.extensions["babel"], "locale_selector", fail)
    assert_static_page(browser.get("/boom"))
    assert_static_page(browser.get("/"))


def test_the_static_page_is_the_503_one_when_the_database_is_behind_it(failing_app, monkeypatch):
    monkeypatch.setattr(errors, "render_template", fail)
    assert_static_page(failing_app.test_client().get("/locked"), 503)


def test_over_https_the_static_page_sends_hsts_as_talisman_does(failing_app, monkeypatch):
    normal = failing_app.test_client().get("/login", base_url="https://localhost")
    monkeypatch.setattr(errors, "render_template", fail)
    broken = failing_app.test_client().get("/boom", base_url="https://localhost")
    assert_every_header(broken, https=True)
    for name, _value in security_headers(https=True):  # one source: talisman agrees
        assert broken.headers[name] == normal.headers[name], name


def test_htmx_gets_the_static_page_in_the_message_region(failing_app, monkeypatch):
    monkeypatch.setattr(errors, "render_template", fail)
    response = failing_app.test_client().get("/boom", headers={"HX-Request": "true"})
    assert_static_page(response)
    assert response.headers["HX-Retarget"] == "#flash"


def test_the_error_page_is_drawn_after_a_rollback_for_the_signed_in_user(failing_app, people):
    """The guard "every handler rolls back first": a view leaves a failed transaction behind
    (a flush refused by the database), then fails. The 500 page must still be drawn for the
    user, in the user's language, with the navigation, and not fall back to anonymous."""
    with failing_app.app_context():
        db.execute(update(User).where(User.id == people["client_a"].id).values(locale="sv"))
        db.commit()

    @failing_app.route("/half-done")
    def half_done():
        db.add(User(email=people["specialist_a"].email, name="Twin", role=Role.CLIENT))
        with suppress(IntegrityError):  # left behind on purpose, as a careless view might
            db.flush()
        raise RuntimeError("after a failed flush")

    half_done.access = PUBLIC
    browser = signed_in(failing_app.test_client, people, "client_a", lang="da")
    response = browser.get("/half-done")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="sv">' in html and "Något gick fel hos oss" in html
    assert 'action="/logout"' in html  # drawn for her, not for an anonymous visitor
    assert_every_header(response)
    with failing_app.app_context():
        assert db.scalar(select(User).where(User.name == "Twin")) is None


# --- (b) an error while handling another -----------------------------------------------------


def test_a_handler_that_raises_while_handling_another_ends_in_the_static_page(
    failing_app, monkeypatch
):
    monkeypatch.setattr(errors, "render_template", fail)
    monkeypatch.setattr(errors, "last_resort_response", fail)  # Flask's own path fails too
    browser = failing_app.test_client()
    assert_static_page(browser.get("/boom"))
    assert_static_page(browser.get("/does/not/exist"))
    assert_static_page(browser.get("/locked"), 503)
    head = browser.head("/boom")
    assert head.status_code == 500 and head.get_data() == b""


def test_a_failing_after_request_hook_still_leaves_every_header_on_the_error_page(failing_app):
    # Registered last, so it runs first, before talisman's: on the error's answer too.
    failing_app.after_request(fail)
    browser = failing_app.test_client()
    browser.set_cookie("lang", "en")
    response = browser.get("/login")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert_every_header(response)


# --- (c) a save that lost a race -------------------------------------------------------------


def test_a_stale_save_anywhere_is_a_409_page_with_every_header(failing_app):
    browser = failing_app.test_client()
    browser.set_cookie("lang", "en")
    response = browser.get("/stale")
    assert response.status_code == 409
    assert "Someone else saved a change at the same time" in response.get_data(as_text=True)
    assert_every_header(response)


# --- (d) a locked or vanished database -------------------------------------------------------


@pytest.fixture
def locked_sqlite(app, database_url):
    """The portal on the test database with a short busy timeout, while another connection
    holds the write lock (SQLite's file lock: the SQLite pass runs these; PostgreSQL's outage
    is in tests/production)."""
    assert database_url.startswith("sqlite"), "marked sqlite_only: the SQLite pass runs it"
    portal = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)
    engine = portal.extensions["db_engine"]

    @event.listens_for(engine, "connect")
    def _short_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout = 50")

    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    yield portal, holder
    holder.close()  # and with it the lock
    engine.dispose()


def save_a_goal_while_locked(portal, holder, people):
    anna = signed_in(portal.test_client, people, "client_a")
    goals_page = f"/clients/{people['client_a'].id}/goals"
    token = csrf_token_from(anna.get(goals_page).get_data(as_text=True))
    holder.execute("BEGIN EXCLUSIVE")
    goal = {"csrf_token": token, "text": "A goal", "kind": "job", "status": "active"}
    return anna.post(goals_page, data=goal)


# Commits: another connection holds SQLite's file lock, so the test's own transaction may hold none.
@pytest.mark.commits
@pytest.mark.sqlite_only
def test_a_save_while_sqlite_is_locked_is_the_503_page_with_every_header(locked_sqlite, people):
    response = save_a_goal_while_locked(*locked_sqlite, people)
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "We cannot reach our data right now" in html and "<html" in html
    assert_every_header(response)


# Commits: another connection holds SQLite's file lock, so the test's own transaction may hold none.
@pytest.mark.commits
@pytest.mark.sqlite_only
def test_a_save_while_sqlite_is_locked_and_the_page_fails_is_the_static_503_page(
    locked_sqlite, people, monkeypatch
):
    monkeypatch.setattr(errors, "render_template", fail)
    assert_static_page(save_a_goal_while_locked(*locked_sqlite, people), 503)


def test_a_vanished_database_is_the_503_page_for_a_signed_in_person(
    app, people, tmp_path, login_as
):
    anna = login_as("client_a")
    gone = make_test_app(
        f"sqlite:///{tmp_path}/no/such/folder/portal.sqlite3", PROPAGATE_EXCEPTIONS=False
    )
    browser = gone.test_client()
    browser.set_cookie("session", anna.get_cookie("session").value)
    browser.set_cookie("lang", "en")
    for path in ("/", f"/clients/{people['client_a'].id}/goals"):
        response = browser.get(path)
        assert response.status_code == 503, path
        assert "We cannot reach our data right now" in response.get_data(as_text=True)
        assert_every_header(response)
    # Other errors meanwhile: their own page, drawn for an anonymous visitor without data.
    for response, status in ((browser.get("/does/not/exist"), 404), (browser.post("/"), 405)):
        assert response.status_code == status
        assert "<html" in response.get_data(as_text=True)
        assert_every_header(response)
    gone.extensions["db_engine"].dispose()


# --- the static pages themselves -------------------------------------------------------------


def test_every_static_error_page_has_the_same_plain_trilingual_shape():
    pages = sorted(last_resort.PAGES.glob("*.html"))
    assert {"500.html", "503.html"} <= {page.name for page in pages}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!doctype html>\n<html lang="da">'), page.name
        assert '<meta charset="utf-8">' in html, page.name
        sections = [html.index(f'<section lang="{lang}">') for lang in ("da", "sv", "en")]
        assert sections == sorted(sections), page.name
        assert html.count("<h1>") == 1 and html.count("<h2>") == 2, page.name
        for forbidden in ("<script", "<style", " style=", "http:", "https:", "{{", "{%"):
            assert forbidden not in html, (page.name, forbidden)
        assert not re.search(r"\son[a-z]+=", html), page.name
