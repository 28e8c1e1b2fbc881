"""The request log is structured (one JSON object a line) and says nothing about a person:
no address with ids or tokens in it, no IP address, no name, no e-mail, no search words."""

import json
import logging
import threading

from portal.core.logs import make_formatter

REQUEST_LOGGER = "portal.request"


def request_lines(caplog) -> list[dict]:
    """The request lines of this test's own requests: the test client answers in the test's
    thread, while a live portal of the browser tests in the same worker may still be answering
    a page's poll in its own (its lines reach the same logger)."""
    formatter = make_formatter("json")
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == REQUEST_LOGGER and record.thread == threading.get_ident()
    ]


def test_each_request_is_one_json_line_naming_the_route_not_the_person(
    make_client, people, login_as, anna_things, caplog
):
    anna = people["client_a"]
    browser = login_as("client_a")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        assert browser.get(f"/clients/{anna.id}/goals?q=my+private+words").status_code == 200
        assert make_client().get(anna_things["checkin_link"]).status_code == 200

    goals, checkin = request_lines(caplog)
    assert goals["route"] == "/clients/<int:client_id>/goals"
    assert (goals["method"], goals["status"], goals["role"]) == ("GET", 200, "client")
    assert goals["duration_ms"] >= 0 and goals["bytes"] > 0
    assert goals["level"] == "INFO" and goals["logger"] == REQUEST_LOGGER and goals["time"]
    assert len(goals["request_id"]) == 32 and goals["request_id"] != checkin["request_id"]
    assert checkin["route"].startswith("/check-in/<") and checkin["role"] == "anonymous"

    written = "\n".join(json.dumps(line) for line in (goals, checkin))
    for personal in (
        anna.email,
        anna.name,
        f"/clients/{anna.id}",
        "private words",
        anna_things["checkin_link"].rsplit("/", 1)[1],  # the one-time token
        "127.0.0.1",
    ):
        assert personal not in written


def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        kept = client.get("/login", headers={"X-Request-ID": "proxy-1234abcd"})
        replaced = client.get("/login", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert kept.headers["X-Request-ID"] == "proxy-1234abcd"
    assert replaced.headers["X-Request-ID"] != "<script>alert(1)</script>"
    assert [line["request_id"] for line in request_lines(caplog)] == [
        "proxy-1234abcd",
        replaced.headers["X-Request-ID"],
    ]


def test_health_probes_stay_out_of_the_normal_log(client, caplog):
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/login").status_code == 200
    assert [line["route"] for line in request_lines(caplog)] == ["/login"]
