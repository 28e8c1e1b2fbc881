"""Start a WSGI app under gunicorn with the shipped settings (portal/ops/gunicorn_config.py) on a
free local port: used by the production tests and by `make bench`."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[1]


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code < 500
    except requests.RequestException:
        return False


@contextmanager
def gunicorn(
    app: str, log_path: Path, probe: str, env: dict[str, str], port: int | None = None
) -> Iterator[str]:
    """Serve `app` (e.g. 'portal:create_app()') until the block ends; yield its base URL.
    `env` is added to this process's environment (less any GUNICORN_ settings of its own)."""
    port = port or free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "PYTEST_"))}
    full_env.update(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    command = [sys.executable, "-m", "gunicorn", "-c", "python:portal.ops.gunicorn_config", app]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(url + probe):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"gunicorn ({app}) did not start:\n{tail}")
            time.sleep(0.1)
        yield url
    finally:
        stop_process(process, signal.SIGTERM)


def stop_process(process: subprocess.Popen, how: int, seconds: float = 20) -> None:
    """Ask `process` to stop with the signal `how`; kill it if it has not within `seconds`."""
    process.send_signal(how)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
