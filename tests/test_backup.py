"""R8: a backup restores into an empty database with the same rows, and serves the portal.

Every test uses its own throw-away databases (never the shared `app` fixture's), on SQLite or,
with TEST_DATABASE=postgresql, on PostgreSQL.
"""

import http.cookiejar
import sqlite3
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from alembic import command as alembic_command
from sqlalchemy import delete, select, update
from werkzeug.serving import make_server

from portal.core.db import db
from portal.core.identity import User
from portal.demo.seed import DEMO_PASSWORD, load_demo_data
from portal.goals.models import Goal, GoalNote
from portal.ops.backup import table_fingerprints
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.browser.server import QuietRequestHandler
from tests.database import make_test_app, throwaway_database, using_postgresql
from tests.helpers import csrf_token_from
from tests.smtp import free_port

ANNA = "anna@demo.ips-portal.dk"
ANNAS_GOAL = "Arbejde i en butik med planter eller blomster, 15 timer om ugen"


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def fingerprints(app) -> dict[str, tuple[int, str]]:
    with app.app_context():
        return table_fingerprints()


@contextmanager
def scratch_app(tmp_path_factory):
    with throwaway_database(tmp_path_factory, "backup") as url:
        app = make_test_app(url)
        try:
            yield app
        finally:
            app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """A database with the demo data, its backup file, and its fingerprints."""
    with scratch_app(tmp_path_factory) as app:
        with app.app_context():
            compile_translations()
            alembic_command.upgrade(alembic_config(), "head")
            load_demo_data()
            db.commit()
        path = tmp_path_factory.mktemp("backups") / "portal.ops.backup"
        result = run(app, "backup", "create", path)
        assert result.exit_code == 0, result.output
        assert path.stat().st_mode & 0o077 == 0  # health data: the owner's alone
        yield app, path, fingerprints(app)


@pytest.fixture
def empty(tmp_path_factory):
    """A second, freshly created database with nothing in it: the restore target."""
    with scratch_app(tmp_path_factory) as app:
        yield app


@pytest.fixture
def restored(original, empty):
    result = run(empty, "backup", "restore", original[1], "--yes")
    assert result.exit_code == 0, result.output
    return empty


def test_a_restore_into_an_empty_database_has_the_same_rows(original, restored):
    _, _, expected = original
    assert fingerprints(restored) == expected
    filled = [name for name, (rows, _) in expected.items() if rows > 0]
    assert len(filled) >= 20, expected
    assert expected["alembic_version"][0] == 1
    assert expected["users"][0] >= 20


def test_the_checksums_command_prints_one_line_per_table(original):
    app, _, expected = original
    result = run(app, "backup", "checksums")
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert {name: (int(rows), digest) for name, rows, digest in lines} == expected


@contextmanager
def live(app):
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="restored-portal", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_the_restored_copy_serves_the_demo_client_her_goals(restored):
    with restored.app_context():
        anna_id = db.scalar(select(User.id).where(User.email == ANNA))
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with live(restored) as url:
        login_page = browser.open(f"{url}/login", timeout=10).read().decode()
        form = {"csrf_token": csrf_token_from(login_page), "email": ANNA, "password": DEMO_PASSWORD}
        with browser.open(f"{url}/login", urllib.parse.urlencode(form).encode(), 10) as home:
            assert home.url == f"{url}/", home.url  # signed in: redirected home, not the form
        goals = browser.open(f"{url}/clients/{anna_id}/goals", timeout=10).read().decode()
    assert ANNAS_GOAL in goals


def test_a_restore_over_a_changed_database_brings_back_the_backed_up_rows(original, restored):
    _, path, expected = original
    with restored.app_context():
        db.execute(delete(GoalNote))
        db.execute(update(Goal).values(text="Changed after the backup"))
        db.commit()
    assert fingerprints(restored)["goals"] != expected["goals"]

    result = run(restored, "backup", "restore", path, "--yes")

    assert result.exit_code == 0, result.output
    assert fingerprints(restored) == expected


@pytest.mark.parametrize(
    "content",
    [b"", b"name,rows\nusers,3\n", b"PGDMP not really", b"SQLite format 3\x00 not really"],
    ids=["empty", "text", "pg-magic", "sqlite-magic"],
)
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(original, tmp_path, content):
    app, _, expected = original
    path = tmp_path / "not-a-backup"
    path.write_bytes(content)

    result = run(app, "backup", "restore", path, "--yes")

    assert result.exit_code == 1
    assert "Error: " in result.output and "not-a-backup" in result.output, result.output
    assert fingerprints(app) == expected


def truncated(whole: bytes) -> bytes:
    return whole[: len(whole) * 3 // 4]


def corrupted(whole: bytes) -> bytes:
    """Garble 64 bytes three quarters in: past the table of contents of a pg_dump file."""
    start = len(whole) * 3 // 4
    return whole[:start] + bytes(b ^ 0xFF for b in whole[start : start + 64]) + whole[start + 64 :]


# Garbled bytes inside an SQLite file are not detectable (it has no checksums; only damage to
# its structure shows), so that case is a PostgreSQL one.
DAMAGES = [truncated, corrupted] if using_postgresql() else [truncated]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_backup_is_refused_or_rolled_back(original, restored, tmp_path, damage):
    _, path, expected = original
    with restored.app_context():
        db.execute(delete(GoalNote))
        db.commit()
    before = fingerprints(restored)
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(damage(path.read_bytes()))

    result = run(restored, "backup", "restore", damaged, "--yes")

    assert result.exit_code == 1, result.output
    assert "damaged.backup" in result.output, result.output
    assert fingerprints(restored) == before != expected


def test_a_backup_of_another_kind_of_database_is_refused(original, tmp_path):
    app, _, expected = original
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()

    result = run(app, "backup", "restore", path, "--yes")

    assert result.exit_code == 1
    assert "not" in result.output and "other.sqlite3" in result.output, result.output
    assert fingerprints(app) == expected


def test_create_refuses_to_overwrite_a_file_unless_forced(original, tmp_path):
    app, _, _ = original
    path = tmp_path / "precious.backup"
    path.write_bytes(b"an older backup")

    refused = run(app, "backup", "create", path)

    assert refused.exit_code == 1
    assert "already exists" in refused.output
    assert path.read_bytes() == b"an older backup"
    assert sorted(tmp_path.iterdir()) == [path]  # no half-written file left beside it

    forced = run(app, "backup", "create", path, "--force")

    assert forced.exit_code == 0, forced.output
    assert path.read_bytes() != b"an older backup"
    assert sorted(tmp_path.iterdir()) == [path]


def test_restore_refuses_without_yes(original, restored):
    _, path, expected = original
    with restored.app_context():
        db.execute(delete(GoalNote))
        db.commit()
    before = fingerprints(restored)

    result = run(restored, "backup", "restore", path)

    assert result.exit_code == 1
    assert "--yes" in result.output
    assert fingerprints(restored) == before != expected
