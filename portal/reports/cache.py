"""The team report, kept once computed: in Redis where there is one (production, shared by
every app server), else in the process (development).

Its key holds the teams, the period and the data version: a number in the database that every
transaction changing a counted table (COUNTED) moves on, in the same transaction, so the next
view on any app server asks under a new key and computes the report anew. A plain view of the
report writes nothing to the database; it reads the version (one small query) and, when the
report is kept, nothing else. A test checks that the report's queries read no table outside
COUNTED (tests/reports/test_report_cache.py).

What is kept is the report's figures, without the specialists' names (Redis holds no name of
anyone; they are looked up again, in one query, for each view), pickled and signed with the
installation's key, so only what this portal wrote is ever unpickled."""

import logging
import pickle  # nosec B403
from collections import OrderedDict
from dataclasses import replace
from itertools import chain

import redis
from flask import Flask, current_app
from itsdangerous import BadSignature, Serializer
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from portal.core.db import PortalSession, db
from portal.core.identity import User
from portal.reports.guard import guarded_report
from portal.reports.models import DataVersion
from portal.reports.periods import Period
from portal.reports.services import Report, Specialist

log = logging.getLogger(__name__)

# The tables the report's figures are counted from; a write to any other never changes them.
COUNTED = frozenset({"users", "teams", "feedback", "employer_contacts", "jobs", "benefits_reviews"})
VERSION_NAME = "report"
FORMAT = 1  # part of the key: a release that changes the Report's shape starts afresh
SECONDS_KEPT = 3600
KEPT_IN_PROCESS = 64
EXTENSION = "report_cache"


# --- the version --------------------------------------------------------------------------


def _bump(session: Session) -> None:
    if session.info.get("report_version_moved"):
        return
    session.info["report_version_moved"] = True
    session.execute(
        update(DataVersion)
        .where(DataVersion.name == VERSION_NAME)
        .values(version=DataVersion.version + 1)
    )


def _counted(table_name: str | None) -> bool:
    return table_name in COUNTED


def _changes_counted_rows(session: Session) -> bool:
    modified = (obj for obj in session.dirty if session.is_modified(obj))
    changed = chain(session.new, session.deleted, modified)
    return any(_counted(getattr(type(obj), "__tablename__", None)) for obj in changed)


def _before_flush(session: Session, _context, _instances) -> None:
    if _changes_counted_rows(session):
        _bump(session)


def _on_execute(state) -> None:
    """An UPDATE, DELETE or INSERT statement run directly (not through the ORM's flush)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if _counted(getattr(table, "name", None)):
        _bump(state.session)


def _transaction_ended(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost: the next transaction moves it again
        session.info.pop("report_version_moved", None)


def watch_counted_changes() -> None:
    """Listen to every portal session (once, however many apps a process makes)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("do_orm_execute", _on_execute),
        ("after_transaction_end", _transaction_ended),
    ):
        if not event.contains(PortalSession, name, listener):
            event.listen(PortalSession, name, listener)


def data_version() -> int | None:
    """The version now, or None without its row (then nothing is kept: it could go stale)."""
    return db.scalar(select(DataVersion.version).where(DataVersion.name == VERSION_NAME))


# --- the store ----------------------------------------------------------------------------


class ProcessStore:
    """The last few reports, in this process only (development, tests)."""

    def __init__(self):
        self.kept: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        value = self.kept.get(key)
        if value is not None:
            self.kept.move_to_end(key)
        return value

    def set(self, key: str, value: bytes) -> None:
        self.kept[key] = value
        while len(self.kept) > KEPT_IN_PROCESS:
            self.kept.popitem(last=False)

    def clear(self) -> None:
        self.kept.clear()


class RedisStore:
    def __init__(self, url: str, prefix: str):
        self.redis = redis.Redis.from_url(url, socket_timeout=2)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        try:
            return self.redis.get(key)
        except redis.RedisError:  # no cache is slower, not wrong
            log.warning("The report cache (Redis) could not be read")
            return None

    def set(self, key: str, value: bytes) -> None:
        try:
            self.redis.set(key, value, ex=SECONDS_KEPT)
        except redis.RedisError:
            log.warning("The report cache (Redis) could not be written")

    def clear(self) -> None:
        for key in self.redis.scan_iter(f"{self.prefix}:report:*"):
            self.redis.delete(key)


def _serializer() -> Serializer:
    return Serializer(current_app.config["SECRET_KEY"], salt="report-cache", serializer=pickle)


def _without_names(report: Report) -> Report:
    rows = [
        replace(row, specialist=Specialist(row.specialist.id, "")) for row in report.specialists
    ]
    return replace(report, specialists=rows)


def _with_names(report: Report) -> Report:
    ids = [row.specialist.id for row in report.specialists]
    query = select(User.id, User.name).where(User.id.in_(ids))
    names = {user_id: name for user_id, name in db.execute(query)} if ids else {}
    for row in report.specialists:
        row.specialist = Specialist(row.specialist.id, names.get(row.specialist.id, ""))
    return report


def cached_report(team_ids: list[int], period: Period) -> Report:
    """The guarded report for these teams and this period, computed once per data version."""
    version = data_version()
    if version is None:
        return guarded_report(team_ids, period)
    store = current_app.extensions[EXTENSION]
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    teams = ",".join(str(team_id) for team_id in sorted(team_ids))
    key = f"{prefix}:report:{FORMAT}:{version}:{teams}:{period.code}"
    kept = store.get(key)
    if kept is not None:
        try:
            return _with_names(_serializer().loads(kept))
        except (BadSignature, pickle.UnpicklingError, AttributeError, EOFError) as error:
            # Not ours, or from a release whose Report had another shape: made again.
            log.warning("A kept report could not be read (%s)", type(error).__name__)
    report = guarded_report(team_ids, period)
    store.set(key, _serializer().dumps(_without_names(report)))
    return report


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    app.extensions[EXTENSION] = RedisStore(url, prefix) if url else ProcessStore()
    watch_counted_changes()
