"""P8 for the log: the main journeys run with every logger at DEBUG, written as production
writes it (one JSON object a line), and no line holds a person's e-mail address, name or IP
address: not the request lines, not Flask-Limiter's "ratelimit exceeded" line, not an SMTP
error naming a refused recipient, not a traceback quoting a form value or a database row.
The rate limiter's own counters name no one either."""

import io
import logging
import threading

import pytest
from aiosmtpd.controller import Controller
from flask import request
from sqlalchemy import text

from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.logs import make_formatter
from portal.core.outbox import queue_email, send_pending_emails
from portal.demo.seed import ACCOUNTS
from tests.database import make_test_app
from tests.helpers import csrf_token_from, post_form, signed_in
from tests.jobs.helpers import link_path
from tests.smtp import free_port

ADDRESS = "203.0.113.7"  # the browser's, for every journey
OTHER_ADDRESS = "2001:db8::7"  # the account-guessing attacker's
NEW_PERSON = ("nina.ny@example.org", "Nina Ny")  # invited during the test
UNKNOWN = "nobody.known@example.org"  # asks for a password reset
REFUSED = "refused.person@example.org"  # the mail server will not take it


@pytest.fixture
def json_log():
    """Every logger at DEBUG, into one JSON handler on the root logger, as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(make_formatter("json"))
    root = logging.getLogger()
    loggers = [
        root,
        *(x for x in root.manager.loggerDict.values() if isinstance(x, logging.Logger)),
    ]
    saved = [(x, x.level, x.disabled, x.propagate) for x in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled, logger.propagate = False, True
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    for logger, level, disabled, propagate in saved:
        logger.setLevel(level)
        logger.disabled, logger.propagate = disabled, propagate


class _Refusing:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


@pytest.fixture
def refusing_mail_server(app):
    port = free_port()
    controller = Controller(_Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    yield
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
    controller.stop()


@pytest.fixture
def erring_app(app, database_url, people):
    """The portal answering errors as in production; X-Fail makes a request fail with an
    exception quoting a person (`bug`) or a database error on a row with their name in it."""
    erring = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)
    anna = people["client_a"]

    def fail_as_asked():
        kind = request.headers.get("X-Fail")
        if kind == "bug":
            raise RuntimeError(f"no settings for {anna.email} ({request.remote_addr})")
        if kind == "row":  # NOT NULL refuses it; PostgreSQL's DETAIL repeats the whole row
            db.execute(
                text("INSERT INTO users (name, email) VALUES (:name, NULL)"), {"name": anna.name}
            )

    erring.before_request_funcs.setdefault(None, []).insert(0, fail_as_asked)
    yield erring
    erring.extensions["db_engine"].dispose()


def from_address(factory, address: str = ADDRESS):
    def browser():
        made = factory()
        made.environ_base["REMOTE_ADDR"] = address
        made.set_cookie("lang", "en")
        return made

    return browser


def sign_in_until_refused(browser_for, emails) -> list[int]:
    statuses = []
    for email in emails:
        browser = browser_for()
        token = csrf_token_from(browser.get("/login").get_data(as_text=True))
        form = {"csrf_token": token, "email": email, "password": "wrong-password-1"}
        statuses.append(browser.post("/login", data=form).status_code)
        if statuses[-1] == 429:
            break
    return statuses


def run_the_journeys(app, erring_app, make_client, people, anna_things):
    browser = from_address(make_client)
    anna = signed_in(browser, people, "client_a")
    assert (
        post_form(anna, "/messages", {"subject": "Tuesday", "body": "See you"}).status_code == 303
    )
    goal = {"text": "Work in a bookshop", "kind": "job", "target_date": "", "status": "active"}
    added = post_form(anna, f"/clients/{people['client_a'].id}/goals", goal)
    assert added.status_code == 303
    assert anna.get("/clients/2147483000/goals").status_code == 404
    assert anna.get(f"/nothing/here?email={people['client_a'].email}").status_code == 404

    sofie = signed_in(browser, people, "specialist_a")
    invitation = {"role": "client", "name": NEW_PERSON[1], "email": NEW_PERSON[0]}
    assert post_form(sofie, "/invitations", {**invitation, "language": "da"}).status_code == 303
    for email in (people["client_b"].email, UNKNOWN):
        assert post_form(browser(), "/password/forgot", {"email": email}).status_code == 303

    answer = {"still_working": "yes", "hours": "12", "rating": "4", "wants_call": "no"}
    path = link_path(anna_things["checkin_link"])
    assert post_form(browser(), path, answer).status_code == 200

    wrong = from_address(erring_app.test_client)()
    for kind in ("bug", "row"):
        assert wrong.get("/", headers={"X-Fail": kind}).status_code == 500

    with app.app_context():
        queue_email(REFUSED, "Subject", "Body")
        db.commit()
        sent, failed = send_pending_emails()  # the invitation, the reset, this one, ...
        assert sent == 0 and failed >= 3

    # Libraries' own lines: a request line from werkzeug's server, one of gunicorn's errors.
    logging.getLogger("werkzeug").info(
        '%s - - "GET /login?email=%s HTTP/1.1" 200 -', ADDRESS, UNKNOWN.replace("@", "%40")
    )
    logging.getLogger("gunicorn.error").debug("Invalid request from ip=%s: bad", OTHER_ADDRESS)

    # Last, as they shut the door for a minute: too many wrong passwords for one account
    # (from another address each time), then for many accounts from one address.
    one_account = sign_in_until_refused(
        from_address(make_client, OTHER_ADDRESS), [people["client_a"].email] * 10
    )
    many_accounts = sign_in_until_refused(
        from_address(make_client), [f"guess{n}@example.net" for n in range(20)]
    )
    assert one_account[-1] == many_accounts[-1] == 429


def personal_data(people) -> list[str]:
    emails = [person.email for person in people.values() if hasattr(person, "email")]
    emails += [NEW_PERSON[0], UNKNOWN, REFUSED, "guess1@example.net"]
    emails += [account[1] for account in ACCOUNTS]
    names = [person.name for person in people.values() if hasattr(person, "email")]
    names += [NEW_PERSON[1], *(account[2] for account in ACCOUNTS)]
    encoded = [email.replace("@", "%40") for email in emails]
    return [*emails, *encoded, *names, ADDRESS, OTHER_ADDRESS, "127.0.0.1"]


def test_no_log_line_and_no_counter_names_a_person(
    app, erring_app, make_client, people, anna_things, refusing_mail_server, json_log
):
    run_the_journeys(app, erring_app, make_client, people, anna_things)
    written = json_log.getvalue()

    # Each kind of line that used to carry a person was written (the test can fail).
    for expected in (
        "ratelimit",  # Flask-Limiter's
        "Sending outbox e-mail",  # an SMTP error
        "Unhandled error",  # a traceback quoting an e-mail and IP address
        "Integrity error",  # a traceback with a database row
        "[e-mail]",
        "[ip]",
        '"route": "/clients/<int:client_id>/goals"',
    ):
        assert expected in written, expected
    for personal in personal_data(people):
        found = [line for line in written.splitlines() if personal.lower() in line.lower()]
        assert not found, (personal, found[:3])

    # And the rate limiter counts by keyed hashes: its storage holds no address either.
    storage = limiter.storage
    keys = " ".join([*storage.storage, *storage.events, *storage.expirations])
    assert "LIMITER" in keys
    for personal in (people["client_a"].email, "guess1@example.net", ADDRESS, OTHER_ADDRESS):
        assert personal not in keys, personal


def own_records(caplog) -> list:
    """This test's records: a live portal of the browser tests in the same worker may log a
    page's poll from its own thread meanwhile."""
    return [record for record in caplog.records if record.thread == threading.get_ident()]


