"""Jobs, consent per employer and employer check-ins in a real browser: axe-core, reflow at
320 px and <html lang> in every language for the client, her specialist and the employer; the
employer's check-in on a phone without JavaScript; the client's consent press (htmx, and a
plain form post); "I'm struggling at work" reaching the specialist's home page; and the
check-in questions answered with the keyboard alone.

The journeys change the live database, so each one records its own job and check-in through
the services (or puts back what it changed) and never depends on what another test did. The
demo check-in link (Kim Larsen's, returned by load_demo_data) is only ever opened and sent
empty here, never answered.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import EmployerOrganisation
from portal.placements.models import (
    Category,
    CheckIn,
    EmployerConsent,
    Job,
    JobKind,
    StrugglingSignal,
)
from portal.placements.services.consent import get_consent, set_permission
from portal.placements.services.jobs import handle_signal
from tests.browser.demo import EMPLOYER, make_fresh_checkin, user
from tests.browser.helpers import (
    LANGUAGES,
    assert_focus_on,
    assert_same_page,
    assert_save_announced,
    axe_violations,
    checked,
    focused_id,
    mark_page,
    opened_page_problems,
    post_with_htmx,
    shown_page_problems,
    unique,
)
from tests.browser.server import PHONE, switch_language

pytestmark = pytest.mark.browser

CLIENT = "anna@demo.ips-portal.dk"  # works at Brugsen Vollsmose, with consent
SPECIALIST = "mette@demo.ips-portal.dk"
OTHER_CLIENT = "peter@demo.ips-portal.dk"  # Mette's too; the journeys give him fresh jobs
CLIENT_SV = "elin@demo.ips-portal.se"  # an education start, and a consent not yet answered
SPECIALIST_SV = "sara@demo.ips-portal.se"


@dataclass(frozen=True)
class DemoWork:
    """Ids of the demo records (they depend on the database, so they are looked up)."""

    anna: int
    anna_job: int
    anna_consent: int
    brugsen: int
    kim_checkin: int  # a check-in waiting for Kim, made for these tests
    checkin_path: str  # its link's path: only opened and sent empty, never answered
    elin: int
    elin_education: int
    lager: int

    def pages(self, visitor: str) -> list[str]:
        if visitor == "client":
            return self._client_pages(self.anna, self.anna_job)
        if visitor == "specialist":
            return [
                *self._client_pages(self.anna, self.anna_job),
                "/employers",
                f"/employers/{self.brugsen}",
            ]
        if visitor == "employer":
            return ["/", f"/employer/check-ins/{self.kim_checkin}"]
        if visitor == "client-sv":
            return self._client_pages(self.elin, self.elin_education)
        return [*self._client_pages(self.elin, self.elin_education), f"/employers/{self.lager}"]

    @staticmethod
    def _client_pages(client: int, job: int) -> list[str]:
        return [f"/clients/{client}/jobs", f"/jobs/{job}", f"/clients/{client}/consent"]


VISITORS = {
    "client": CLIENT,
    "specialist": SPECIALIST,
    "employer": EMPLOYER,
    "client-sv": CLIENT_SV,
    "specialist-sv": SPECIALIST_SV,
}


@pytest.fixture(scope="session")
def demo_work(live_server) -> DemoWork:
    # Its own waiting check-in: the demo's may be answered by another module on this worker.
    checkin = make_fresh_checkin(live_server)
    with live_server.app.app_context():
        anna, elin = user(CLIENT), user(CLIENT_SV)
        anna_job = db.scalar(
            select(Job).where(Job.client_id == anna.id, Job.kind == JobKind.JOB).order_by(Job.id)
        )
        education = db.scalar(
            select(Job).where(Job.client_id == elin.id, Job.kind == JobKind.EDUCATION)
        )
        lager = db.scalar(
            select(EmployerOrganisation).where(EmployerOrganisation.name == "Lagerhuset i Tumba AB")
        )
        return DemoWork(
            anna=anna.id,
            anna_job=anna_job.id,
            anna_consent=get_consent(anna.id, anna_job.employer_id).id,
            brugsen=anna_job.employer_id,
            kim_checkin=checkin.id,
            checkin_path=checkin.path,
            elin=elin.id,
            elin_education=education.id,
            lager=lager.id,
        )


# --- every page: axe-core, reflow and the page's language ------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", VISITORS)
def test_work_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, demo_work, visitor, language
):
    page = signed_in_page(VISITORS[visitor], language=language)
    problems = [
        problem
        for path in demo_work.pages(visitor)
        for problem in opened_page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_checkin_link_page_passes_axe_and_reflow_at_320_px(
    page, base_url, axe_source, demo_work, language
):
    """The employer's one-time link, on a phone and without an account: the questions, and
    the same questions sent back empty with their errors (which leaves the link unused)."""
    path = demo_work.checkin_path
    response = page.goto(base_url + path)
    assert response.status == 200
    switch_language(page, language)
    problems = shown_page_problems(page, path, language, axe_source)

    with page.expect_navigation() as navigation:
        page.click("main form button[type=submit]")
    assert navigation.value.status == 422
    assert page.locator(".error-summary").is_visible()
    for question in ("still_working", "rating", "wants_call"):
        assert page.locator(f"fieldset#{question}.field-error").count() == 1, question
        described = page.locator(f"fieldset#{question}").get_attribute("aria-describedby")
        assert f"{question}-error" in described.split(), question
    problems += shown_page_problems(page, f"{path} (sent empty)", language, axe_source)
    assert not problems, "\n".join(problems)


# --- the employer's check-in, on a phone without JavaScript ----------------------------------


def test_employer_answers_a_checkin_on_a_phone_without_javascript(
    live_server, browser, new_page, base_url, fresh_checkin
):
    checkin = fresh_checkin()
    page = new_page(viewport=PHONE, java_script_enabled=False)
    response = page.goto(base_url + checkin.path)
    assert response.status == 200
    # The link opens in its contact person's language (Kim's is Danish); Peter agreed that
    # his first name and job title may be shown.
    assert page.locator("html").get_attribute("lang") == "da"
    assert checkin.title in page.locator("main").inner_text()
    assert page.locator("nav.main-nav").count() == 0, "the link gives no account's navigation"

    comment = unique("Peter er kommet godt i gang på lageret.")
    page.check("input[name=still_working][value=yes]")
    page.fill("#hours", "7,5")
    page.check("input[name=rating][value='4']")
    page.check("input[name=wants_call][value=no]")
    page.fill("#comment", comment)
    with page.expect_navigation() as navigation:
        page.click("main form button[type=submit]")
    assert navigation.value.status == 200
    assert page.url.split("#")[0] == base_url + checkin.path  # the action ends at #errors
    assert page.locator("main h1").is_visible()
    assert page.locator("main form").count() == 0, "the thank-you page asks nothing more"
    assert page.locator("html").get_attribute("lang") == "da"

    with live_server.app.app_context():
        stored = db.get(CheckIn, checkin.id)
        assert stored.answered_at is not None
        assert stored.answered_by_id is None  # answered from the link, without an account
        assert stored.still_working is True
        assert stored.hours == Decimal("7.5")
        assert stored.rating == 4
        assert stored.wants_call is False
        assert stored.comment == comment

    # The link works once: opening it again (from the e-mail, say) says so, and asks nothing.
    again = new_page(viewport=PHONE, java_script_enabled=False)
    response = again.goto(base_url + checkin.path)
    assert response.status == 410
    assert again.locator("main h1").is_visible()
    assert again.locator("main form").count() == 0
    assert again.locator("html").get_attribute("lang") == "da"  # still in Kim's language
    with live_server.app.app_context():
        assert db.get(CheckIn, checkin.id).comment == comment


# --- the client's consent press --------------------------------------------------------------


def _name_button(page, consent_id: int):
    return page.locator(
        f"#consent-{consent_id} form:has(input[name=category][value=name]) button[name=given]"
    )


@pytest.fixture
def restore_anna_consent(live_server, demo_work):
    """Put Anna's consent for Brugsen back as the demo has it, whatever the test did."""
    yield
    with live_server.app.app_context(), force_locale("da"):
        anna = user(CLIENT)
        consent = db.get(EmployerConsent, demo_work.anna_consent)
        set_permission(anna, consent, Category.CONTACT, True)
        set_permission(anna, consent, Category.NAME, True)
        db.commit()


