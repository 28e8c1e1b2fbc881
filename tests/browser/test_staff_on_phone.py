"""Staff pages on a phone (390 and 320 px), as a specialist and a team lead use them: nothing
sits in a box that scrolls sideways, no table heading or figure is broken mid-word, the
caseload is one card per participant whose name leads to them, the navigation fits in two
lines (the specialist's rest behind a "More" button that works with and without JavaScript),
and after the report's "Show" and the hand-over's confirmation the answer is in sight.
"""

import pytest
from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Team, User
from portal.reports.periods import MONTH, containing
from tests.browser.demo import BAD_PERIOD, LEAD, OTHER_SPECIALIST, SPECIALIST, give_back
from tests.browser.helpers import said, use_viewport
from tests.browser.phone import assert_in_viewport, confirmation, first_error, sideways_boxes
from tests.browser.server import DESKTOP, NARROW, PHONE, switch_language

pytestmark = pytest.mark.browser

LANGUAGES = ["da", "sv", "en"]
OLIVER = "oliver@demo.ips-portal.dk"  # Jonas's, from demo_history; handed over here only
SPECIALIST_PAGES = [
    "/",
    "/?sort=last_contact",
    "/?show=attention",
    "/messages",
    "/job-development",
    "/team/figures",
    "/employers",
    "/feedback",
    "/invitations",
]

# Every word of the main content's tables and charts that the browser has laid out over two
# lines ("Delt/ager/e", "202/5"): a word broken by the layout has more than one line box.
_BROKEN_WORDS = """
() => {
  const broken = [];
  for (const root of document.querySelectorAll("main table, main figure")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const parent = node.parentElement;
      if (!parent || parent.closest(".visually-hidden, title, desc")) continue;
      if (!parent.getClientRects().length) continue;
      // A line may end at a hyphen (IPS-/målet): the parts on each side are the words.
      for (const match of node.data.matchAll(/[^\\s\u2010-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const boxes = [...range.getClientRects()].filter(box => box.width > 0);
        const tops = new Set(boxes.map(box => Math.round(box.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""

# The data-label in front of each cell of a table laid out as cards, as the browser draws it.
_CELL_LABELS = """
table => [...table.querySelectorAll("tbody td[data-label]")].map(cell => {
  const shown = getComputedStyle(cell, "::before").content;
  return [cell.dataset.label, shown === "none" ? "" : shown.replace(/^"|"$/g, "")];
})
"""


def _user_id(live_server, email: str) -> int:
    with live_server.app.app_context():
        return db.scalar(select(User.id).where(User.email == email))


def _odense(live_server) -> int:
    with live_server.app.app_context():
        return db.scalar(select(Team.id).where(Team.name == "IPS Odense"))


def lead_pages(live_server) -> list[str]:
    odense = _odense(live_server)
    handover = f"/clients/{_user_id(live_server, OLIVER)}/handover"
    return [
        "/",
        f"/teams/{odense}",
        handover,
        "/reports",
        "/feedback/report",
        "/invitations",
        "/team/accounts",
        f"/team/{odense}/benefits-questions",
    ]


def navigation_lines(page) -> int:
    """How many lines the main navigation's entries take (entries on one line share a top)."""
    tops = page.locator("nav.main-nav > ul > li").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect()).filter(box => box.height > 0)"
        ".map(box => box.top + box.height / 2)"
    )
    lines: list[float] = []
    for middle in sorted(tops):
        if not lines or middle - lines[-1] > 12:
            lines.append(middle)
    return len(lines)


def page_problems(page, base_url: str, paths: list[str]) -> list[str]:
    """What does not fit, each page loaded once and laid out at 390 px, then at 320 px (the
    browser lays the same page out again; only 390 px also counts the menu's lines)."""
    problems = []
    for path in paths:
        use_viewport(page, PHONE)
        response = page.goto(base_url + path)
        if response.status != 200:
            problems.append(f"{path}: answered {response.status}")
            continue
        if navigation_lines(page) > 2:
            problems.append(f"{path}: the navigation takes {navigation_lines(page)} lines")
        for width, viewport in (("390px", PHONE), ("320px", NARROW)):
            page.set_viewport_size(viewport)
            problems += [f"{path} at {width}: sideways: {box}" for box in sideways_boxes(page)]
            broken = page.evaluate(_BROKEN_WORDS)
            if broken:
                problems.append(f"{path} at {width}: words broken over two lines: {broken}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", ["specialist", "lead"])
