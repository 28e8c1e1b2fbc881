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
from tests.eid_broker import HIGH, SUBSTANTIAL, TestBroker
from tests.production.deployment import deployed_portal, make_certificate
from tests.production.live import SECRET_KEY, PrivatePostgres, gunicorn, prepare_database
from tests.smtp import free_port

REDIS_URL = "redis://127.0.0.1:6379/0"
DEPLOYED_EID_CLIENT = ("deployed-portal", "broker-secret-for-the-deployment")


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


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, redis_prefix_module):
    """The portal as the README deploys it (nginx with TLS, two app servers, the outbox worker),
    on a database of its own, for one module: some of its tests stop the app servers."""
    folder = tmp_path_factory.mktemp("deployment")
    https_port = free_port()
    public_url = f"https://127.0.0.1:{https_port}"
    # The eID broker too, over https:// as production requires; the app servers trust its
    # certificate authority (requests reads REQUESTS_CA_BUNDLE).
    broker_certificate = make_certificate(tmp_path_factory.mktemp("broker"))
    broker = TestBroker(certificate=(str(broker_certificate.chain), str(broker_certificate.key)))
    broker.start()
    broker.add_client(*DEPLOYED_EID_CLIENT)
    eid = {
        "EID_ISSUER": broker.issuer,
        "EID_CLIENT_ID": DEPLOYED_EID_CLIENT[0],
        "EID_CLIENT_SECRET": DEPLOYED_EID_CLIENT[1],
        "EID_NAME": "MitID",
        "EID_TWO_FACTOR_ACR": f"{SUBSTANTIAL},{HIGH}",
        "REQUESTS_CA_BUNDLE": str(broker_certificate.ca),
    }
    with throwaway_database(tmp_path_factory, "deployment", postgresql=True) as database_url:
        # The demo's waiting e-mails link to the deployment, signed with its key.
        prepare_database(database_url, PUBLIC_URL=public_url, SECRET_KEY=SECRET_KEY)
        settings = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix_module}
        try:
            with deployed_portal(database_url, https_port, folder, **settings, **eid) as deployed:
                deployed.eid_broker, deployed.eid_ca = broker, broker_certificate.ca
                yield deployed
        finally:
            broker.stop()
