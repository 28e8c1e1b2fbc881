"""The team report is kept once computed, under the data version: a new job saved by another
app server changes the next view at once; a plain view writes nothing; the report's queries
read only the tables whose changes move the version on (so none is forgotten); nothing kept
names a specialist."""

import re
from datetime import date

from sqlalchemy import event, select

from portal.core.db import Base, db
from portal.reports.cache import COUNTED, data_version
from portal.reports.periods import MONTH, containing
from tests.database import make_test_app
from tests.factories import make_job
from tests.queries import counting_queries


def _jobs_figure(page: str) -> str:
    return re.search(r'id="figure-job_starts"[^>]*>(.*?)</', page, re.S).group(1)


def _report_url(app, people) -> str:
    with app.app_context():
        from portal.core.dates import local_today

        period = containing(local_today(), MONTH).code
    return f"/reports?team={people['team'].id}&period={period}"


def _new_jobs(app, people, count: int) -> None:
    with app.app_context():
        for _ in range(count):
            make_job(
                db.merge(people["specialist_a"]),
                db.merge(people["client_a"]),
                db.merge(people["employer"]),
                start_date=date.today(),
            )


def test_a_new_job_saved_on_another_server_shows_at_the_next_view(app, login_as, people):
    lead = login_as("admin")
    url = _report_url(app, people)
    first = lead.get(url).get_data(as_text=True)
    with counting_queries(app) as counter:
        again = lead.get(url).get_data(as_text=True)
    assert again == first or _same_figures(again, first)
    kept_view = counter["queries"]
    other_server = make_test_app(app.config["DATABASE_URL"])  # its own process's cache
    with other_server.app_context():
        before = data_version()
    _new_jobs(other_server, people, 5)
    with other_server.app_context():
        assert data_version() > before  # moved on in the job's own transaction
    later = lead.get(url).get_data(as_text=True)
    assert later != first and "5" in later
    with counting_queries(app) as counter:
        lead.get(url)
    assert counter["queries"] == kept_view  # kept again, under the new version


def _same_figures(one: str, other: str) -> bool:
    return re.findall(r'class="figure-value">([^<]*)<', one) == re.findall(
        r'class="figure-value">([^<]*)<', other
    )


def test_a_kept_view_costs_few_queries_and_writes_nothing(app, login_as, people):
    lead = login_as("admin")
    url = _report_url(app, people)
    lead.get(url)
    statements = []
    engine = app.extensions["db_engine"]

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert lead.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements
    app.extensions["report_cache"].clear()
    with counting_queries(app) as computing:
        lead.get(url)
    assert len(statements) + 8 <= computing["queries"], (statements, computing)


def test_the_report_reads_only_the_counted_tables(app, login_as, people):
    """A table the report reads outside COUNTED would change figures without moving the
    version on: kept reports would go stale. Every table named in its queries is counted."""
    lead = login_as("admin")
    url = _report_url(app, people)
    app.extensions["report_cache"].clear()
    statements = []
    engine = app.extensions["db_engine"]

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        lead.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    report_sql = [s for s in statements if "jobs" in s or "feedback" in s]
    assert report_sql, "the report was not computed"
    tables = {t.name for t in Base.metadata.sorted_tables}
    named = {name for sql in report_sql for name in re.findall(r"\b([a-z_]+)\b", sql)}
    read = (named & tables) - {
        "login_sessions",
        "data_versions",
        "team_leads",
        "conversations",
        "messages",
    }
    assert read <= COUNTED, read - COUNTED


def test_nothing_kept_names_a_specialist(app, login_as, people):
    lead = login_as("admin")
    page = lead.get(_report_url(app, people)).get_data(as_text=True)
    store = app.extensions["report_cache"]
    kept = b"".join(store.kept.values())
    assert kept
    for person in ("specialist_a", "specialist_b"):
        name = people[person].name
        assert name.encode() not in kept
    assert people["specialist_a"].name in page  # the page itself still shows the lead's team
    with app.app_context():
        assert db.scalar(select(1)) == 1
