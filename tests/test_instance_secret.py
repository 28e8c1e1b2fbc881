"""Without SECRET_KEY, development signs with a random key of the installation's own (kept in
instance/secret_key), never with one anyone can read in the source."""

import os
import stat
import threading
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from portal.config import PUBLISHED_SECRET_KEYS, ConfigError
from portal.core.instance_secret import installation_secret
from portal.reports.export import pseudonym

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = {".git", ".venv", "node_modules", "instance", "__pycache__", ".pytest_cache"}


@pytest.fixture(autouse=True)
def development(monkeypatch):
    for name in ("SECRET_KEY", "PORTAL_ENV", "REPORT_PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def installation(monkeypatch, tmp_path):
    """Point the apps made next at an instance folder of their own (never the developer's)."""

    def use(name: str) -> Path:
        folder = tmp_path / name
        monkeypatch.setattr(Flask, "auto_find_instance_path", lambda _app: str(folder))
        return folder

    return use


def in_source(text: str) -> bool:
    needle = text.encode()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in NOT_SOURCE]
        for name in files:
            if needle in Path(folder, name).read_bytes():
                return True
    return False


def test_the_first_start_makes_a_private_key_and_later_starts_keep_it(installation):
    folder = installation("a")
    key = create_app().config["SECRET_KEY"]
    key_file = folder / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # only the portal's user reads it
    # So is the folder, where the SQLite database lives too.
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert key_file.read_text().strip() == key and len(key) >= 64
    assert create_app().config["SECRET_KEY"] == key  # a restart keeps sessions and links valid


def test_two_installations_get_different_keys(installation):
    installation("a")
    first = create_app()
    installation("b")
    second = create_app()
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    # The report's pseudonyms are keyed from it, so they differ between installations too.
    with first.app_context():
        in_first = pseudonym("specialist", 1)
    with second.app_context():
        assert pseudonym("specialist", 1) != in_first


def test_the_key_is_nowhere_in_the_source(installation):
    installation("a")
    key = create_app().config["SECRET_KEY"]
    [published] = PUBLISHED_SECRET_KEYS
    assert in_source(published)  # the search finds a key that is printed in the source
    assert key not in PUBLISHED_SECRET_KEYS and not in_source(key)


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    starters = 8
    barrier, keys = threading.Barrier(starters), []

    def start():
        barrier.wait()
        keys.append(installation_secret(str(tmp_path)))

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == starters and len(set(keys)) == 1
    assert os.listdir(tmp_path) == ["secret_key"]  # no half-made files left behind


def test_a_damaged_key_file_is_refused_rather_than_silently_replaced(installation):
    folder = installation("a")
    folder.mkdir()
    (folder / "secret_key").write_text("\n")
    with pytest.raises(ConfigError, match="delete it"):
        create_app()
    assert (folder / "secret_key").read_text() == "\n"


def test_an_app_given_its_key_writes_no_key_file(installation):
    folder = installation("a")
    create_app({"SECRET_KEY": "k" * 48})
    assert not (folder / "secret_key").exists()


def test_production_without_secret_key_refuses_to_start_and_writes_no_key(
    installation, monkeypatch
):
    folder = installation("a")
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PUBLIC_URL", "https://job.kommune.example")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    assert not (folder / "secret_key").exists()
