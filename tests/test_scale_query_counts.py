"""The main pages take the same number of queries when the municipality grows tenfold (F2)."""

from alembic import command as alembic_command

from portal.ops.catalogs import compile_translations
from portal.ops.schema import alembic_config
from tests.bench.generate import generate_municipality
from tests.database import make_test_app, throwaway_database
from tests.helpers import sign_in
from tests.queries import counting_queries

SMALL, LARGE = 0.005, 0.05  # 6 and 60 clients, 500 and 5,000 messages, 100 and 1,000 check-ins


def _page_queries(tmp_path_factory, label: str, scale: float) -> dict[str, int]:
    """Generate the municipality at `scale` in a database of its own; count each page's queries."""
    with throwaway_database(tmp_path_factory, label) as database_url:
        app = make_test_app(database_url)
        try:
            with app.app_context():
                compile_translations()
                alembic_command.upgrade(alembic_config(), "head")
                bench = generate_municipality(scale)
            pages = {
                bench.client_email: {
                    "client home": "/",
                    "goals": f"/clients/{bench.client_id}/goals",
                    "conversation": f"/conversations/{bench.conversation_id}",
                },
                bench.specialist_email: {"caseload": "/"},
                bench.lead_email: {"team report": "/reports"},
            }
            counts = {}
            for email, urls in pages.items():
                browser = app.test_client()
                sign_in(browser, email, bench.password)
                for name, url in urls.items():
                    assert browser.get(url).status_code == 200, url  # a first view may write
                    with counting_queries(app) as counter:
                        assert browser.get(url).status_code == 200, url
                    counts[name] = counter["queries"]
            return counts
        finally:
            app.extensions["db_engine"].dispose()


def test_page_queries_stay_the_same_when_the_data_grows_tenfold(tmp_path_factory):
    small = _page_queries(tmp_path_factory, "scale_small", SMALL)
    large = _page_queries(tmp_path_factory, "scale_large", LARGE)
    assert large == small
    assert max(small.values()) <= 25, small
