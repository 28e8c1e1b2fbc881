"""My data in a real browser on a phone: the access log by person and day and the readable
export pass axe-core, fit 390 and 320 px without sideways scrolling, in every language."""

import pytest
from sqlalchemy import delete, select

from portal.core.audit import AuditEntry
from portal.core.db import db
from portal.core.identity import User
from tests.browser.helpers import LANGUAGES, opened_page_problems
from tests.browser.server import DEMO_ACCOUNTS, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_data_and_the_readable_export_fit_a_phone(
    signed_in_page, base_url, axe_source, language, specialist_looked
):
    page = signed_in_page(DEMO_ACCOUNTS["client"], language=language)
    problems = []
    for path in ("/my-data", "/my-data/export.html"):
        problems += opened_page_problems(page, base_url, path, language, axe_source)
    assert not problems, "\n".join(problems)
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/my-data")
    with page.expect_navigation():
        page.click("a[href='/my-data/export.html']")  # opens as a page, not a download
    assert page.locator("dl.record").count() > 5
    fits = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits)


@pytest.fixture
def specialist_looked(live_server):
    """Her specialist looked at her goals and plan, and changed the plan, today."""
    app = live_server.app
    with app.app_context():
        anna = db.scalar(select(User).where(User.email == DEMO_ACCOUNTS["client"]))
        mette = db.scalar(select(User).where(User.email == DEMO_ACCOUNTS["specialist"]))
        rows = [
            AuditEntry(
                actor_id=mette.id,
                actor_role=mette.role.value,
                client_id=anna.id,
                action=action,
                what=what,
            )
            for action, what in (
                ("view", "goals.index"),
                ("view", "plans.index"),
                ("change", "plans.edit"),
            )
        ]
        db.add_all(rows)
        db.commit()
        ids = [row.id for row in rows]
    yield
    with app.app_context():
        db.execute(delete(AuditEntry).where(AuditEntry.id.in_(ids)))
        db.commit()