def _share_name(live_server, consent_id: int) -> bool:
    with live_server.app.app_context():
        return db.get(EmployerConsent, consent_id).share_name


@pytest.mark.usefixtures("restore_anna_consent")
def test_client_withdraws_and_gives_consent_with_htmx(
    live_server, signed_in_page, base_url, axe_source, demo_work
):
    consent_id = demo_work.anna_consent
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{demo_work.anna}/consent")
    mark_page(page)
    history = page.locator("#consent-history-heading + ol.history > li")
    events_before = history.count()
    button = _name_button(page, consent_id)
    assert button.get_attribute("value") == "no", "the demo has the name shared"

    post_with_htmx(page, button)
    assert_save_announced(page)
    assert button.get_attribute("value") == "yes"
    assert not _share_name(live_server, consent_id)
    # The pressed button is gone with the swap: focus goes to the employer's heading.
    assert_focus_on(page, f"#consent-{consent_id}-heading")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []

    post_with_htmx(page, button)
    assert_save_announced(page)
    assert button.get_attribute("value") == "no"
    assert _share_name(live_server, consent_id)
    assert_focus_on(page, f"#consent-{consent_id}-heading")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []
    # Both presses are in the history (swapped in with the list).
    assert history.count() == events_before + 2


@pytest.mark.usefixtures("restore_anna_consent")
def test_client_withdraws_and_gives_consent_without_javascript(
    live_server, signed_in_page, base_url, demo_work
):
    consent_id = demo_work.anna_consent
    page = signed_in_page(CLIENT, java_script_enabled=False)
    consent_page = f"{base_url}/clients/{demo_work.anna}/consent"
    page.goto(consent_page)
    button = _name_button(page, consent_id)
    assert button.get_attribute("value") == "no"

    with page.expect_navigation():
        button.click()
    assert page.url == consent_page  # at the top, at the confirmation
    assert page.locator("#flash .notice-success").is_visible()
    assert button.get_attribute("value") == "yes"
    assert not _share_name(live_server, consent_id)

    with page.expect_navigation():
        button.click()
    assert page.url == consent_page
    assert page.locator("#flash .notice-success").is_visible()
    assert button.get_attribute("value") == "no"
    assert _share_name(live_server, consent_id)