@pytest.mark.parametrize(
    ("written", "logged"),
    [
        ("ratelimit (account:ida.o+x@example.org)", "ratelimit (account:[e-mail])"),
        ("GET /login?email=ida%40example.org", "GET /login?email=[e-mail]"),
        ("from 203.0.113.7:5123 and ::ffff:10.0.0.1", "from [ip]:5123 and [ip]"),
        ("Invalid request from ip=2001:db8::7: bad", "Invalid request from ip=[ip]: bad"),
        # What only looks like an address stays: times, versions, durations, ids.
        ("at 01:11:37 with 1.2.3, 12.5 ms, id 2147483647", None),
    ],
)
def test_what_is_redacted_and_what_is_kept(app, caplog, written, logged):
    with caplog.at_level(logging.INFO):
        logging.getLogger("portal.anything").info(written)
    assert own_records(caplog)[-1].getMessage() == (logged or written)


def test_the_development_mail_log_alone_shows_whole_emails(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("portal.core.outbox.mail").info("E-mail to %s", REFUSED)
        logging.getLogger("portal.core.outbox").warning("Sending to %s failed", REFUSED)
    assert [record.getMessage() for record in own_records(caplog)] == [
        f"E-mail to {REFUSED}",
        "Sending to [e-mail] failed",
    ]
