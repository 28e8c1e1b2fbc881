"""Journeys on a desktop screen (1280 x 800) next to the phone ones elsewhere, and the keyboard
on the main pages: the first Tab reaches the skip link, Tab follows the order of the page,
every focused control is shown with a visible focus ring, and no control in <main> is skipped.

The journeys change the live database, so each one makes its own job or goal: the job is
Peter's (Mette's participant, whom the work journeys also give fresh jobs), has no employer
check-ins and is ended again before the test finishes.
"""

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.placements.models import CheckIn, Job
from tests.browser.demo import unique_goal
from tests.browser.helpers import (
    assert_focus_on,
    assert_same_page,
    assert_save_announced,
    axe_violations,
    mark_page,
    post_with_htmx,
    unique,
)
from tests.browser.server import DESKTOP, PHONE

pytestmark = pytest.mark.browser

LEAD = "lead@demo.ips-portal.dk"
SPECIALIST = "mette@demo.ips-portal.dk"
CLIENT = "anna@demo.ips-portal.dk"
PARTICIPANT = "peter@demo.ips-portal.dk"  # Mette's; the work journeys give him fresh jobs too
EMPLOYER = "Brugsen Vollsmose"

on_a_desktop = pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])


def _user_id(live_server, email: str) -> int:
    with live_server.app.app_context():
        return db.scalar(select(User.id).where(User.email == email))


def _assert_desktop_layout(page) -> None:
    assert page.viewport_size == DESKTOP
    assert page.locator("nav.main-nav").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]


# --- journeys on a desktop -------------------------------------------------------------------


@on_a_desktop
def test_specialist_records_a_job_on_a_desktop(live_server, signed_in_page, base_url, axe_source):
    peter = _user_id(live_server, PARTICIPANT)
    title = f"Kassemedarbejder {uuid.uuid4().hex[:8]}"
    page = signed_in_page(SPECIALIST)
    page.goto(f"{base_url}/clients/{peter}/jobs")
    _assert_desktop_layout(page)

    form = page.locator("section[aria-labelledby=new-job-heading] form")
    form.locator("#job-employer").select_option(label=EMPLOYER)
    form.locator("#job-title").fill(title)
    form.locator("#job-start_date").fill(date.today().isoformat())
    form.locator("#job-hours_per_week").fill("7,5")
    form.locator("#job-schedule").select_option("none")  # no check-ins: nothing is sent
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert "/jobs/" in page.url and "/clients/" not in page.url, page.url
    # The form's action ends at its error summary; a 303 keeps that fragment (nothing has the id).
    job_id = int(page.url.split("#")[0].rsplit("/", 1)[1])
    try:
        assert_save_announced(page)
        main = page.locator("main")
        assert title in main.locator("h1").inner_text()
        assert main.locator("dd").filter(has_text="7,5").count() >= 1, "hours not shown as 7,5"
        assert EMPLOYER in main.inner_text()
        assert axe_violations(page, axe_source) == []

        # The job ends again today (through the page), so Peter's caseload row stays as it was.
        end = page.locator("section[aria-labelledby=end-heading] form")
        end.locator("#end-end_date").fill(date.today().isoformat())
        end.locator("#end-end_reason").select_option("contract_ended")
        with page.expect_navigation():
            end.locator("button[type=submit]").click()
        assert page.url.split("#")[0] == f"{base_url}/jobs/{job_id}"
        assert_save_announced(page)
        assert axe_violations(page, axe_source) == []
    finally:
        with live_server.app.app_context():
            job = db.get(Job, job_id)
            assert job.title == title
            if job.end_date is None:  # the test failed before ending it: end it here
                job.end_date = date.today()
                db.commit()
    with live_server.app.app_context():
        assert str(db.get(Job, job_id).hours_per_week).rstrip("0") == "7.5"


@on_a_desktop
def test_client_adds_a_goal_with_htmx_on_a_desktop(
    live_server, signed_in_page, base_url, axe_source
):
    anna = _user_id(live_server, CLIENT)
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{anna}/goals")
    _assert_desktop_layout(page)
    mark_page(page)
    goals = page.locator("#goal-list ol.goals > li")
    before = goals.count()

    text = unique_goal()
    page.fill("#text", text)
    post_with_htmx(page, page.locator("#goal-list form[data-hx-post$='/goals'] button"))
    assert_save_announced(page)
    assert goals.count() == before + 1
    assert (
        page.locator("#goal-list ol.goals").get_by_role("link", name=text, exact=True).is_visible()
    )
    assert page.input_value("#text") == ""
    assert_focus_on(page, "#goal-list [data-focus-after-save]")
    assert_same_page(page)
    _assert_desktop_layout(page)
    assert axe_violations(page, axe_source) == []


# --- the keyboard ----------------------------------------------------------------------------

