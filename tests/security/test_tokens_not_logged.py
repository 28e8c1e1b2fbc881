"""S13: one-time link tokens never reach a log: not from our code, and not in the request
lines that werkzeug or gunicorn write, which name the path."""

import logging
import re

import pytest

from portal.config import ConfigError, check_config, load_config
from tests.helpers import post_form
from tests.jobs.helpers import link_path


def test_request_lines_with_a_token_are_redacted(app, caplog, anna_things):
    token = anna_things["checkin_link"].rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info(
            '127.0.0.1 "GET %s HTTP/1.1" 200 -', link_path(anna_things["checkin_link"])
        )
        logging.getLogger("gunicorn.access").info("GET /invitation/secret-part-123 200")
        logging.getLogger("portal").warning("reset at /password/reset/abc.def.ghi?next=/")
    assert token not in caplog.text
    assert "secret-part-123" not in caplog.text and "abc.def.ghi" not in caplog.text
    assert caplog.text.count("[redacted]") == 3


def test_no_flow_logs_a_token(app, make_client, people, login_as, anna_things, outbox, caplog):
    with caplog.at_level(logging.DEBUG):
        mette = login_as("specialist_a")
        post_form(
            mette,
            "/invitations",
            {"role": "client", "name": "Nina Ny", "email": "nina@example.org", "language": "da"},
        )
        post_form(make_client(), "/password/forgot", {"email": people["client_a"].email})
        make_client().get(link_path(anna_things["checkin_link"]))
    links = [line for email in outbox() for line in email.body.split() if "://" in line]
    # Only the one-time links carry a secret (other links end in a plain page or an id).
    tokens = [
        link.rsplit("/", 1)[1]
        for link in [*links, anna_things["checkin_link"]]
        if re.search(r"/(invitation|password/reset|check-in)/", link)
    ]
    assert len(tokens) >= 3 and all(len(token) > 20 for token in tokens)
    for token in tokens:
        assert token not in caplog.text


def test_production_refuses_to_log_whole_emails(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PUBLIC_URL", "https://job.example.org")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("MAIL_LOG_MESSAGES", "true")
    with pytest.raises(ConfigError, match="MAIL_LOG_MESSAGES"):
        check_config(load_config(str(tmp_path)))
    monkeypatch.setenv("MAIL_LOG_MESSAGES", "false")
    config = load_config(str(tmp_path))
    check_config(config)
    assert config["SESSION_COOKIE_NAME"] == "__Host-session" and config["SESSION_COOKIE_SECURE"]
