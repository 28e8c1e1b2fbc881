"""Where a page's time goes, in-process: the bench's municipality on a throw-away SQLite (or
PostgreSQL) database, each page asked N times through Flask's test client on one core, and
optionally a pyinstrument profile of one page.

    python -m tests.bench.profile [--requests 200] [--postgresql] [--profile "client home"]
        [--functions]

Quicker than `make bench` for trying a change (seconds, not minutes); `make bench` measures
what counts (gunicorn under load, as deployed).
"""

import argparse
import secrets
import sys
import time
from contextlib import ExitStack

import pyotp
from alembic import command as alembic_command

from portal import create_app
from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.bench.generate import generate_municipality
from tests.bench.servers import postgres_database, sqlite_database
from tests.helpers import csrf_token_from


def _signed_in(app, email: str, password: str, totp: str | None):
    browser = app.test_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": email, "password": password, "next": ""}
    answer = browser.post("/login", data=data)
    if answer.location.endswith("/login/code"):
        token = csrf_token_from(browser.get("/login/code").get_data(as_text=True))
        browser.post("/login/code", data={"csrf_token": token, "code": pyotp.TOTP(totp).now()})
    return browser


def _print_round_trips(app, path, browser) -> None:
    """Every statement, BEGIN and ROLLBACK one request sends to the database, in order."""
    from sqlalchemy import event

    engine = app.extensions["db_engine"]
    trips = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        trips.append(" ".join(sql.split())[:160])

    listeners = {
        "before_cursor_execute": statement,
        "begin": lambda conn: trips.append("BEGIN"),
        "rollback": lambda conn: trips.append("ROLLBACK"),
        "commit": lambda conn: trips.append("COMMIT"),
    }
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    browser.get(path)
    for name, listener in listeners.items():
        event.remove(engine, name, listener)
    print("\n".join(trips))


def _print_costliest_functions(path, browser, requests: int) -> None:
    """The functions that spend the most time themselves: where many small costs add up."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    with profiler:
        for _ in range(requests):
            browser.get(path)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--profile", help="the page to profile, e.g. 'client home'")
    parser.add_argument(
        "--statements", action="store_true", help="with --profile: each round trip of one request"
    )
    parser.add_argument(
        "--functions", action="store_true", help="with --profile: cProfile's costliest functions"
    )
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = stack.enter_context(postgres_database() if args.postgresql else sqlite_database())
        settings = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(48)}
        # TESTING: no request log on standard error (it would be most of what is measured).
        app = create_app(settings | {"RATELIMIT_ENABLED": False, "TESTING": True})
        with app.app_context():
            compile_translations()
            alembic_command.upgrade(alembic_config(), "head")
            handles = generate_municipality(1.0)
        password = handles.password
        client = _signed_in(app, handles.client_email, password, None)
        specialist = _signed_in(app, handles.specialist_email, password, handles.specialist_totp)
        lead = _signed_in(app, handles.lead_email, password, handles.lead_totp)
        pages = {
            "accessibility": ("/accessibility", client),
            "client home": ("/", client),
            "goals": (f"/clients/{handles.client_id}/goals", client),
            "conversation (200 messages)": (f"/conversations/{handles.conversation_id}", client),
            "specialist caseload": ("/", specialist),
            "team report": ("/reports", lead),
        }
        for name, (path, browser) in pages.items():
            assert browser.get(path).status_code == 200, name
            started = time.perf_counter()
            for _ in range(args.requests):
                browser.get(path)
            ms = (time.perf_counter() - started) * 1000 / args.requests
            print(f"{name:32} {ms:7.2f} ms a request")
        if args.profile and args.statements:
            _print_round_trips(app, *pages[args.profile])
        elif args.profile and args.functions:
            _print_costliest_functions(*pages[args.profile], args.requests)
        elif args.profile:
            from pyinstrument import Profiler

            path, browser = pages[args.profile]
            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(args.requests):
                    browser.get(path)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        app.extensions["db_engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
