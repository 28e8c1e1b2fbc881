"""The PostgreSQL engine: a transaction only where something is written, so a page that only
reads costs no BEGIN and no ROLLBACK, and psycopg's prepared statements live on between
requests (psycopg forgets them at every ROLLBACK); and a ping only after a pause."""

import time

from psycopg.pq import TransactionStatus
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError


def make_postgres_engine(url: str) -> Engine:
    engine = create_engine(
        url,
        hide_parameters=True,
        # Reads run one statement at a time, each with its own snapshot, exactly as they
        # would inside a READ COMMITTED transaction; _begin_before_writing opens the
        # transaction that every write, lock and savepoint needs.
        isolation_level="AUTOCOMMIT",
        # No ping on every checkout (a round trip per request): a connection is asked only
        # after a pause (_ping_after_a_pause), and replaced after half an hour anyway.
        pool_recycle=1800,
        pool_size=5,
        max_overflow=5,
        connect_args={
            "connect_timeout": 5,
            # The portal's queries are small. When the planner misjudges a row count (stale
            # statistics), JIT compilation can cost 50-450 ms for 5 ms of work: off.
            # Its data fits in memory, where reading a page at random costs about what reading
            # the next one does; at PostgreSQL's default of 4 times as much, the planner scans
            # all 20,000 check-ins (12 ms) rather than look up the 50 jobs of a caseload (2 ms).
            "options": "-c jit=off -c random_page_cost=1.1",
            # A database machine that vanishes without closing the connection is noticed
            # within about a minute, rather than hanging a worker.
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        },
    )
    _begin_before_writing(engine)
    _ping_after_a_pause(engine)
    return engine


def _begin_before_writing(engine: Engine) -> None:
    """Send BEGIN before the first statement of a unit of work that is not a plain read (an
    INSERT, UPDATE, DELETE, DDL, a SELECT ... FOR UPDATE) and before a savepoint. From there
    on the connection is in a transaction as usual: SQLAlchemy's commit sends COMMIT, and a
    failure anywhere rolls back everything written since. psycopg sends COMMIT or ROLLBACK
    only when a transaction is open, so a request that only read ends without either."""

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_if_not_reading(_conn, cursor, _sql, _parameters, context, _executemany):
        if not _in_autocommit_outside_transaction(cursor.connection):
            return
        statement = getattr(context.compiled, "statement", None)
        if not _plain_read(statement, context):
            cursor.connection.execute("BEGIN")

    @event.listens_for(engine, "savepoint")
    def _begin_before_savepoint(conn, _name):
        dbapi_connection = conn.connection.dbapi_connection
        if _in_autocommit_outside_transaction(dbapi_connection):
            dbapi_connection.execute("BEGIN")


def _in_autocommit_outside_transaction(dbapi_connection) -> bool:
    # Not in autocommit: a connection asked for another isolation level (the backup's
    # REPEATABLE READ), where psycopg begins as usual.
    return (
        dbapi_connection.autocommit
        and dbapi_connection.info.transaction_status == TransactionStatus.IDLE
    )


def _plain_read(statement, context) -> bool:
    """A SELECT that takes no lock (a lock outside a transaction would be let go at once)."""
    if statement is None or not statement.is_select:
        return False
    return " FOR UPDATE" not in context.statement and " FOR SHARE" not in context.statement


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
