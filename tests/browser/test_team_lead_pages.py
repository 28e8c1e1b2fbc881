"""The team lead's side of the caseload workspace in a real browser: handing a participant over
to another specialist (and back), as the participant and both specialists see it; and the
outcome and fidelity report, its charts, its period form and its pseudonymised CSV file.
(The pages' axe-core and reflow checks are in test_caseload_pages.py.)

The hand-over journey moves Maja, whom no other browser test uses, and she is put back with
Jonas afterwards, with no hand-over left on record.
"""

import csv
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, format_decimal

from portal.core.dates import date_text, local_today
from portal.core.identity import Role
from portal.demo.history import HISTORY
from portal.demo.seed import ACCOUNTS
from portal.reports.guard import guarded_report
from portal.reports.labels import FIGURES
from portal.reports.periods import MONTH, QUARTER, containing, parse
from tests.browser.demo import (
    LEAD,
    MAJA,
    OTHER_SPECIALIST,
    SPECIALIST,
    DemoCaseload,
    give_back,
    look_up_demo_caseload,
)
from tests.browser.helpers import axe_violations, said, table_names, unique

pytestmark = pytest.mark.browser

PEOPLE = [(name, email) for _role, email, name, *_rest in ACCOUNTS] + [
    (name, email) for email, name, *_rest in HISTORY
]
# Hanne leads IPS Odense only: her report names no specialist of IPS Botkyrka.
SPECIALIST_NAMES = [
    name
    for role, _email, name, team, *_rest in ACCOUNTS
    if role == Role.SPECIALIST and team == "IPS Odense"
]


@pytest.fixture(scope="session")
def demo_caseload(live_server) -> DemoCaseload:
    return look_up_demo_caseload(live_server)


# --- hand-over -------------------------------------------------------------------------------


@pytest.fixture
def maja_back_with_jonas(live_server):
    yield
    give_back(live_server, MAJA, OTHER_SPECIALIST)


def hand_over_in_the_form(live_server, lead, to: str, note_to_client="", note="") -> None:
    """On the hand-over page: choose `to`, write the notes, send, read the confirmation that
    names both specialists, confirm, and land on the team page."""
    lead.select_option("#specialist", label=f"{to} (IPS Odense)")
    lead.fill("#note_to_client", note_to_client)
    lead.fill("#note_to_specialist", note)
    with lead.expect_navigation():
        lead.click("main form.stack button[type=submit]")
    assert to in lead.locator("h1").inner_text()  # the question names the new specialist
    with lead.expect_navigation() as navigation:
        lead.click("main button[name=confirmed]")
    assert navigation.value.status == 200  # after the 303 to the team page
    done = "%(client)s now has %(specialist)s as employment specialist."
    told = said(live_server, "da", done, client="Maja Winther", specialist=to)
    assert lead.locator("#flash[role=status] .notice-success").inner_text() == told


def test_team_lead_hands_a_participant_over_and_back(
    live_server, signed_in_page, base_url, axe_source, demo_caseload, maja_back_with_jonas
):
    to_maja = unique("Mette hjælper dig fra i dag. I mødes på torsdag på biblioteket.")
    to_mette = unique("Maja vil gerne arbejde med dyr og foretrækker eftermiddage.")
    team_page = f"{base_url}/teams/{demo_caseload.odense}"
    lead = signed_in_page(LEAD)
    lead.goto(f"{base_url}/")
    with lead.expect_navigation():
        lead.click(f"main a[href='/teams/{demo_caseload.odense}']")
    assert lead.url == team_page
    maja_item = lead.locator("section[aria-labelledby=clients-heading] li").filter(
        has_text="Maja Winther"
    )
    assert said(live_server, "da", "with %(name)s", name="Jonas Holm") in maja_item.inner_text()
    with lead.expect_navigation():
        maja_item.locator(f"a[href='/clients/{demo_caseload.maja}/handover']").click()
    assert lead.url == f"{base_url}/clients/{demo_caseload.maja}/handover"
    hand_over_in_the_form(live_server, lead, "Mette Jensen", to_maja, to_mette)
    # The form's action ends at its error summary (#errors); the 303 keeps the fragment.
    assert lead.url.split("#")[0] == team_page
    assert said(live_server, "da", "with %(name)s", name="Mette Jensen") in maja_item.inner_text()

    # Maja sees her new specialist and the note for her, and not the note for Mette.
    maja = signed_in_page(MAJA)
    maja.goto(f"{base_url}/")
    new_specialist = "Your new employment specialist is %(name)s"
    heading = maja.locator("#handover-heading")
    assert heading.inner_text() == said(live_server, "da", new_specialist, name="Mette Jensen")
    panel = maja.locator("section[aria-labelledby=handover-heading]")
    assert panel.locator(".note-body").inner_text() == to_maja
    assert to_mette not in maja.content()
    assert axe_violations(maja, axe_source) == []

    # Mette finds Maja in her attention list, with the note for her, and in her caseload.
    mette = signed_in_page(SPECIALIST)
    mette.goto(f"{base_url}/")
    item = mette.locator("section[aria-labelledby=attention-heading] li").filter(
        has_text="Maja Winther"
    )
    from_jonas = said(live_server, "da", "handed over to you from %(name)s", name="Jonas Holm")
    assert from_jonas in item.inner_text()
    assert item.locator(".note-body").inner_text() == to_mette
    assert "Maja Winther" in table_names(mette)
    assert axe_violations(mette, axe_source) == []
    with mette.expect_navigation() as navigation:
        item.get_by_role("link").click()
    assert navigation.value.status == 200
    assert mette.url == f"{base_url}/clients/{demo_caseload.maja}/goals"

    # Handed back: she is Jonas's again, and gone from Mette's home page.
    lead.goto(f"{base_url}/clients/{demo_caseload.maja}/handover")
    hand_over_in_the_form(live_server, lead, "Jonas Holm")
    assert said(live_server, "da", "with %(name)s", name="Jonas Holm") in maja_item.inner_text()
    mette.goto(f"{base_url}/")
    assert item.count() == 0
    assert "Maja Winther" not in table_names(mette)
    maja.goto(f"{base_url}/")
    assert heading.inner_text() == said(live_server, "da", new_specialist, name="Jonas Holm")
    assert panel.locator(".note-body").count() == 0, "the old note is still shown"


