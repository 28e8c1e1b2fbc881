"""Transactions as the database sees them: a page that only reads opens none (on PostgreSQL
no BEGIN and no ROLLBACK, portal.core.postgres; SQLite begins only before a write anyway),
while everything a request writes is still all or nothing.

Marked `commits`: the tests' usual outer transaction would hide exactly what is looked at."""

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from portal.core.db import db
from portal.core.identity import Role, Team, User
from portal.goals.models import Goal
from tests.helpers import post_form


def _in_transaction(dbapi_connection) -> bool:
    if hasattr(dbapi_connection, "in_transaction"):  # sqlite3
        return dbapi_connection.in_transaction
    from psycopg.pq import TransactionStatus

    return dbapi_connection.info.transaction_status != TransactionStatus.IDLE


class StatementLog:
    """Each statement the app sends, and whether a transaction was open once it had run."""

    def __init__(self, app):
        self.engine = app.extensions["db_engine"]
        self.statements: list[tuple[str, bool]] = []

    def _after(self, conn, _cursor, statement, _parameters, _context, _executemany):
        dbapi_connection = conn.connection.dbapi_connection
        self.statements.append((statement.split()[0].upper(), _in_transaction(dbapi_connection)))

    def __enter__(self):
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "after_cursor_execute", self._after)


@pytest.mark.commits
def test_pages_that_only_read_run_outside_any_transaction(app, login_as, people, anna_things):
    anna = people["client_a"]
    pages = [
        (login_as("client_a"), ["/", f"/clients/{anna.id}/goals", "/messages"]),
        (login_as("specialist_a"), ["/", "/employers"]),
    ]
    for browser, paths in pages:  # once first: reading a message marks it read, a real write
        for path in paths:
            assert browser.get(path).status_code == 200, path
    with StatementLog(app) as log:
        for browser, paths in pages:
            for path in paths:
                assert browser.get(path).status_code == 200, path
    assert len(log.statements) > 20
    assert {kind for kind, _open in log.statements} == {"SELECT"}
    assert not any(open_ for _kind, open_ in log.statements)


@pytest.mark.commits
def test_a_write_runs_inside_a_transaction(app, login_as, people):
    anna = people["client_a"]
    browser = login_as("client_a")
    with StatementLog(app) as log:
        data = {"text": "Bake bread", "kind": "job", "target_date": "", "status": "active"}
        assert post_form(browser, f"/clients/{anna.id}/goals", data).status_code == 303
    writes = [open_ for kind, open_ in log.statements if kind in {"INSERT", "UPDATE"}]
    assert writes and all(writes)


@pytest.mark.commits
def test_a_unit_of_work_that_fails_halfway_leaves_nothing(app):
    with app.app_context():
        team = Team(name="IPS Halvvejs", country="DK")
        # Flushed after the team, in a statement of its own: refused for its unknown team.
        stray = User(role=Role.CLIENT, email="stray@example.org", name="Stray", team_id=999_999)
        db.add_all([team, stray])
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            db.commit()
        db.rollback()
    with app.app_context():
        assert db.scalar(select(Team).where(Team.name == "IPS Halvvejs")) is None


@pytest.mark.commits
def test_a_savepoint_as_the_first_write_of_a_request_works(app, people):
    anna = people["client_a"]
    with app.app_context():
        with db.begin_nested():
            db.add(Goal(client_id=anna.id, kind="job", text="Paint houses", status="active"))
        db.commit()
    with app.app_context():
        assert db.scalar(select(Goal.text).where(Goal.client_id == anna.id)) == "Paint houses"