# Remember the focused element, and describe it with what the checks below need.
RECORD_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    window.tabbed = window.tabbed || [];
    const previous = window.tabbed[window.tabbed.length - 1];
    if (e === previous) return {same: true};  // Tab moves between a date field's parts
    window.tabbed.push(e);
    const rect = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    return {
        index: window.tabbed.length - 1,
        name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.getAttribute('href') ? `[href="${e.getAttribute('href')}"]` : '')
            + (e.name ? `[name=${e.name}]` : ''),
        skipLink: e.classList.contains('skip-link'),
        again: window.tabbed.indexOf(e) !== window.tabbed.length - 1,
        inOrder: !previous
            || !!(previous.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING),
        shown: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
            && rect.top < window.innerHeight && rect.left < window.innerWidth,
        ring: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(' | '),
    };
}"""

# The same elements' style without focus (focus is first moved off them).
UNFOCUSED_RINGS = """() => {
    document.activeElement.blur();
    return window.tabbed.map(e => {
        const style = getComputedStyle(e);
        return [style.outlineStyle, style.outlineWidth, style.boxShadow].join(' | ');
    });
}"""

# The controls in <main> that are shown and take focus with Tab (radio buttons: per group).
MAIN_CONTROLS = """() => {
    const reached = new Set(window.tabbed);
    const reachedGroups = new Set(window.tabbed.filter(e => e.type === 'radio').map(e => e.name));
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea';
    return [...document.querySelectorAll(`main ${selector}`)]
        .filter(e => !e.disabled && e.checkVisibility({visibilityProperty: true}))
        .filter(e => !e.closest('details:not([open])') || e.matches('details > summary *'))
        .filter(e => !reached.has(e) && !(e.type === 'radio' && reachedGroups.has(e.name)))
        .map(e => e.outerHTML.slice(0, 120));
}"""


def _has_ring(ring: str) -> bool:
    outline_style, outline_width, box_shadow = ring.split(" | ")
    has_outline = outline_style not in ("none", "hidden") and outline_width != "0px"
    return has_outline or box_shadow != "none"


def tab_through(page, most: int = 200) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page or comes round again."""
    page.evaluate("() => { window.tabbed = []; window.scrollTo(0, 0); }")
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        stop = page.evaluate(RECORD_FOCUS)
        if stop is None or stop.get("again"):
            return stops
        if not stop.get("same"):
            stops.append(stop)
    pytest.fail(f"focus never came round after {most} presses of Tab")


def keyboard_problems(page) -> list[str]:
    stops = tab_through(page)
    if not stops:
        return ["Tab reached nothing"]
    problems = []
    if not stops[0]["skipLink"]:
        problems.append(f"the first Tab reached {stops[0]['name']}, not the skip link")
    unfocused = page.evaluate(UNFOCUSED_RINGS)
    for stop in stops:
        name = stop["name"]
        if not stop["inOrder"]:
            problems.append(f"{name} comes before the previous stop in the page")
        if not stop["shown"]:
            problems.append(f"{name} has focus but is not shown on the screen")
        if not _has_ring(stop["ring"]) or stop["ring"] == unfocused[stop["index"]]:
            problems.append(f"{name} shows no focus ring ({stop['ring']})")
    problems += [f"never reached by Tab: {html}" for html in page.evaluate(MAIN_CONTROLS)]
    return problems


# (who signs in, the page, what must be on it so that the check covers something)
KEYBOARD_PAGES = {
    "login": (None, "/login", "main form #email"),
    "client-home": (CLIENT, "/", "#next-heading"),
    "specialist-home": (SPECIALIST, "/", "#caseload tbody tr a[href]"),
    "team-lead-report": (LEAD, "/reports", "dl.figures .figure"),
}


@pytest.mark.parametrize("visitor", KEYBOARD_PAGES)
def test_tab_order_and_visible_focus_on_main_pages(new_page, signed_in_page, base_url, visitor):
    email, path, marker = KEYBOARD_PAGES[visitor]
    page = signed_in_page(email) if email else new_page()
    assert page.viewport_size == PHONE
    response = page.goto(base_url + path)
    assert response.status == 200
    assert page.locator(marker).first.is_visible()
    problems = keyboard_problems(page)
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_employer_answers_a_checkin_on_a_desktop_with_the_keyboard(
    live_server,
    new_page,
    base_url,
    axe_source,
    fresh_checkin,
):
    """The employer's journey on a large screen too, with JavaScript on, keyboard only."""
    checkin = fresh_checkin()
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + checkin.path)
    assert axe_violations(page, axe_source) == []
    page.locator("input[name=still_working][value=yes]").focus()
    page.keyboard.press("Space")
    page.locator("#hours").focus()
    page.keyboard.type("12")
    page.locator("input[name=rating][value='5']").focus()
    page.keyboard.press("Space")
    page.locator("input[name=wants_call][value=no]").focus()
    page.keyboard.press("Space")
    page.locator("#comment").focus()
    page.keyboard.type(unique("Alt går fint."))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").focus()
        page.keyboard.press("Enter")
    assert page.locator("main form").count() == 0
    assert axe_violations(page, axe_source) == []
    with live_server.app.app_context():
        stored = db.get(CheckIn, checkin.id)
        assert (stored.still_working, stored.rating, stored.wants_call) == (True, 5, False)
