"""The caseload workspace in a real browser: axe-core, reflow at 320 px and <html lang> in
every language for the specialist's caseload and job development log, the team lead's team,
hand-over and report pages, and the home pages after a hand-over; and the caseload's filter
and sort links (htmx, and plain links without JavaScript). The job development journeys are
in test_job_development_pages.py, the hand-over journey and the report in
test_team_lead_pages.py; they use the helpers here.

The live database is shared with the other browser tests, so the expected rows are read from
the data when each test runs. A hand-over here moves Nadia, whom no other browser test uses,
and puts her back afterwards.
"""

from dataclasses import dataclass

import pytest
from flask_babel import force_locale

from portal.caseload.handover import hand_over
from portal.caseload.services import caseload_rows
from portal.core.db import db
from tests.browser.demo import (
    BAD_PERIOD,
    LEAD,
    NADIA,
    OTHER_SPECIALIST,
    SPECIALIST,
    DemoCaseload,
    give_back,
    look_up_demo_caseload,
    user,
)
from tests.browser.helpers import (
    LANGUAGES,
    assert_focus_on,
    assert_same_page,
    axe_violations,
    checked_page_problems,
    mark_page,
    opened_page_problems,
    said,
    shown_page_problems,
    table_names,
)
from tests.browser.server import DESKTOP, PHONE, switch_language

pytestmark = pytest.mark.browser

NOTE_TO_CLIENT = "Jonas hjælper dig fra mandag. Du kan skrive til ham som før."
NOTE_TO_SPECIALIST = "Nadia vil helst mødes om formiddagen."


VISITORS = {"specialist": SPECIALIST, "admin": LEAD}


@pytest.fixture(scope="session")
def demo_caseload(live_server) -> DemoCaseload:
    return look_up_demo_caseload(live_server)


def hand_over_now(
    live_server, client: str, to: str, note_to_client: str, note_to_specialist: str
) -> None:
    """The team lead hands `client` over to the specialist `to` (through the service)."""
    with live_server.app.app_context(), force_locale("da"):
        hand_over(user(LEAD), user(client), user(to).id, note_to_client, note_to_specialist)
        db.commit()


@pytest.fixture
def nadia_handed_to_jonas(live_server):
    hand_over_now(live_server, NADIA, OTHER_SPECIALIST, NOTE_TO_CLIENT, NOTE_TO_SPECIALIST)
    yield
    give_back(live_server, NADIA, SPECIALIST)


# --- every page: axe-core, reflow and the page's language ------------------------------------


def page_problems(page, base_url: str, path: str, language: str, axe_source: str):
    """checked_page_problems, and the report with a bad period (422, errors shown)."""
    if path != BAD_PERIOD:
        return checked_page_problems(page, base_url, path, language, axe_source)
    page.set_viewport_size(PHONE)
    response = page.goto(base_url + path)
    if response.status != 422 or not page.locator(".error-summary").is_visible():
        return [f"{path}: answered {response.status} without errors"]
    return shown_page_problems(page, path, language, axe_source)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", VISITORS)
