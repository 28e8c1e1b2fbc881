"""Declarative base, engine and one database session per request."""

import time
from datetime import UTC, datetime
from enum import StrEnum

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Enum, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from werkzeug.local import LocalProxy

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Store UTC without a zone (SQLite has none) and always hand back aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def db_enum(enum_class: type[StrEnum], name: str) -> Enum:
    # Stored as text with a CHECK constraint, so adding a value is a plain migration.
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys and a busy timeout it lacks by default.

    Both hide a statement's parameters from its error message: a name or an e-mail address
    in a failed INSERT would otherwise reach the log with the traceback."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    engine = create_engine(
        url,
        hide_parameters=True,
        # No ping on every checkout (a round trip per request): a connection is asked only
        # after a pause (_ping_after_a_pause), and replaced after half an hour anyway.
        pool_recycle=1800,
        pool_size=5,
        max_overflow=5,
        connect_args={
            "connect_timeout": 5,
            # The portal's queries are small. When the planner misjudges a row count (stale
            # statistics), JIT compilation can cost 50-450 ms for 5 ms of work: off.
            "options": "-c jit=off",
            # A database machine that vanishes without closing the connection is noticed
            # within about a minute, rather than hanging a worker.
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        },
    )
    _ping_after_a_pause(engine)
    return engine


# A connection used within this many seconds is taken as alive: under load it always is, and
# a database restarted meanwhile shows itself as an error on that request, after which the
# pool is renewed (SQLAlchemy invalidates every connection of the pool on a disconnect).
PAUSE_BEFORE_PING = 5.0


def _ping_after_a_pause(engine: Engine) -> None:
    """Ask a connection that has waited in the pool for a while whether the database is
    still there, and take a new one if not (SQLAlchemy's pool retries on DisconnectionError).
    """

    @event.listens_for(engine, "checkin")
    def _note_pause(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_paused(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PAUSE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception:  # any failure: this connection is worth nothing now
            raise DisconnectionError from None


class PortalSession(Session):
    """The portal's sessions. A feature that must know of every change listens to this class's
    events (portal.reports.cache), whichever app or test made the session."""


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(
        engine, class_=PortalSession, expire_on_commit=False
    )
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    return current_app.extensions["db_engine"]


def get_session() -> Session:
    """Return this request's (or app context's) session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


db: Session = LocalProxy(get_session)  # type: ignore[assignment]


def is_unique_violation(error: IntegrityError) -> bool:
    """Return True when a unique constraint refused the row: someone saved the same first."""
    if getattr(error.orig, "sqlstate", None) == "23505":  # PostgreSQL (psycopg)
        return True
    return "UNIQUE constraint failed" in str(error.orig)  # SQLite