def test_staff_pages_fit_a_phone(live_server, signed_in_page, base_url, visitor, language):
    page = signed_in_page(SPECIALIST if visitor == "specialist" else LEAD, language=language)
    paths = SPECIALIST_PAGES if visitor == "specialist" else lead_pages(live_server)
    problems = page_problems(page, base_url, paths)
    assert not problems, "\n".join(problems)


def test_report_and_feedback_tables_are_cards_with_named_figures_on_a_phone(
    live_server, signed_in_page, base_url
):
    lead = signed_in_page(LEAD)
    lead.set_viewport_size(NARROW)
    for path in ("/", "/reports", "/feedback/report"):
        lead.goto(base_url + path)
        tables = lead.locator("main table.card-table")
        assert tables.count() > 0, f"{path}: no table laid out as cards"
        for table in tables.all():
            assert (
                table.locator("thead").is_hidden()
                or table.locator("thead").bounding_box()["height"] <= 1
            ), f"{path}: the column headings are still drawn above the cards"
            labels = table.evaluate(_CELL_LABELS)
            assert labels, f"{path}: the cells carry no names"
            assert all(label == shown for label, shown in labels), labels
    # The feedback report names each period in front of its figure, as its heading says.
    lead.goto(f"{base_url}/feedback/report?by=month")
    table = lead.locator("main table").first
    headings = table.locator("thead th[scope=col]").all_text_contents()[1:]
    first_row = [label for label, _shown in table.evaluate(_CELL_LABELS)][: len(headings)]
    assert first_row == [heading.strip() for heading in headings]


def test_caseload_is_a_card_per_participant_whose_name_leads_to_them(
    live_server, signed_in_page, base_url
):
    page = signed_in_page(SPECIALIST, language="en")
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/")
    rows = page.locator("#caseload tbody tr")
    assert rows.count() >= 2
    for row in rows.all():
        name, todo = row.locator("th[scope=row] a"), row.locator("td.caseload-todo")
        phase, pages = row.locator("td.caseload-phase"), row.locator("td.links")
        name_box, todo_box = name.bounding_box(), todo.bounding_box()
        phase_box, pages_box = phase.bounding_box(), pages.bounding_box()
        card = row.bounding_box()
        # One card the width of the screen: the name on top, what needs doing under it, the
        # phase and the last contact side by side, then the participant's pages.
        assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
        assert name_box["y"] + name_box["height"] <= todo_box["y"] + 1
        assert todo_box["y"] + todo_box["height"] <= phase_box["y"] + 1
        assert phase_box["y"] == pytest.approx(
            row.locator("td.caseload-contact").bounding_box()["y"]
        )
        assert phase_box["y"] + phase_box["height"] <= pages_box["y"] + 1
        assert todo.evaluate("cell => getComputedStyle(cell, '::before').content") == '"To do"'
    # Sorting stays at hand: the column headings' links, in a line of their own.
    sort_links = page.locator("#caseload thead a")
    assert sort_links.count() == 4
    assert all(link.is_visible() for link in sort_links.all())

    anna = rows.filter(has_text="Anna Nielsen").locator("th[scope=row] a")
    anna_id = _user_id(live_server, "anna@demo.ips-portal.dk")
    with page.expect_navigation():
        anna.click()
    assert page.url == f"{base_url}/clients/{anna_id}/goals"
    assert "Anna Nielsen" in page.locator("main .context").inner_text()


def _folded_links(page):
    return page.locator("nav.main-nav details.nav-more ul a")