def test_caseload_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, demo_caseload, visitor, language
):
    page = signed_in_page(VISITORS[visitor], language=language)
    problems = [
        problem
        for path in demo_caseload.pages(visitor)
        for problem in page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


# The caseload as it first opens is the specialist's home page, checked with every page in
# test_pages.py; these are its other two views.
CASELOAD_VIEWS = ["/?show=attention", "/?sort=last_contact"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_caseload_views_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, language
):
    page = signed_in_page(SPECIALIST, language=language)
    problems = [
        problem
        for path in CASELOAD_VIEWS
        for problem in opened_page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_pages_after_a_handover_pass_axe_and_reflow_at_320_px(
    live_server, signed_in_page, base_url, axe_source, nadia_handed_to_jonas, language
):
    nadia = signed_in_page(NADIA, language=language)
    problems = opened_page_problems(nadia, base_url, "/", language, axe_source)
    new_specialist = "Your new employment specialist is %(name)s"
    heading = nadia.locator("#handover-heading")
    assert heading.inner_text() == said(live_server, language, new_specialist, name="Jonas Holm")
    panel = nadia.locator("section[aria-labelledby=handover-heading]")
    assert panel.locator(".note-body").inner_text() == NOTE_TO_CLIENT

    jonas = signed_in_page(OTHER_SPECIALIST, language=language)
    problems += opened_page_problems(jonas, base_url, "/", language, axe_source)
    item = jonas.locator("section[aria-labelledby=attention-heading] li").filter(
        has_text="Nadia Ali"
    )
    from_mette = said(
        live_server, language, "handed over to you from %(name)s", name="Mette Jensen"
    )
    assert from_mette in item.inner_text()
    assert item.locator(".note-body").inner_text() == NOTE_TO_SPECIALIST
    assert not problems, "\n".join(problems)


# --- the caseload's filter and sort links ----------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    phase: str
    needs_attention: bool
    days_since_contact: int | None


def caseload_data(live_server) -> list[Row]:
    """Mette's caseload as the data has it now, by name."""
    with live_server.app.app_context():
        return [
            Row(row.client.name, row.phase.value, row.needs_attention, row.days_since_contact)
            for row in caseload_rows(user(SPECIALIST))
        ]


def get_with_htmx(page, link) -> None:
    """Follow a link that htmx loads, and wait until the answer is swapped in."""
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as answer:
        link.click()
    assert answer.value.request.method == "GET"
    assert answer.value.status == 200
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def filter_link(page, label: str):
    return page.locator("#caseload nav").get_by_role("link", name=label, exact=True)


def current_filter(page) -> str:
    current = page.locator("#caseload nav a[aria-current=true]")
    assert current.count() == 1, "exactly one filter should be marked as the current one"
    return current.inner_text()


def test_caseload_filters_swap_only_the_table_with_htmx(
    live_server, signed_in_page, base_url, axe_source
):
    data = caseload_data(live_server)
    needing = [row.name for row in data if row.needs_attention]
    searching = [row.name for row in data if row.phase == "job_search"]
    assert 0 < len(needing) < len(data), "the demo caseload should need some attention"
    assert searching, "the demo caseload should have someone looking for work"
    page = signed_in_page(SPECIALIST)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/")
    everyone = said(live_server, "da", "Everyone")
    assert current_filter(page) == everyone
    assert table_names(page) == [row.name for row in data]
    mark_page(page)

    attention = said(live_server, "da", "Needs attention")
    get_with_htmx(page, filter_link(page, attention))
    page.wait_for_url(f"{base_url}/?show=attention")
    assert table_names(page) == needing
    assert page.locator("#caseload tbody tr:not(.row-attention)").count() == 0
    assert current_filter(page) == attention
    assert_focus_on(page, "#caseload-heading")
    assert_same_page(page)
    # Only the caseload's block came back, not a second copy of the page inside it.
    for landmark in ("main", "nav.main-nav", "#flash", "#caseload", "#caseload-heading"):
        assert page.locator(landmark).count() == 1, f"{landmark} is on the page twice"
    assert axe_violations(page, axe_source) == []

    job_search = said(live_server, "da", "Job search")
    get_with_htmx(page, filter_link(page, job_search))
    page.wait_for_url(f"{base_url}/?show=job_search")
    assert table_names(page) == searching
    phases = page.locator("#caseload tbody td:nth-of-type(1)").all_inner_texts()
    assert phases == [job_search] * len(searching)
    assert current_filter(page) == job_search
    assert_same_page(page)

    page.reload()  # the pushed address shows the same choice
    assert table_names(page) == searching
    assert current_filter(page) == job_search


def test_caseload_links_work_without_javascript(live_server, signed_in_page, base_url):
    data = caseload_data(live_server)
    page = signed_in_page(SPECIALIST, java_script_enabled=False)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/")
    attention = said(live_server, "da", "Needs attention")
    with page.expect_navigation():
        filter_link(page, attention).click()
    assert page.url == f"{base_url}/?show=attention#caseload"
    assert table_names(page) == [row.name for row in data if row.needs_attention]
    assert current_filter(page) == attention

    # Sorting keeps the filter.
    with page.expect_navigation():
        page.locator("#caseload thead").get_by_role(
            "link", name=said(live_server, "da", "Last contact")
        ).click()
    assert page.url == f"{base_url}/?sort=last_contact&show=attention#caseload"
    assert current_filter(page) == attention
    assert page.locator("#caseload tbody tr:not(.row-attention)").count() == 0


def test_sorting_by_last_contact_follows_the_data_with_htmx(
    live_server, signed_in_page, base_url, axe_source
):
    data = caseload_data(live_server)
    # Never contacted first, then the longest since the last contact; ties stay by name.
    longest_first = [
        row.name
        for row in sorted(
            data, key=lambda r: (r.days_since_contact is not None, -(r.days_since_contact or 0))
        )
    ]
    by_name = [row.name for row in data]
    assert longest_first != by_name, "the demo data should sort differently by last contact"
    page = signed_in_page(SPECIALIST)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/")
    assert table_names(page) == by_name
    mark_page(page)

    last_contact = said(live_server, "da", "Last contact")
    get_with_htmx(page, page.locator("#caseload thead").get_by_role("link", name=last_contact))
    page.wait_for_url(f"{base_url}/?sort=last_contact")
    assert table_names(page) == longest_first
    sorted_by = page.locator("#caseload thead th[aria-sort]")
    assert sorted_by.count() == 1
    assert sorted_by.inner_text() == last_contact
    assert sorted_by.get_attribute("aria-sort") == "descending"
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []

    page.reload()
    assert table_names(page) == longest_first


def test_changing_the_language_keeps_the_caseload_filter(live_server, signed_in_page, base_url):
    page = signed_in_page(SPECIALIST)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/")
    get_with_htmx(page, filter_link(page, said(live_server, "da", "Needs attention")))
    page.wait_for_url(f"{base_url}/?show=attention")
    switch_language(page, "en")
    assert current_filter(page) == "Needs attention"
    assert page.url == f"{base_url}/?show=attention"
