"""The portal deployed as the README says: nginx (deploy/nginx.conf) terminating TLS in front of
two gunicorn app servers in production mode, on PostgreSQL and Redis, with the outbox worker
sending to an SMTP server. Everything listens on 127.0.0.1, on free high ports.

The test fills in only the template's ports, certificate paths, upstream addresses and the
folders it reads from and logs to; nginx runs as a process of its own (`-p`, `-c`), never as
the system's service (tests/services.sh installs Debian's package without starting it)."""

import base64
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
import trustme
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests import app_server
from tests.production.live import ROOT, SECRET_KEY, wait_for
from tests.smtp import RecordingSMTPServer, free_port

PLACEHOLDER = re.compile(r"@[A-Z_]+@")
TEMPLATE = ROOT / "deploy" / "nginx.conf"
STATIC = ROOT / "portal" / "static"
# The part of nginx's own configuration that a Debian system keeps in /etc/nginx/nginx.conf:
# here it points every file nginx writes into the test's folder.
MAIN_CONF = """\
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/startup.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {folder}/portal.conf;
}}
"""


def render_site(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its @NAME@ values filled in (comments, which list them, stay as
    they are); every value must be used, and none left unfilled."""
    lines = TEMPLATE.read_text().splitlines(keepends=True)
    settings = [n for n, line in enumerate(lines) if not line.lstrip().startswith("#")]
    for name, value in values.items():
        used = [n for n in settings if f"@{name}@" in lines[n]]
        assert used, f"deploy/nginx.conf has no @{name}@"
        for n in used:
            lines[n] = lines[n].replace(f"@{name}@", value)
    left = [PLACEHOLDER.findall(lines[n]) for n in settings if PLACEHOLDER.search(lines[n])]
    assert not left, f"deploy/nginx.conf: {left} left unfilled"
    return "".join(lines)


@dataclass
class Certificate:
    chain: Path
    key: Path
    ca: Path
    spki_sha256: str  # what Chromium's --ignore-certificate-errors-spki-list takes


def make_certificate(folder: Path) -> Certificate:
    """A throw-away CA and a certificate for 127.0.0.1 and localhost, made now."""
    authority = trustme.CA()
    issued = authority.issue_cert("127.0.0.1", "localhost")
    chain, key, ca = folder / "chain.pem", folder / "key.pem", folder / "ca.pem"
    chain.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(key))
    authority.cert_pem.write_to_path(str(ca))
    leaf = x509.load_pem_x509_certificate(issued.cert_chain_pems[0].bytes())
    spki = leaf.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return Certificate(chain, key, ca, base64.b64encode(hashlib.sha256(spki).digest()).decode())


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Nginx:
    folder: Path
    https_port: int
    http_port: int
    config: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def log(self, name: str) -> str:
        path = self.folder / "logs" / name
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def nginx(certificate: Certificate, app_servers: list[str], https_port: int) -> Iterator[Nginx]:
    """nginx with deploy/nginx.conf on `https_port` in front of `app_servers` ('HOST:PORT')."""
    # Its own folder outside pytest's private ones: the worker processes must reach it.
    folder = Path(tempfile.mkdtemp(prefix="portal-test-nginx-"))
    os.chmod(folder, 0o755)  # noqa: S103 - nginx's workers read it
    for sub in ("logs", "tmp"):
        (folder / sub).mkdir()
    server = Nginx(folder, https_port=https_port, http_port=free_port())
    server.config = render_site(
        {
            "HTTPS_LISTEN": f"127.0.0.1:{server.https_port}",
            "HTTP_LISTEN": f"127.0.0.1:{server.http_port}",
            "SERVER_NAME": "127.0.0.1",
            "CERTIFICATE": str(certificate.chain),
            "CERTIFICATE_KEY": str(certificate.key),
            "APP_SERVERS": "\n    ".join(f"server {address};" for address in app_servers),
            "PORTAL_STATIC": str(STATIC),
            "LOG_DIR": str(folder / "logs"),
        }
    )
    (folder / "portal.conf").write_text(server.config)
    # Started by root (as CI is), nginx's workers would run as "nobody", who may not reach a
    # checkout under a private folder; they run as the test's own user instead.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(MAIN_CONF.format(folder=folder, user=user))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, f"nginx refused the configuration:\n{checked.stderr}"
    with open(folder / "logs" / "stderr.log", "ab") as output:
        server.process = subprocess.Popen(command, stdout=output, stderr=output)
    try:
        wait_for(lambda: _listening(server.https_port), 20, "nginx to listen")
        yield server
    finally:
        app_server.stop_process(server.process, signal.SIGQUIT)  # finish what is under way
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Deployment:
    url: str
    nginx: Nginx
    mail: RecordingSMTPServer
    certificate: Certificate
    logs: list[Path]  # the app servers' and the e-mail worker's
    stack: ExitStack = field(repr=False)
    eid_broker: object = None  # the test eID broker over https:// (tests/eid_broker.py)
    eid_ca: Path | None = None  # the certificate authority its certificate is from

    def stop_app_servers(self) -> None:
        """Stop both app servers (and the worker), leaving nginx running."""
        self.stack.close()


def production_environment(database_url: str, public_url: str, mail_port: int, **extra) -> dict:
    env = dict(
        PORTAL_ENV="production",
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        PUBLIC_URL=public_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mail_port),
        MAIL_LOG_MESSAGES="false",
    )
    env.update(extra)
    return env


@contextmanager
def deployed_portal(
    database_url: str, https_port: int, folder: Path, **env: str
) -> Iterator[Deployment]:
    """The whole deployment at https://127.0.0.1:`https_port`; `env` adds settings (REDIS_URL,
    RATELIMIT_KEY_PREFIX...)."""
    certificate = make_certificate(folder)
    mail = RecordingSMTPServer()
    mail.start()
    app_ports = [free_port(), free_port()]
    with ExitStack() as outer:
        outer.callback(mail.stop)
        front = outer.enter_context(
            nginx(certificate, [f"127.0.0.1:{port}" for port in app_ports], https_port)
        )
        settings = production_environment(database_url, front.url, mail.port, **env)
        servers = ExitStack()
        outer.enter_context(servers)
        logs = [folder / "app-a.log", folder / "app-b.log"]
        for port, log in zip(app_ports, logs, strict=True):
            servers.enter_context(
                app_server.gunicorn("portal:create_app()", log, "/healthz", settings, port=port)
            )
        logs.append(folder / "worker.log")
        servers.enter_context(outbox_worker(settings, logs[-1]))
        yield Deployment(front.url, front, mail, certificate, logs, servers)


@contextmanager
def outbox_worker(settings: dict, log_path: Path) -> Iterator[subprocess.Popen]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")} | settings
    command = [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--watch"]
    with open(log_path, "ab") as log:
        worker = subprocess.Popen(
            [*command, "--interval", "0.5"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    try:
        yield worker
    finally:
        app_server.stop_process(worker, signal.SIGTERM)


def wait_for_emails(mail: RecordingSMTPServer, to: str, count: int, seconds: float = 30) -> list:
    """The e-mails the SMTP server received for `to`, in order, once there are `count`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        received = [message for message in mail.messages if to in message["To"]]
        if len(received) >= count:
            return received
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} e-mails to {to} after {seconds} s")


def https_session(deployment: Deployment) -> requests.Session:
    """An HTTP client that trusts the deployment's certificate (and, unlike a session's
    `verify`, is not overridden by REQUESTS_CA_BUNDLE from the environment)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(deployment.certificate.ca)
    return session
