"""Take the README screenshots: `.venv/bin/python -m tests.browser.screenshots`.

Starts the same live portal with demo data as the browser tests (on a throw-away SQLite
database, or PostgreSQL with TEST_DATABASE=postgresql), drives Debian's Chromium and writes
PNG files to docs/screenshots/. Not a test module: pytest does not collect it.
"""

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from tests.browser.server import (
    DESKTOP,
    PHONE,
    LiveServer,
    launch_chromium,
    live_portal,
    sign_in,
    switch_language,
)

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_BYTES = 200_000  # keep the repository small


class TemporaryFolders:
    """Just enough of pytest's tmp_path_factory for throwaway_database()."""

    def __init__(self, root: str):
        self.root = Path(root)

    def mktemp(self, label: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.root))


def login_page(page, server: LiveServer) -> None:
    base_url = server.url
    page.goto(f"{base_url}/login")
    switch_language(page, "da")


def client_home(page, server: LiveServer) -> None:
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")


def client_plan(page, server: LiveServer) -> None:
    """Anna's plan: her steps, one proposal from Mette, and the lists that go with it."""
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("nav.main-nav a[href$='/plan']")


def specialist_caseload(page, server: LiveServer) -> None:
    base_url = server.url
    sign_in(page, base_url, "sara@demo.ips-portal.se")
    switch_language(page, "sv")


def invitations(page, server: LiveServer) -> None:
    """The specialist's invitations, with one invitation waiting for a password."""
    base_url = server.url
    sign_in(page, base_url, "mette@demo.ips-portal.dk")
    page.goto(f"{base_url}/invitations")
    switch_language(page, "en")
    page.fill("#name", "Nina Holm")
    page.fill("#email", "nina.holm@example.org")
    page.click("#invitations-panel form button[type=submit]")
    page.locator("#flash .notice-success").wait_for()
    page.goto(f"{base_url}/invitations")


def client_conversation(page, server: LiveServer) -> None:
    """Elin's conversation with Sara: read status, the reply promise and the crisis notice."""
    base_url = server.url
    sign_in(page, base_url, "elin@demo.ips-portal.se")
    switch_language(page, "sv")
    with page.expect_navigation():
        page.click("nav.main-nav a[href$='/messages']")
    with page.expect_navigation():
        page.click(".conversations a")


def employer_checkin(language: str):
    """The employer's check-in, opened from the one-time link in the e-mail (no account)."""

    def prepare(page, server: LiveServer) -> None:
        page.goto(server.url + urlsplit(server.checkin_link).path)
        switch_language(page, language)

    return prepare


def client_job(page, server: LiveServer) -> None:
    """Anna's job at Brugsen: the facts, the "I'm struggling at work" button, the check-ins."""
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("main a[href^='/jobs/']")


def client_meeting(page, server: LiveServer) -> None:
    """Anna's meeting of three days ago: the summary waits for her to confirm or correct it."""
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("main .notice a[href$='#summary']")


def meeting_feedback(page, server: LiveServer) -> None:
    """The feedback form on a meeting, opened from the invitation on Anna's home page."""
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("section[aria-labelledby=invite-heading] a")


def coming_meeting(page, server: LiveServer) -> None:
    """Elin's coming video meeting with Sara, opened from her home page."""
    base_url = server.url
    sign_in(page, base_url, "elin@demo.ips-portal.se")
    switch_language(page, "sv")
    with page.expect_navigation():
        page.click("section[aria-labelledby=meetings-heading] li a[href^='/meetings/']")


def specialist_caseload_table(page, server: LiveServer) -> None:
    """Mette's caseload on a desktop: what needs her attention, the filters and the table
    (with Nina Holm, invited in the invitations shot and not yet signed in)."""
    base_url = server.url
    sign_in(page, base_url, "mette@demo.ips-portal.dk")
    switch_language(page, "da")


def team_report(page, server: LiveServer) -> None:
    """The team lead's outcome and fidelity report for IPS Odense, with its charts."""
    base_url = server.url
    sign_in(page, base_url, "lead@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/reports']")
    page.select_option("#team", label="IPS Odense")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")


