"""Real app servers for the production tests: gunicorn processes with the shipped settings on
127.0.0.1, a private PostgreSQL server that a test may stop, and a browser-like HTTP client."""

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from threading import Barrier

import requests
from alembic import command as alembic_command

from portal.core.db import db
from portal.demo.seed import DEMO_PASSWORD, load_demo_data
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests import app_server
from tests.browser.server import demo_code
from tests.database import make_test_app
from tests.helpers import csrf_token_from
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = secrets.token_urlsafe(48)
SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')


def wait_for(check, seconds: float, what: str) -> None:
    """Poll `check` until it is true, or fail the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what} after {seconds} s")


def prepare_database(database_url: str, **settings) -> None:
    """Migrate an empty database and load the demo teams and accounts into it (with `settings`,
    e.g. the PUBLIC_URL its waiting e-mails link to)."""
    app = make_test_app(database_url, **settings)
    with app.app_context():
        compile_translations()
        alembic_command.upgrade(alembic_config(), "head")
        load_demo_data()
        db.commit()
    app.extensions["db_engine"].dispose()


def server_environment(database_url: str, **extra: str) -> dict:
    env = dict(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        PORTAL_ENV="development",
        LOG_FORMAT="json",
        MAIL_LOG_MESSAGES="false",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT="1",
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(database_url: str, log_path: Path, **extra_env: str) -> Iterator[str]:
    """The portal under the production gunicorn settings on a free port; yield its URL."""
    env = server_environment(database_url, **extra_env)
    with app_server.gunicorn("portal:create_app()", log_path, "/healthz", env) as url:
        yield url


class Browser:
    """One person's browser: a cookie jar, and forms sent with the token the page gave."""

    def __init__(self, base_url: str, lang: str = "en"):
        self.base_url = base_url
        self.http = requests.Session()
        self.http.cookies.set("lang", lang)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=15, allow_redirects=False, **kwargs)

    def post_form(self, page: str, action: str, data: dict) -> requests.Response:
        """Open `page`, then send `data` to `action` with the page's CSRF (and one-time) token."""
        html = self.get(page).text
        assert "csrf_token" in html, f"no form on {page}: {html[:300]}"
        fields = {"csrf_token": csrf_token_from(html), **data}
        if (submission := SUBMISSION.search(html)) and "submission" not in data:
            fields["submission"] = submission.group(1)
        return self.post(action, fields)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.http.post(self.base_url + path, data=data, timeout=15, allow_redirects=False)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> requests.Response:
        response = self.post_form("/login", "/login", {"email": email, "password": password})
        if response.status_code == 303 and response.headers["Location"].endswith("/login/code"):
            # A code is good once: the modules share one database, and may sign in the same
            # person within one 30-second step.
            code = demo_code(email)
            response = self.post_form("/login/code", "/login/code", {"code": code})
        return response


def all_at_once(count: int, send):
    """Run `send(n)` in `count` threads released together; return the answers."""
    barrier = Barrier(count)

    def go(n):
        barrier.wait()
        return send(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(go, range(count)))


# --- a PostgreSQL server of the test's own, which it may stop and start ---------------------


def _postgres_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    assert on_path, f"{name} not found: tests/services.sh installs PostgreSQL"
    return on_path


def _as_postgres(args: list[str]) -> list[str]:
    # The server refuses to run as root; CI runs as root, so it runs as the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PrivatePostgres:
    """A throw-away PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self):
        # Its own folder, outside pytest's private ones: the postgres user must reach it.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = _as_postgres(list(args))
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{args[0]} failed: {done.stdout} {done.stderr}"

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._run(
            _postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "30",
            "-l", str(self.folder / "server.log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
