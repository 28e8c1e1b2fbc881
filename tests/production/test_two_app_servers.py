"""Two app servers on one PostgreSQL and one Redis behave as one portal: what is written on
one is seen on the other, and sign-in throttling counts attempts on both together."""

import json
import re

import pytest

from tests.production.conftest import REDIS_URL
from tests.production.live import Browser, gunicorn

pytestmark = pytest.mark.production

ANNA = "anna@demo.ips-portal.dk"  # a client of Mette's in the demo data
METTE = "mette@demo.ips-portal.dk"
JONAS = "jonas@demo.ips-portal.dk"


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    return tmp_path_factory.mktemp("two-servers")


@pytest.fixture(scope="module")
def servers(demo_postgres, redis_prefix_module, logs):
    """Both servers, for both tests: the first signs in and writes, the second counts wrong
    passwords of an account the first never uses."""
    shared = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix_module}
    with (
        gunicorn(demo_postgres, logs / "a.log", **shared) as server_a,
        gunicorn(demo_postgres, logs / "b.log", **shared) as server_b,
    ):
        assert server_a != server_b
        yield server_a, server_b


def test_a_client_and_a_specialist_on_different_servers_read_each_others_messages(servers, logs):
    server_a, server_b = servers
    anna, mette = Browser(server_a), Browser(server_b)
    assert anna.sign_in(ANNA).status_code == 303
    assert mette.sign_in(METTE).status_code == 303

    sent = anna.post_form(
        "/messages", "/messages", {"subject": "Tuesday", "body": "Written on server A"}
    )
    assert sent.status_code == 303
    conversation = re.search(r"/conversations/(\d+)", sent.headers["Location"]).group(0)
    last_id = re.findall(r'id="message-(\d+)"', anna.get(conversation).text)

    inbox = mette.get("/messages").text
    assert "Tuesday" in inbox
    assert "Written on server A" in mette.get(conversation).text
    reply = mette.post_form(conversation, conversation, {"body": "Answered on server B"})
    assert reply.status_code == 303

    # Anna's open page asks server A for news, as its polling does, and gets the answer.
    news = anna.get(f"{conversation}/poll", params={"last": last_id[-1] if last_id else "0"})
    assert news.status_code == 200 and "Answered on server B" in news.text

    # Both servers logged every request as JSON, naming routes and never the people.
    for log_file in ("a.log", "b.log"):
        text = (logs / log_file).read_text()
        lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        routes = {line["route"] for line in lines if line["logger"] == "portal.request"}
        assert "/conversations/<int:conversation_id>" in routes
        for personal in (ANNA, METTE, "Written on server A", "Answered on server B", "Tuesday"):
            assert personal not in text


def test_wrong_passwords_on_both_servers_count_together(servers):
    server_a, server_b = servers
    wrong = {"email": JONAS, "password": "not-the-password"}
    attempts = [Browser(server_a), Browser(server_a), Browser(server_a)]
    attempts += [Browser(server_b), Browser(server_b)]
    for browser in attempts:  # five wrong passwords: the account's limit per minute
        answer = browser.post_form("/login", "/login", wrong)
        assert answer.status_code == 422, answer.status_code
    # Neither server has seen five on its own, yet both now refuse a sixth.
    for server in servers:
        refused = Browser(server).post_form("/login", "/login", wrong)
        assert refused.status_code == 429
        assert "Too many attempts" in refused.text