# --- "I'm struggling at work" ----------------------------------------------------------------


def test_struggling_reaches_the_specialists_home_page(
    live_server, signed_in_page, base_url, axe_source, demo_work
):
    job_id = demo_work.anna_job
    note = unique("Jeg har svært ved de lange vagter.")
    try:
        anna = signed_in_page(CLIENT)
        anna.goto(f"{base_url}/jobs/{job_id}")
        anna.fill("#struggling-note", note)
        with anna.expect_navigation():
            anna.click("section[aria-labelledby=struggling-heading] form button[type=submit]")
        assert anna.url.split("#")[0] == f"{base_url}/jobs/{job_id}"
        assert_save_announced(anna)
        # The client does not see her own signals listed (only her specialist does).
        assert anna.locator("#signals-heading").count() == 0

        mette = signed_in_page(SPECIALIST)
        mette.goto(f"{base_url}/")
        attention = mette.locator("section[aria-labelledby=attention-heading]")
        assert attention.locator("#attention-heading").is_visible()
        # The signal's entry links to the job itself (a call asked for links to #checkins).
        signal = attention.locator(f"li:has(a[href='/jobs/{job_id}'])")
        assert signal.count() == 1
        assert "Anna Nielsen" in signal.inner_text()
        assert axe_violations(mette, axe_source) == []

        with mette.expect_navigation():
            signal.locator("a").click()
        panel = mette.locator("section[aria-labelledby=signals-heading]")
        entry = panel.locator("li").filter(has_text=note)
        assert entry.is_visible()
        assert axe_violations(mette, axe_source) == []
        with mette.expect_navigation():
            entry.locator("button[type=submit]").click()
        assert_save_announced(mette)
        assert entry.locator("button[type=submit]").count() == 0

        mette.goto(f"{base_url}/")
        assert mette.locator(f"section.attention a[href='/jobs/{job_id}']").count() == 0
    finally:
        with live_server.app.app_context():
            mette_user = user(SPECIALIST)
            for left_open in db.scalars(
                select(StrugglingSignal).where(
                    StrugglingSignal.job_id == job_id, StrugglingSignal.handled_at.is_(None)
                )
            ):
                handle_signal(mette_user, left_open)
            db.commit()