# --- the outcome and fidelity report ---------------------------------------------------------


def open_report(live_server, signed_in_page, base_url):
    lead = signed_in_page(LEAD)
    lead.goto(f"{base_url}/")
    with lead.expect_navigation():
        lead.click("nav.main-nav a[href='/reports']")
    assert lead.locator("#outcomes-heading").is_visible()
    return lead


def table_rows(table) -> list[list[str]]:
    """The body rows of a table, each as its cells' texts (the row's heading first)."""
    return table.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))"
    )


# (the chart, the table with its numbers, that table's column, rows of the table not charted)
CHARTS = [
    pytest.param("endings-chart", "endings-heading", 1, 1, id="endings"),
    pytest.param("caseload-chart", "fidelity-heading", 1, 0, id="caseloads"),
    pytest.param("contacts-chart", "fidelity-heading", 3, 0, id="contacts"),
]


@pytest.mark.parametrize(("chart_id", "section", "column", "not_charted"), CHARTS)
def test_report_charts_are_described_with_the_tables_numbers(
    live_server, signed_in_page, base_url, chart_id, section, column, not_charted
):
    lead = open_report(live_server, signed_in_page, base_url)
    chart = lead.locator(f"svg.chart[aria-labelledby^='{chart_id}-']")
    assert chart.count() == 1
    assert chart.get_attribute("role") == "img"
    title = chart.locator("title").text_content().strip()
    description = chart.locator("desc").text_content().strip()
    assert title, "the chart has no title"
    # The browser names the image by its title and describes it by its numbers.
    assert lead.get_by_role("img", name=title).count() == 1
    # Named by its title, described by its numbers.
    assert chart.get_attribute("aria-labelledby") == chart.locator("title").get_attribute("id")
    assert chart.get_attribute("aria-describedby") == chart.locator("desc").get_attribute("id")

    rows = table_rows(lead.locator(f"section[aria-labelledby={section}] table"))
    rows = rows[: len(rows) - not_charted]
    assert rows, "the demo data should give the chart some bars"
    said_in_chart = description.split(". ")[0].split("; ")
    assert said_in_chart == [f"{row[0]}: {row[column]}" for row in rows]


def test_each_report_chart_has_a_visible_title(live_server, signed_in_page, base_url):
    lead = open_report(live_server, signed_in_page, base_url)
    charts = lead.locator("svg.chart")
    assert charts.count() == len(CHARTS)
    titles = [chart.locator("title").text_content().strip() for chart in charts.all()]
    untitled = [
        title
        for title in titles
        if lead.get_by_text(title, exact=True).filter(visible=True).count() == 0
    ]
    assert not untitled, f"charts whose title is not shown: {untitled}"


def figure_value(page, name: str) -> str:
    figure = page.locator("dl.figures .figure").filter(
        has=page.locator("dt", has_text=re.compile(f"^{re.escape(name)}$"))
    )
    return figure.locator("dd.figure-value").inner_text()


