"""Configuration from the environment; production refuses an unsafe secret key."""

import re
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from portal.config import (
    DEVELOPMENT_PUBLIC_URL,
    PUBLISHED_SECRET_KEYS,
    ConfigError,
    normalise_database_url,
)

[PUBLISHED_KEY] = PUBLISHED_SECRET_KEYS


@pytest.fixture(autouse=True)
def _own_instance_folder(monkeypatch, tmp_path):
    """Every app here gets a fresh instance folder: the developer's own instance/ (their
    database and signing key) is never read or written by these tests."""
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda _app: str(folder))
    return folder


@pytest.mark.parametrize("secret", [None, "", PUBLISHED_KEY, "too-short"])
def test_production_refuses_a_missing_or_default_secret_key(monkeypatch, secret):
    monkeypatch.setenv("PORTAL_ENV", "production")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError):
        create_app()


def test_production_with_a_real_secret_uses_safe_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("PUBLIC_URL", "https://job.kommune.example/")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    app = create_app()
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAIL_LOG_MESSAGES"] is False  # one-time links never go to the log
    assert app.config["PUBLIC_URL"] == "https://job.kommune.example"


def test_production_needs_its_public_https_address(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    for value in (None, "http://job.kommune.example"):
        if value is None:
            monkeypatch.delenv("PUBLIC_URL", raising=False)
        else:
            monkeypatch.setenv("PUBLIC_URL", value)
        with pytest.raises(ConfigError):
            create_app()


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/portal")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/2")
    monkeypatch.setenv("MAIL_SERVER", "smtp.kommune.example")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_STARTTLS", "true")
    app = create_app()
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u:p@db.internal:5432/portal"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/2"
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.kommune.example", 587)
    assert app.config["MAIL_USE_STARTTLS"] is True


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["DATABASE_URL"].startswith("sqlite:///")
    assert app.config["DATABASE_URL"].endswith("instance/portal.sqlite3")


def test_database_url_normalisation():
    assert normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


def test_production_needs_redis_so_every_worker_shares_the_sign_in_counts(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("PUBLIC_URL", "https://job.kommune.example")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        create_app()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_public_url_defaults_to_the_address_make_run_serves(monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    assert create_app().config["PUBLIC_URL"] == DEVELOPMENT_PUBLIC_URL
    # Kept in step with the Makefile, so links e-mailed in development open the running portal.
    makefile = (Path(__file__).parents[1] / "Makefile").read_text()
    served = re.search(r"\$\(FLASK\) run --host (\S+) --port (\d+)", makefile)
    assert served and f"http://{served[1]}:{served[2]}" == DEVELOPMENT_PUBLIC_URL


def test_the_published_development_key_is_refused_everywhere(monkeypatch):
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.setenv("SECRET_KEY", PUBLISHED_KEY)
    with pytest.raises(ConfigError):
        create_app()


def test_passwords_get_argon2s_full_cost_and_production_refuses_the_tests_cheap_one(
    monkeypatch, tmp_path
):
    from argon2 import extract_parameters

    from portal.accounts.passwords import hash_password

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("FAST_PASSWORD_HASHING", "1")  # not read from the environment
    with create_app().app_context():
        stored = extract_parameters(hash_password("a long enough password"))
    assert (stored.memory_cost, stored.time_cost) == (65536, 3)  # RFC 9106, 64 MiB
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("PUBLIC_URL", "https://job.kommune.example")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(ConfigError, match="FAST_PASSWORD_HASHING"):
        create_app({"FAST_PASSWORD_HASHING": True})