def handover_confirmation(page, server: LiveServer) -> None:
    """The team lead hands Lise from Jonas to Mette: the page that asks before saving."""
    from sqlalchemy import select

    from portal.core.db import db
    from portal.core.identity import User

    base_url = server.url
    with server.app.app_context():
        lise = db.scalar(select(User.id).where(User.email == "lise@demo.ips-portal.dk"))
    sign_in(page, base_url, "lead@demo.ips-portal.dk")
    switch_language(page, "da")
    page.goto(f"{base_url}/clients/{lise}/handover")
    page.select_option("#specialist", label="Mette Jensen (IPS Odense)")
    page.fill("#note_to_client", "Mette hjælper dig, mens Jonas er på orlov. I mødes på torsdag.")
    with page.expect_navigation():
        page.click("main form.stack button[type=submit]")


def client_profile(page, server: LiveServer) -> None:
    """Anna's career profile on her phone: her own words, section by section."""
    base_url = server.url
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("nav.main-nav a[href$='/profile']")


def team_report_phone(page, server: LiveServer) -> None:
    """The same report on the lead's phone: the tables reflow instead of scrolling sideways."""
    team_report(page, server)


def ask_to_work(page, server: LiveServer) -> None:
    """The public "I would like to work" page of IPS Odense, reached from the sign-in page."""
    page.goto(f"{server.url}/login")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("a[href='/i-would-like-to-work']")
    with page.expect_navigation():
        page.get_by_role("link", name="Jobstøtte Odense").click()