def test_team_lead_changes_the_report_period(
    live_server, signed_in_page, base_url, axe_source, demo_caseload
):
    lead = open_report(live_server, signed_in_page, base_url)
    with live_server.app.app_context():
        today = local_today()
    # The first visit shows the current quarter, of the lead's team.
    assert lead.input_value("#period") == containing(today, QUARTER).code
    # Every figure is explained in words under its number.
    figures = lead.locator("dl.figures .figure")
    assert figures.count() == len(FIGURES)
    for figure in figures.all():
        assert figure.locator("dd.figure-value").inner_text().strip()
        assert figure.locator("dd.hint").inner_text().strip()
    served = said(live_server, "da", "Participants served")
    specialists = lead.locator("section[aria-labelledby=fidelity-heading] tbody th")
    assert specialists.all_inner_texts() == sorted(SPECIALIST_NAMES)

    # Whole periods only: last month, chosen from the list.
    period = containing(today.replace(day=1) - timedelta(days=1), MONTH)
    lead.select_option("#team", label="IPS Odense")
    lead.select_option("#period", value=period.code)
    with lead.expect_navigation() as navigation:
        lead.click("main form.filters button[type=submit]")
    assert navigation.value.status == 200
    query = parse_qs(urlsplit(lead.url).query)
    assert query == {"team": [str(demo_caseload.odense)], "period": [period.code]}
    assert lead.input_value("#period") == period.code
    with live_server.app.app_context(), force_locale("da"):
        report = guarded_report([demo_caseload.odense], period)
        first, last = date_text(period.start), date_text(period.end)
        heading_text = f"IPS Odense: {first} \u2013 {last}"  # an en dash between the dates
        per_week = {
            row.specialist.name: [
                str(row.caseload),
                format_decimal(row.contacts_per_week),
                format_decimal(row.in_person_per_week),
            ]
            for row in report.specialists
        }
    heading = lead.locator("main h2", has_text="IPS Odense:")
    assert heading.inner_text() == heading_text
    assert heading.locator("time").evaluate_all("times => times.map(t => t.dateTime)") == [
        period.start.isoformat(),
        period.end.isoformat(),
    ]
    assert figure_value(lead, served) == str(report.figures["clients_served"].value)
    rows = table_rows(lead.locator("section[aria-labelledby=fidelity-heading] table"))
    assert {row[0]: row[1:] for row in rows} == per_week
    assert "Sara Lindqvist" not in per_week
    csv_link = lead.locator("main a[download]")
    assert parse_qs(urlsplit(csv_link.get_attribute("href")).query) == query

    # An old address with days that no whole period holds: the error is shown, no figures.
    response = lead.goto(
        f"{base_url}/reports?team={demo_caseload.odense}&start=2026-03-01&end=2026-02-01"
    )
    assert response.status == 422
    whole = said(
        live_server, "da", "Choose a month, a quarter, a half-year or a year from the list."
    )
    summary = lead.locator(".error-summary[role=alert]")
    assert summary.locator("a[href='#period']").inner_text() == whole
    assert lead.locator("#period[aria-invalid=true]").count() == 1
    assert lead.locator("#outcomes-heading").count() == 0
    assert axe_violations(lead, axe_source) == []


def test_report_csv_names_nobody(live_server, signed_in_page, base_url):
    lead = open_report(live_server, signed_in_page, base_url)
    link = lead.get_by_role(
        "link", name=said(live_server, "da", "Download as a CSV file (pseudonymised)")
    )
    with lead.expect_download() as download:
        link.click()
    period = parse(lead.input_value("#period"))
    assert download.value.suggested_filename == f"ips-report-{period.code}.csv"
    start, end = period.start.isoformat(), period.end.isoformat()
    text = download.value.path().read_text(encoding="utf-8")
    answer = lead.request.get(base_url + link.get_attribute("href"))
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text() == text

    for private in ("Anna Nielsen", "anna@demo", "Mads Poulsen", "Mette Jensen", "@"):
        assert private not in text, f"the file contains {private!r}"
    named = [who for person in PEOPLE for who in person if who in text]
    assert not named, f"the file names people: {named}"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(row["period_start"], row["period_end"]) for row in rows} == {(start, end)}
    pseudonyms = {row["specialist"] for row in rows if row["specialist"]}
    assert len(pseudonyms) == len(SPECIALIST_NAMES)  # the lead's team: one per specialist
    for pseudonym in pseudonyms:
        assert re.fullmatch(r"S-[0-9a-f]{12}", pseudonym), pseudonym
    caseloads = [row for row in rows if row["measure"] == "caseload_size"]
    assert {row["specialist"] for row in caseloads} == pseudonyms
