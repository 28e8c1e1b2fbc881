"""Back up and restore the whole database, and fingerprint its rows to prove a restore.

PostgreSQL goes through pg_dump and pg_restore (custom format), SQLite through its online
backup API. A backup holds health data: files are created readable by their owner only.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import String, Table, TableClause, column, select, table
from sqlalchemy.engine import URL, make_url

from portal.core.db import Base, db

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# libpq reads these from the environment; a URL's ?sslmode=... must still apply to pg_dump.
PG_URL_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey")
# A restore waits for no lock longer than this: a forgotten app server holding a table fails
# the restore with a message instead of hanging it.
PG_LOCK_TIMEOUT = "60s"
ALEMBIC_VERSION = table("alembic_version", column("version_num", String))


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, for the operator."""


def _database_url() -> URL:
    return make_url(current_app.config["DATABASE_URL"])


def _is_postgresql(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def _sqlite_file(url: URL) -> Path:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise BackupError(f"Backups need PostgreSQL or an SQLite file, not {url.drivername}")
    return Path(url.database)


def _release_connections() -> None:
    """Close this context's session and the pool, so no connection of ours holds a lock."""
    db.close()
    current_app.extensions["db_engine"].dispose()


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """Return the tool's absolute path, so a stray program earlier on PATH is never run."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools")
    return found


def _pg_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment; the password goes only into the environment,
    since a command line is visible to every user of the machine."""
    arguments = []
    host = url.host or url.query.get("host")
    if host:
        arguments += ["--host", str(host)]
    if url.port:
        arguments += ["--port", str(url.port)]
    if url.username:
        arguments += ["--username", url.username]
    arguments += ["--dbname", url.database or "", "--no-password"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for option in PG_URL_OPTIONS:
        if option in url.query:
            env[f"PG{option.upper()}"] = str(url.query[option])
    return arguments, env


def _run(command: list[str], env: dict[str, str], failure: str) -> str:
    """Run a PostgreSQL tool; when it fails, raise `failure` followed by what the tool said."""
    # The executable is an absolute path from shutil.which, the arguments are a list (no shell)
    # built from the app's own configuration and the operator's file name.
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, errors="replace", check=False
    )
    if result.returncode != 0:
        said = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{failure}: {said}")
    return result.stdout


def _pg_backup(url: URL, target: Path) -> None:
    arguments, env = _pg_arguments(url)
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, *arguments, "--file", str(target)], env, "pg_dump failed")


def _check_pg_backup(path: Path) -> None:
    """Refuse anything but a custom-format dump of a portal database before touching data."""
    with path.open("rb") as file:
        if file.read(len(PG_CUSTOM_MAGIC)) != PG_CUSTOM_MAGIC:
            raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump --format=custom)")
    unreadable = f"{path} is not a readable PostgreSQL backup"
    listing = _run([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ), unreadable)
    if not re.search(r"\bTABLE \S+ alembic_version\b", listing):
        raise BackupError(f"{path} is a PostgreSQL backup, but not of an IPS portal database")


def _pg_restore(url: URL, source: Path) -> None:
    arguments, env = _pg_arguments(url)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={PG_LOCK_TIMEOUT}".strip()
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # all or nothing: a failed restore leaves the old rows
        "--exit-on-error",
    ]
    _run([*command, *arguments, str(source)], env, f"Restoring {source} failed, nothing changed")


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_backup(database: Path, target: Path) -> None:
    """Copy page by page with SQLite's backup API, which gives a consistent copy even while
    the portal writes; then leave WAL mode so the backup is one self-contained file."""
    if not database.is_file():
        raise BackupError(f"The SQLite database {database} does not exist")
    source = sqlite3.connect(database, timeout=15)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _check_sqlite_backup(path: Path) -> None:
    with path.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not an SQLite backup")
    backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = backup.execute("PRAGMA quick_check").fetchone()[0]
        portal = backup.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is a damaged SQLite file: {error}") from None
    finally:
        backup.close()
    if problems != "ok":
        raise BackupError(f"{path} is a damaged SQLite file: {problems}")
    if portal is None:
        raise BackupError(f"{path} is an SQLite file, but not of an IPS portal database")


def _sqlite_restore(database: Path, source: Path) -> None:
    """Write the backup's pages over the database in one step of the backup API, which holds
    the write lock throughout, so other connections see the old rows or the new, never a mix."""
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    live = sqlite3.connect(database, timeout=15)
    try:
        backup.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"Restoring {source} failed, nothing changed: {error}") from None
    finally:
        live.close()
        backup.close()


# --- the service -----------------------------------------------------------------------------


def backup_database(path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write a backup of the configured database to `path` and return it.

    The backup is written to a temporary file beside the target and renamed into place only
    when complete, so a failed or interrupted backup never leaves a file that looks good.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another name or overwrite it")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist")
    url = _database_url()
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )  # mode 0600: a backup holds health data
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        if _is_postgresql(url):
            _pg_backup(url, temporary)
        else:
            _sqlite_backup(_sqlite_file(url), temporary)
        with temporary.open("rb") as file:
            os.fsync(file.fileno())  # on disk before it gets its real name
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def restore_database(path: str | os.PathLike) -> None:
    """Replace every row of the configured database with the backup at `path`.

    The file is checked first, so the wrong file fails before anything changes; the restore
    itself is all or nothing. Our connections are closed before and after, so none holds a
    lock during the restore or serves stale rows afterwards. Stop the app servers first.
    """
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    url = _database_url()
    if _is_postgresql(url):
        _check_pg_backup(source)
        _release_connections()
        try:
            _pg_restore(url, source)
        finally:
            _release_connections()
    else:
        database = _sqlite_file(url)
        _check_sqlite_backup(source)
        _release_connections()
        try:
            _sqlite_restore(database, source)
        finally:
            _release_connections()


# --- fingerprints ----------------------------------------------------------------------------


def _plain(value):
    """The same text for the same value whichever database it was read from."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 12.00 and 12 agree, whatever scale comes back
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def _ordered(table_: Table | TableClause, postgresql: bool):
    """Primary key order; text keys in byte order, as SQLite sorts, not by locale rules."""
    keys = list(table_.primary_key) or list(table_.columns)
    return [
        key.collate("C") if postgresql and isinstance(key.type, String) else key for key in keys
    ]


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """Return {table: (row count, SHA-256 of its rows in key order)} for every table.

    Two databases with the same fingerprints hold the same rows: that is how a restore is
    shown to be complete, on SQLite and PostgreSQL alike.
    """
    engine = current_app.extensions["db_engine"]
    postgresql = engine.dialect.name == "postgresql"
    tables = [*Base.metadata.sorted_tables, ALEMBIC_VERSION]
    fingerprints = {}
    with engine.connect() as connection:
        if postgresql:  # one snapshot for every table, even while the portal is in use
            connection.execution_options(isolation_level="REPEATABLE READ")
        for table_ in tables:
            digest, count = hashlib.sha256(), 0
            query = select(table_).order_by(*_ordered(table_, postgresql))
            for row in connection.execute(query.execution_options(yield_per=1000)):
                line = json.dumps(list(row), default=_plain, ensure_ascii=False, sort_keys=True)
                digest.update(line.encode() + b"\n")
                count += 1
            fingerprints[table_.name] = (count, digest.hexdigest())
    return fingerprints
