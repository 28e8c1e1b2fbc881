"""`make bench`: the portal's main pages under load, compared with a bare Flask page.

    python -m tests.bench.run [--seconds 5] [--rounds 5] [--only postgresql|sqlite]

For each database (a throw-away PostgreSQL database on 127.0.0.1:5432, then SQLite in a
temporary folder): migrate, generate the municipality (tests/bench/generate.py), serve the
portal (production settings, Redis) and the bare page as deployed (gunicorn with
portal/ops/gunicorn_config.py behind nginx with TLS), sign in over HTTPS, and run wrk rounds
asking for compressed answers as a browser does; then read the workers' memory. On
PostgreSQL also the page weight of the client home and Lighthouse. The results go to
docs/bench/results.json and docs/bench/results.md, and the table is printed.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from pathlib import Path

import requests
from alembic import command as alembic_command
from sqlalchemy import event

from portal import create_app
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.app_server import gunicorn
from tests.bench import browser, report
from tests.bench.generate import generate_municipality, row_counts
from tests.bench.load import CONNECTIONS, THREADS, summarise, wrk
from tests.bench.servers import (
    ROOT,
    USER_AGENT,
    gunicorn_worker_memory_mb,
    portal_environment,
    postgres_database,
    postgres_version,
    sign_in,
    sqlite_database,
)
from tests.production.deployment import make_certificate, nginx
from tests.smtp import free_port

RESULTS = ROOT / "docs" / "bench"
WARM_UP_SECONDS = 2


def prepare(database_url: str, secret_key: str):
    """Migrate the empty database and fill it; return the handles and the row counts."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "TESTING": True})
    with app.app_context():
        compile_translations()
        alembic_command.upgrade(alembic_config(), "head")
        started = time.monotonic()
        handles = generate_municipality(1.0)
        seconds = time.monotonic() - started
        rows = row_counts()
    app.extensions["db_engine"].dispose()
    return handles, rows, seconds