def waiting_referral(page, server: LiveServer) -> None:
    """Mette opens Sofie's self-referral: how to reach her, and accept or close, no screening."""
    sign_in(page, server.url, "mette@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("main a[href='/referrals']")
    with page.expect_navigation():
        page.get_by_role("link", name="Sofie Hansen").click()


def paper_code(page, server: LiveServer) -> None:
    """Mette accepts Sofie with a code on paper: the sheet to print and hand over."""
    waiting_referral(page, server)
    switch_language(page, "en")
    with page.expect_navigation():
        page.click("form:has(input[name=way][value=paper]) button")


def news_kept_for_bo(page, server: LiveServer) -> None:
    """Bo, who has no e-mail, reads on his home page what would have been e-mailed."""
    sign_in(page, server.url, "bo101")
    switch_language(page, "da")


def mitid_linked(page, server: LiveServer) -> None:
    """Anna links MitID under My account (the test broker stands in for MitID). On localhost,
    where the broker sends the browser back (the live portal's PUBLIC_URL)."""
    base_url = server.url.replace("127.0.0.1", "localhost")
    sign_in(page, base_url, "anna@demo.ips-portal.dk")
    switch_language(page, "da")
    page.goto(f"{base_url}/account")
    page.click("form[action='/account/eid'] button")
    page.wait_for_url("**/authorize?**")
    page.fill("input[name=subject]", "anna-at-mitid")
    with page.expect_navigation():
        page.click("button[value=sign-in]")


# (file name, viewport, what to do before the picture, last element in it or None for all)
def fidelity_review(page, server: LiveServer) -> None:
    """IPS Odense's fidelity review of this year: the total, the chart, the first items."""
    sign_in(page, server.url, "lead@demo.ips-portal.dk")
    switch_language(page, "da")
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/fidelity']")
    with page.expect_navigation():
        page.locator("main ul a").first.click()


def fidelity_review_scored(page, server: LiveServer) -> None:
    """The same review once Hanne has scored its last item: the total, its level, the chart."""
    fidelity_review(page, server)
    form = page.locator("#item-V14 form")
    form.locator("label", has_text="4").first.click()
    form.locator("textarea").fill("Ingen afsluttes for udeblivelse; forsøg noteres i sagen.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.evaluate("window.scrollTo(0, 0)")


def fidelity_item(page, server: LiveServer) -> None:
    """A measured item and the one the lead still has to score, on a phone."""
    fidelity_review(page, server)
    page.locator("#item-V14").scroll_into_view_if_needed()


SHOTS = [
    ("login-phone-da.png", PHONE, login_page, None),
    ("client-home-phone-da.png", PHONE, client_home, "section[aria-labelledby=goals-heading]"),
    ("plan-phone-da.png", PHONE, client_plan, "#plan-steps"),
    ("specialist-caseload-phone-sv.png", PHONE, specialist_caseload, None),
    ("conversation-phone-sv.png", PHONE, client_conversation, None),
    ("invitations-desktop-en.png", DESKTOP, invitations, None),
    ("checkin-phone-da.png", PHONE, employer_checkin("da"), None),
    ("checkin-phone-sv.png", PHONE, employer_checkin("sv"), None),
    ("job-phone-da.png", PHONE, client_job, "#checkins"),
    ("meeting-phone-da.png", PHONE, client_meeting, "section[aria-labelledby=feedback-heading]"),
    ("meeting-feedback-phone-da.png", PHONE, meeting_feedback, None),
    ("meeting-phone-sv.png", PHONE, coming_meeting, "#summary-block"),
    (
        "caseload-desktop-da.png",
        DESKTOP,
        specialist_caseload_table,
        "#caseload tbody tr:nth-child(3)",
    ),
    ("caseload-phone-da.png", PHONE, specialist_caseload_table, "#caseload tbody tr:nth-child(3)"),
    ("profile-phone-da.png", PHONE, client_profile, None),
    (
        "report-phone-da.png",
        PHONE,
        team_report_phone,
        "section[aria-labelledby=endings-heading]|section[aria-labelledby=fidelity-heading]",
    ),
    ("report-desktop-da.png", DESKTOP, team_report, "dl.figures .figure:nth-child(6)"),
    ("handover-confirm-phone-da.png", PHONE, handover_confirmation, None),
    ("ask-to-work-phone-da.png", PHONE, ask_to_work, None),
    ("referral-phone-da.png", PHONE, waiting_referral, None),
    ("paper-code-phone-en.png", PHONE, paper_code, "#paper-sheet"),
    ("news-kept-phone-da.png", PHONE, news_kept_for_bo, "section.held-emails"),
    ("mitid-linked-phone-da.png", PHONE, mitid_linked, "section[aria-labelledby=eid-heading]"),
    (
        "fidelity-desktop-da.png",
        DESKTOP,
        fidelity_review_scored,
        "svg[aria-labelledby=items-chart-title]",
    ),
    ("fidelity-items-phone-da.png", PHONE, fidelity_item, "#item-V12|#item-V14"),
]


def clip_after(page, last: str) -> dict:
    """The page from the top down to the end of `last` (long pages make large files); with
    `first|last`, from the top of `first` down to the end of `last`."""
    first, _, last = last.rpartition("|")
    edges = page.evaluate(
        """([first, last]) => [
             first ? Math.floor(document.querySelector(first).getBoundingClientRect().top
                                + window.scrollY) - 16 : 0,
             Math.ceil(document.querySelector(last).getBoundingClientRect().bottom
                       + window.scrollY) + 16]""",
        [first, last],
    )
    top, bottom = edges
    return {"x": 0, "y": top, "width": page.viewport_size["width"], "height": bottom - top}


def take_screenshots(browser, server: LiveServer) -> list[Path]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, viewport, prepare, last in SHOTS:
        # The browser's own locale decides how a date field shows its date, as on a real phone.
        language = name.rsplit("-", 1)[1].removesuffix(".png")
        browser_locale = {"da": "da-DK", "sv": "sv-SE", "en": "en-GB"}[language]
        context = browser.new_context(viewport=viewport, locale=browser_locale)
        page = context.new_page()
        prepare(page, server)
        path = OUTPUT / name
        clip = {"clip": clip_after(page, last)} if last else {}
        page.screenshot(path=path, full_page=True, animations="disabled", **clip)
        context.close()
        written.append(path)
    return written


def main() -> int:
    with (
        tempfile.TemporaryDirectory(prefix="portal-screenshots-") as root,
        live_portal(TemporaryFolders(root)) as server,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        try:
            written = take_screenshots(browser, server)
        finally:
            browser.close()
    too_big = False
    for path in written:
        size = path.stat().st_size
        too_big |= size > MAX_BYTES
        print(f"{path.relative_to(OUTPUT.parents[1])}: {size // 1024} KB")
    if too_big:
        print(f"Some screenshots are over {MAX_BYTES // 1000} KB.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