@pytest.mark.parametrize("java_script", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_specialist_menu_button_opens_the_rest_of_the_navigation(
    live_server, signed_in_page, base_url, language, java_script
):
    page = signed_in_page(SPECIALIST, language=language, java_script_enabled=java_script)
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/")
    assert navigation_lines(page) <= 2
    # The entries used on the go are in sight, with the unread badge; the rest are folded.
    for href in ("/", "/messages", "/job-development"):
        assert page.locator(f"nav.main-nav > ul > li > a[href='{href}']").is_visible()
    assert page.locator("nav.main-nav #unread-badge").count() == 1
    folded = _folded_links(page)
    assert folded.count() == 5  # referrals, employers, invitations, and so on
    assert not any(link.is_visible() for link in folded.all())

    button = page.locator("nav.main-nav summary")
    assert button.inner_text().strip() == said(live_server, language, "More")
    assert button.bounding_box()["height"] >= 44
    button.click()
    assert all(link.is_visible() for link in folded.all())
    # The opened entries lie over the page, inside the screen, each a thumb's height.
    for link in folded.all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44
    with page.expect_navigation():
        page.locator("nav.main-nav details a[href='/invitations']").click()
    assert page.url == f"{base_url}/invitations"
    # On the page it leads to, "More" says the current page is inside it.
    assert page.locator("nav.main-nav summary.nav-more-current").count() == 1
    assert page.locator("nav.main-nav a[aria-current=page]").get_attribute("href") == "/invitations"


def test_navigation_is_one_row_of_links_on_a_desktop(signed_in_page, base_url):
    page = signed_in_page(SPECIALIST)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/")
    assert page.locator("nav.main-nav summary").is_hidden()
    assert all(link.is_visible() for link in page.locator("nav.main-nav a").all())
    assert page.locator("nav.main-nav a").count() == 8


def test_lead_sees_the_chosen_period_and_an_error_in_sight(live_server, signed_in_page, base_url):
    lead = signed_in_page(LEAD)
    lead.set_viewport_size(PHONE)
    lead.goto(f"{base_url}/reports")
    with live_server.app.app_context():
        period = containing(local_today().replace(day=1), MONTH)
    lead.select_option("#period", value=period.code)
    with lead.expect_navigation():
        lead.click("main form.filters button[type=submit]")
    assert_in_viewport(lead.locator("main h2", has_text="IPS Odense:"), "the period's heading")
    # The chart's labels are whole, in every language (never "Temporary job that e...").
    for language in LANGUAGES:
        switch_language(lead, language)
        labels = " ".join(lead.locator("svg.chart text").all_text_contents())
        assert "…" not in labels and "..." not in labels
    assert lead.evaluate(_BROKEN_WORDS) == []

    response = lead.goto(base_url + BAD_PERIOD + "#errors")
    assert response.status == 422
    assert_in_viewport(first_error(lead), "the error summary")


def test_lead_reads_the_feedback_report_on_a_phone(signed_in_page, base_url):
    lead = signed_in_page(LEAD)
    lead.set_viewport_size(PHONE)
    lead.goto(f"{base_url}/feedback/report")
    lead.select_option("#by", "month")
    with lead.expect_navigation():
        lead.click("main form.filters button[type=submit]")
    assert_in_viewport(lead.locator("main section.panel h2").first, "the team's figures")
    assert sideways_boxes(lead) == []
    assert lead.evaluate(_BROKEN_WORDS) == []


@pytest.fixture
def oliver_back_with_jonas(live_server):
    yield
    give_back(live_server, OLIVER, OTHER_SPECIALIST)


@pytest.mark.parametrize("java_script", [True, False], ids=["with-js", "without-js"])
def test_lead_hands_over_on_a_phone_and_sees_the_confirmation(
    live_server, signed_in_page, base_url, oliver_back_with_jonas, java_script
):
    lead = signed_in_page(LEAD, java_script_enabled=java_script)
    lead.set_viewport_size(PHONE)
    lead.goto(f"{base_url}/teams/{_odense(live_server)}")
    oliver = lead.locator("section[aria-labelledby=clients-heading] li").filter(
        has_text="Oliver Nissen"
    )
    with lead.expect_navigation():
        oliver.locator("a[href$='/handover']").click()
    assert sideways_boxes(lead) == []
    lead.select_option("#specialist", label="Mette Jensen (IPS Odense)")
    with lead.expect_navigation():
        lead.click("main form.stack button[type=submit]")
    assert_in_viewport(lead.locator("main button[name=confirmed]"), "the confirm button")
    with lead.expect_navigation():
        lead.click("main button[name=confirmed]")
    assert_in_viewport(confirmation(lead))
    done = "%(client)s now has %(specialist)s as employment specialist."
    told = said(live_server, "da", done, client="Oliver Nissen", specialist="Mette Jensen")
    assert confirmation(lead).inner_text().strip().startswith(told)
    assert sideways_boxes(lead) == []


@pytest.mark.parametrize("width", [600, DESKTOP["width"]])
def test_tables_stay_inside_the_page_on_wider_screens(signed_in_page, base_url, width):
    """Above 600 px the tables stay tables: a year of months may scroll in its own box, but
    no page grows wider than the window."""
    for who, paths in ((LEAD, ["/", "/reports", "/feedback/report?by=month"]), (SPECIALIST, ["/"])):
        page = signed_in_page(who)
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(base_url + path)
            assert page.locator("main table").count() > 0
            too_wide = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert too_wide <= 1, f"{path} at {width} px is {too_wide} px wider than the window"