def count_queries(database_url: str, secret_key: str, pages: dict) -> dict:
    """Database queries per page, in-process, with the cookies signed in over HTTP."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "TESTING": True})
    engine = app.extensions["db_engine"]
    counts = {}
    for name, (path, cookie) in pages.items():
        client = app.test_client()
        client.set_cookie("session", cookie.split("=", 1)[1])
        counter = [0]

        def count(*_args, counter=counter):
            counter[0] += 1

        client.get(path)  # a first view may write once (reading messages, the idle stamp)
        event.listen(engine, "before_cursor_execute", count)
        try:
            status = client.get(path).status_code
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts[name] = counter[0] if status == 200 else f"status {status}"
    engine.dispose()
    return counts


def deployed(stack: ExitStack, app: str, folder: Path, probe: str, settings, certificate):
    """`app` served as the README deploys the portal: gunicorn with the shipped settings,
    and the environment `settings(public_url)`, behind nginx (deploy/nginx.conf) with TLS and
    `certificate`. Returns nginx's https:// address and gunicorn's port."""
    folder.mkdir()
    app_port, https_port = free_port(), free_port()
    env = settings(f"https://127.0.0.1:{https_port}")
    stack.enter_context(gunicorn(app, folder / "gunicorn.log", probe, env, port=app_port))
    front = stack.enter_context(nginx(certificate, [f"127.0.0.1:{app_port}"], https_port))
    return front.url, app_port


def bench_database(label: str, database_url: str, args, logs: Path, extras: dict) -> dict:
    secret_key = secrets.token_urlsafe(48)
    print(f"== {label}: migrating and generating the municipality", flush=True)
    handles, rows, generate_seconds = prepare(database_url, secret_key)
    print(f"   generated in {generate_seconds:.1f} s: {rows}", flush=True)
    result = {"rows": rows, "generate_seconds": round(generate_seconds, 1), "problems": []}
    (logs / f"{label}-tls").mkdir()
    certificate = make_certificate(logs / f"{label}-tls")
    # requests (signing in, the page weight) trusts the throw-away certificate authority.
    os.environ["REQUESTS_CA_BUNDLE"] = str(certificate.ca)
    with ExitStack() as stack:
        portal, portal_port = deployed(
            stack,
            "portal:create_app()",
            logs / label,
            "/healthz",
            lambda public_url: portal_environment(database_url, secret_key, public_url),
            certificate,
        )
        bare, _port = deployed(
            stack,
            "tests.bench.bare:create_app()",
            logs / f"{label}-bare",
            "/",
            lambda _url: {},
            certificate,
        )
        password = handles.password
        client = sign_in(portal, handles.client_email, password)
        specialist = sign_in(portal, handles.specialist_email, password, handles.specialist_totp)
        lead = sign_in(portal, handles.lead_email, password, handles.lead_totp)
        pages = {
            "client home": ("/", client),
            "goals": (f"/clients/{handles.client_id}/goals", client),
            "conversation (200 messages)": (f"/conversations/{handles.conversation_id}", client),
            "specialist caseload": ("/", specialist),
            "team report": ("/reports", lead),
        }
        targets = {"bare": (bare, "/", None)} | {
            name: (portal, path, cookie) for name, (path, cookie) in pages.items()
        }
        for name, (base, path, cookie) in targets.items():
            headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
            response = requests.get(base + path, headers=headers, timeout=30, allow_redirects=False)
            if response.status_code != 200:
                raise RuntimeError(f"{name} ({path}) answered {response.status_code}")
            print(f"   {name}: 200, {len(response.content)} bytes", flush=True)
        queries = count_queries(database_url, secret_key, pages)
        print(f"   queries per page: {queries}", flush=True)
        for base, path, cookie in targets.values():
            wrk(base + path, WARM_UP_SECONDS, cookie)
        runs = {name: [] for name in targets}
        for number in range(args.rounds):
            for name, (base, path, cookie) in targets.items():
                runs[name].append(wrk(base + path, args.seconds, cookie))
            line = ", ".join(f"{name} {r[-1].rps:.0f}" for name, r in runs.items())
            print(f"   round {number + 1}/{args.rounds} (rps): {line}", flush=True)
        result["worker_memory_mb"] = gunicorn_worker_memory_mb(portal_port)
        summary = {name: summarise(r) for name, r in runs.items()}
        result["pages"] = {}
        for name, (_base, path, _cookie) in targets.items():
            page = {"path": path, **summary[name]}
            if name != "bare":
                # Each round's ratio, then their median: the bare page and the page are asked
                # in turn, so a round's swing of the machine touches both (it moved the bare
                # page between 900 and 2,200 requests a second here, round to round).
                ratios = [
                    mine.rps / bare.rps
                    for mine, bare in zip(runs[name], runs["bare"], strict=True)
                    if bare.rps
                ]
                page["ratio"] = round(statistics.median(ratios), 3) if ratios else 0.0
                page["queries"] = queries[name]
            if page["bad_responses"]:
                result["problems"].append(f"{name}: {page['bad_responses']} bad responses")
            result["pages"][name] = page
        if extras is not None:
            print("== page weight and Lighthouse", flush=True)
            extras["page_weight"] = browser.page_weight(portal, "/", client)
            extras["lighthouse"] = {
                "client home": browser.lighthouse(portal + "/", client),
                "check-in (employer link)": browser.lighthouse(portal + handles.checkin_path),
            }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("postgresql", "sqlite"))
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = {
        "machine": report.machine(postgres_version(), browser.LIGHTHOUSE),
        "settings": {
            "gunicorn": "portal/ops/gunicorn_config.py (2 workers x 4 threads, gthread)",
            "wrk": f"-t{THREADS} -c{CONNECTIONS} --latency over https://, "
            f"Accept-Encoding br, gzip, User-Agent {USER_AGENT}",
            "rounds": args.rounds,
            "seconds": args.seconds,
        },
        "databases": {},
    }
    failed = False
    databases = [("PostgreSQL", postgres_database), ("SQLite", sqlite_database)]
    with tempfile.TemporaryDirectory(prefix="portal-bench-logs-") as folder:
        for label, database in databases:
            if args.only and args.only != label.lower():
                continue
            extras = {} if label == "PostgreSQL" else None
            try:
                with database() as url:
                    results["databases"][label] = bench_database(
                        label, url, args, Path(folder), extras
                    )
            except Exception:  # keep the other database's results, and say what failed
                failed = True
                traceback.print_exc()
                for log in sorted(Path(folder).rglob("*.log")):
                    print(f"--- {log.name} (end)\n{log.read_text(errors='replace')[-2000:]}")
                results["databases"][label] = {"error": traceback.format_exc()[-2000:]}
            if extras:
                results |= extras
    results["total_seconds"] = round(time.monotonic() - started, 1)
    text = report.write(results, RESULTS)
    print()
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
