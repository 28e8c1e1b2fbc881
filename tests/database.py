"""Test databases: throw-away databases, test apps on them, and the transaction around each test.

Each test that uses `app` runs inside one transaction on one connection, rolled back afterwards
(`TestTransaction`); the app's sessions join it through SAVEPOINTs, so a `db.commit()` in the
code under test ends a savepoint, not the transaction. Tests that need real commits say so with
`@pytest.mark.commits` and get every table emptied afterwards instead (`delete_every_row`).
"""

import os
import uuid
import weakref
from contextlib import contextmanager

from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from portal import create_app
from portal.core.db import Base, PortalSession, db

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


def make_test_app(database_url: str, **overrides):
    """A portal on `database_url`. While a test's transaction is open on the same database,
    this app's sessions join it too, however long the app lives: it sees the test's rows, and
    its writes go away with them (on SQLite another connection would wait for the test's write
    lock instead)."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production",
        "MAIL_LOG_MESSAGES": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens here unless a test starts an SMTP server
        # argon2's cheapest parameters: thousands of sign-ins, not 0.1 s each (tests/README.md).
        "FAST_PASSWORD_HASHING": True,
    }
    config.update(overrides)
    app = create_app(config)
    _test_apps.add(app)
    if TestTransaction.current is not None:
        TestTransaction.current.join(app)
    return app


_test_apps = weakref.WeakSet()  # every app made here: a test's transaction takes them all in


class TestTransaction:
    """One connection and one outer transaction for a test; the app's sessions use SAVEPOINTs
    inside it, and `end()` rolls all of it back."""

    __test__ = False  # not a test class, whatever its name
    current: "TestTransaction | None" = None

    def __init__(self, app):
        self.database_url = app.config["DATABASE_URL"]
        self.connection = app.extensions["db_engine"].connect()
        self.sqlite = self.connection.dialect.name == "sqlite"
        if self.sqlite:
            # SQLAlchemy's recipe for SAVEPOINTs on pysqlite: the driver must not start or
            # commit transactions itself (it would COMMIT before a SAVEPOINT), so it is told to
            # stay out (isolation_level None) and the BEGIN is ours. Only on this connection:
            # production keeps the driver's own behaviour.
            self.connection.connection.dbapi_connection.isolation_level = None
        self.transaction = self.connection.begin()
        if self.sqlite:
            self.connection.exec_driver_sql("BEGIN")
        self.sessionmaker = sessionmaker(
            bind=self.connection,
            class_=PortalSession,
            join_transaction_mode="create_savepoint",
            expire_on_commit=False,
        )
        self.joined = {}  # app -> its own sessionmaker, given back at the end
        for each in list(_test_apps):
            self.join(each)
        TestTransaction.current = self

    def join(self, app) -> None:
        """Let `app`'s sessions use this transaction, when it is on the same database."""
        if app.config["DATABASE_URL"] == self.database_url and app not in self.joined:
            self.joined[app] = app.extensions["db_sessionmaker"]
            app.extensions["db_sessionmaker"] = self.sessionmaker

    def end(self) -> None:
        TestTransaction.current = None
        for app, own_sessionmaker in self.joined.items():
            app.extensions["db_sessionmaker"] = own_sessionmaker
        if self.transaction.is_active:
            self.transaction.rollback()
        if self.sqlite:
            self.connection.connection.dbapi_connection.isolation_level = ""
        self.connection.close()


def delete_every_row(app) -> None:
    """Empty every table: what tests marked `commits` leave behind; the rows the migrations
    put in (the report's data version) stay."""
    with app.app_context():
        db.rollback()
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in MIGRATION_ROWS:
                db.execute(delete(table))
        db.commit()


MIGRATION_ROWS = {"data_versions"}
