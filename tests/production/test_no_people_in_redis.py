"""P8 with S5 in production: the sign-in throttle's counters in Redis, shared by the app
servers, hold no e-mail address and no IP address (keyed hashes instead), and gunicorn's log
of the breach names neither."""

import json

import pytest
import redis

from portal.demo.seed import ACCOUNTS
from tests.production.conftest import REDIS_URL
from tests.production.live import Browser, gunicorn

pytestmark = pytest.mark.production

ANNA = "anna@demo.ips-portal.dk"
SERVER_ADDRESS_LINE = "Listening at: http://127.0.0.1:"  # gunicorn's own address, no person's


def refused_after(server: str, emails) -> int:
    for n, email in enumerate(emails, 1):
        answer = Browser(server).post_form(
            "/login", "/login", {"email": email, "password": "not-the-password"}
        )
        if answer.status_code == 429:
            return n
        assert answer.status_code == 422, answer.status_code
    raise AssertionError("never throttled")


def test_throttle_counters_and_log_name_no_one(demo_postgres, redis_prefix, logs):
    settings = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix}
    with gunicorn(demo_postgres, logs / "server.log", **settings) as server:
        assert refused_after(server, [ANNA] * 10) == 6  # per account: five a minute
        guesses = [f"guess{n}@example.net" for n in range(20)]
        assert refused_after(server, guesses) <= 11  # per address: ten a minute, in all

    connection = redis.Redis.from_url(REDIS_URL)
    # The limits library puts its own prefix first: LIMITS:LIMITER/<ours>/<key>/<scope>/...
    keys = [key.decode() for key in connection.scan_iter(f"*{redis_prefix}*")]
    connection.close()
    assert len(keys) >= 3, keys
    for key in keys:
        for personal in (ANNA, "guess", "@", "127.0.0.1"):
            assert personal not in key, key

    text = (logs / "server.log").read_text()
    assert "ratelimit" in text  # Flask-Limiter's line about the breach was written
    lines = [line for line in text.splitlines() if SERVER_ADDRESS_LINE not in line]
    personal = [ANNA, "guess1@example.net", "127.0.0.1", *(account[2] for account in ACCOUNTS)]
    for line in lines:
        assert not any(value in line for value in personal), line
    assert any(
        json.loads(line).get("logger") == "flask-limiter" for line in lines if line[:1] == "{"
    )
