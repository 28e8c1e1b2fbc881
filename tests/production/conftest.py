"""Fixtures for the production tests: real gunicorn servers on PostgreSQL databases.

The demo database, the app server on it and the app reading it are made once per run (per
worker) and shared by the modules: migrating and loading the demo data takes seconds each
time. So a test writes only what it then finds by its own marks (a goal's text, an e-mail
address), takes the records it works on from the pages as they are, and never counts on what
another module may have done. The deployment, the outbox worker and the database outage
keep databases of their own: they need other settings, or stop their server."""

import pytest
import redis

from tests.database import make_test_app, throwaway_database
from tests.production.live import PrivatePostgres, gunicorn, prepare_database

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def demo_postgres(tmp_path_factory):
    """A new PostgreSQL database on the shared server with the demo data (dropped after)."""
    with throwaway_database(tmp_path_factory, "production", postgresql=True) as url:
        prepare_database(url)
        yield url


@pytest.fixture(scope="session")
def server(demo_postgres, tmp_path_factory):
    """One gunicorn app server (production settings) on the demo database; yield its URL."""
    with gunicorn(demo_postgres, tmp_path_factory.mktemp("logs") / "gunicorn.log") as url:
        yield url


@pytest.fixture(scope="session")
def database(demo_postgres):
    """An app on the same demo database, for reading what the server stored."""
    app = make_test_app(demo_postgres)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def private_postgres():
    """A PostgreSQL server of this module's own, which a test may stop and start again."""
    server = PrivatePostgres()
    server.create()
    server.start()
    try:
        yield server
    finally:
        server.remove()


def _redis_prefix(request):
    prefix = f"portal-test-{request.node.name[:40]}-{id(request)}"
    yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    # The limits library puts its own prefix first: LIMITS:LIMITER/<ours>/...
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


@pytest.fixture
def redis_prefix(request):
    """A key prefix of this test's own in the shared Redis, deleted afterwards."""
    yield from _redis_prefix(request)


@pytest.fixture(scope="module")
def redis_prefix_module(request):
    """The same, shared by a module's tests."""
    yield from _redis_prefix(request)


@pytest.fixture
def logs(tmp_path):
    return tmp_path
