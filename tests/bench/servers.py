"""Throw-away databases, the production settings, and signing in over HTTP(S)."""

import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyotp
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
USER_AGENT = "ips-portal-bench/1"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create `portal_bench_<random>` on 127.0.0.1:5432; drop that one database afterwards."""
    name = f"portal_bench_{secrets.token_hex(6)}"
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        yield f"sqlite:///{folder}/portal.sqlite3"


def postgres_version() -> str:
    admin = create_engine(f"{POSTGRES_SERVER}/postgres")
    try:
        with admin.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar_one()
    finally:
        admin.dispose()


def portal_environment(database_url: str, secret_key: str, public_url: str) -> dict:
    """The production settings, as deployed behind nginx at `public_url`."""
    return {
        "PORTAL_ENV": "production",
        "PUBLIC_URL": public_url,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "RATELIMIT_ENABLED": "false",  # the bench signs in several times a minute
        # Redis as deployed: the kept team reports are shared by the workers there.
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": f"portal-bench-{secret_key[:8]}",
        "MAIL_LOG_MESSAGES": "false",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": "1",
    }


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the sign-in page")
    return match.group(1) or match.group(2)


def sign_in(base_url: str, email: str, password: str, totp_secret: str | None = None) -> str:
    """Sign in through the forms (and the code step for staff); return the session cookie."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT

    def post_form(path: str, data: dict) -> requests.Response:
        page = http.get(base_url + path, timeout=15)
        data = {"csrf_token": _csrf(page.text), **data}
        # Over https:// Flask-WTF also wants the Referer of the page, as a browser sends it.
        headers = {"Referer": base_url + path}
        return http.post(
            base_url + path, data=data, headers=headers, timeout=15, allow_redirects=False
        )

    response = post_form("/login", {"email": email, "password": password})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in of {email} answered {response.status_code}")
    if response.headers["Location"].endswith("/login/code"):
        response = post_form("/login/code", {"code": pyotp.TOTP(totp_secret).now()})
        if response.status_code != 303:
            raise RuntimeError(f"the code step of {email} answered {response.status_code}")
    # "__Host-session" in production, "session" in development.
    cookies = {name: value for name, value in http.cookies.items() if name.endswith("session")}
    if len(cookies) != 1:
        raise RuntimeError(f"no session cookie after signing in {email}")
    [(name, value)] = cookies.items()
    return f"{name}={value}"


def gunicorn_worker_memory_mb(port: int) -> list[float]:
    """The resident memory of each gunicorn worker serving 127.0.0.1:`port` (the processes
    whose parent, the arbiter, was started with that bind), from /proc."""
    bind = f"GUNICORN_BIND=127.0.0.1:{port}".encode()
    started_with_bind = {}
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit() or bind not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            status = dict(line.split(":", 1) for line in (proc / "status").read_text().splitlines())
        except OSError:  # gone meanwhile, or not ours to read
            continue
        started_with_bind[proc.name] = status
    return sorted(
        round(int(status["VmRSS"].split()[0]) / 1024, 1)
        for status in started_with_bind.values()
        if status["PPid"].strip() in started_with_bind
    )