# --- the keyboard ----------------------------------------------------------------------------


def _tab_to(page, target: str, most: int = 40) -> list[str]:
    """Press Tab until `target` (as focused_id names it) has focus; return the way there."""
    visited = []
    for _ in range(most):
        page.keyboard.press("Tab")
        visited.append(focused_id(page))
        if visited[-1] == target:
            return visited
    pytest.fail(f"Tab never reached {target}; it went {' -> '.join(visited)}")


def test_checkin_questions_can_be_answered_with_the_keyboard(
    live_server, page, base_url, fresh_checkin
):
    checkin = fresh_checkin()
    page.goto(base_url + checkin.path)
    submit = "button[type=submit]"
    form = page.locator("main form")
    submit_id = form.locator(submit).evaluate("b => { b.id = 'send-checkin'; return b.id; }")

    # One Tab reaches each question (the first choice of a group no one has chosen), the
    # fields and the button, in the order they are shown.
    way = _tab_to(page, f"#{submit_id}")
    stops = [
        "#still_working-1",
        "#hours",
        "#rating-1",
        "#wants_call-1",
        "#comment",
        f"#{submit_id}",
    ]
    positions = [way.index(stop) if stop in way else -1 for stop in stops]
    assert -1 not in positions, f"not reached by Tab: {way}"
    assert positions == sorted(positions), f"out of order: {way}"

    # Every choice of a group can be reached with the arrow keys, which also choose it.
    page.focus("#rating-1")
    page.keyboard.press("Space")
    assert checked(page, "rating") == "1"
    for value in ("2", "3", "4", "5"):
        page.keyboard.press("ArrowDown")
        assert focused_id(page) == f"#rating-{value}"
        assert checked(page, "rating") == value
    page.keyboard.press("ArrowUp")
    assert checked(page, "rating") == "4"

    # The whole answer, from the top, without the mouse.
    page.focus("#still_working-1")
    page.keyboard.press("Space")
    assert checked(page, "still_working") == "yes"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#hours"
    page.keyboard.type("7,5")
    page.keyboard.press("Tab")
    assert focused_id(page) == "#rating-4", "Tab comes back to the chosen rating"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#wants_call-1"
    page.keyboard.press("ArrowRight")  # "No"
    assert checked(page, "wants_call") == "no"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#comment"
    page.keyboard.type("Sendt med tastaturet.")
    page.keyboard.press("Tab")
    assert focused_id(page) == f"#{submit_id}"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert page.locator("main form").count() == 0

    with live_server.app.app_context():
        stored = db.get(CheckIn, checkin.id)
        assert (stored.still_working, stored.hours, stored.rating, stored.wants_call) == (
            True,
            Decimal("7.5"),
            4,
            False,
        )
        assert stored.comment == "Sendt med tastaturet."
