"""PostgreSQL stops while people are using the portal: they get a translated 503 page, nothing
is claimed as saved, the load balancer's /readyz says 503 while /healthz stays 200, and the
portal recovers by itself once the database is back."""

import re
import time

import pytest
from sqlalchemy import create_engine, text

from tests.helpers import csrf_token_from
from tests.production.live import SUBMISSION, Browser, gunicorn, prepare_database, wait_for

pytestmark = pytest.mark.production

ANNA = "anna@demo.ips-portal.dk"
NEW_GOAL = "Arbejde i en boghandel"
DANISH_503 = "Vi kan ikke komme til vores data lige nu. Det, du sendte, blev ikke gemt."


@pytest.fixture(scope="module")
def portal_on_private_postgres(private_postgres, tmp_path_factory):
    admin = create_engine(private_postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE portal"))
    admin.dispose()
    url = private_postgres.url.rsplit("/", 1)[0] + "/portal"
    prepare_database(url)
    with gunicorn(url, tmp_path_factory.mktemp("logs") / "gunicorn.log") as base_url:
        yield private_postgres, base_url


GOAL_FORM = {"text": NEW_GOAL, "kind": "job", "status": "active"}


def test_the_portal_says_so_while_the_database_is_down_and_recovers_after(
    portal_on_private_postgres,
):
    database, base_url = portal_on_private_postgres
    anna = Browser(base_url, lang="da")
    assert anna.sign_in(ANNA).status_code == 303
    goals_page = re.search(r"/clients/\d+/goals", anna.get("/").text).group(0)
    form_page = anna.get(goals_page).text  # the form she is filling in when it happens

    database.stop()
    try:
        started = time.monotonic()
        ready = anna.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
        assert time.monotonic() - started < 10  # bounded: a load balancer must not hang
        assert anna.get("/healthz").status_code == 200  # the process itself is fine

        saved = anna.post(goals_page, _with_tokens(form_page, GOAL_FORM))
        assert saved.status_code == 503
        assert DANISH_503 in saved.text and 'lang="da"' in saved.text
        assert "Dit mål er gemt" not in saved.text  # no false "saved"

        swapped = anna.http.post(
            base_url + goals_page,
            data=_with_tokens(form_page, GOAL_FORM),
            headers={"HX-Request": "true", "HX-Target": "goal-list"},
            timeout=15,
        )
        assert swapped.status_code == 503 and DANISH_503 in swapped.text
        assert swapped.headers["HX-Retarget"] == "#flash"  # an alert, not a broken page part
        assert anna.get("/").status_code == 503
    finally:
        database.start()

    # Back without restarting anything: ready again, still signed in, and the goal that
    # could not be saved is not there; saving it now works.
    wait_for(lambda: anna.get("/readyz").status_code == 200, 30, "/readyz to recover")
    page = anna.get(goals_page)
    assert page.status_code == 200 and NEW_GOAL not in page.text
    saved = anna.post_form(goals_page, goals_page, GOAL_FORM)
    assert saved.status_code == 303
    assert NEW_GOAL in anna.get(goals_page).text


def _with_tokens(html: str, data: dict) -> dict:
    """The form as the page gave it to her before the outage, tokens and all."""
    return {"csrf_token": csrf_token_from(html), "submission": SUBMISSION.search(html)[1], **data}
