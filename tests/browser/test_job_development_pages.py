"""The job development log in a real browser: a face-to-face employer contact recorded with
the keyboard alone, counted in the week's figures and removed again; and a contact for a
participant who has not agreed to that employer, which is refused and saves nothing. (The
page's axe-core and reflow checks are in test_caseload_pages.py.)

Every entry a test makes has a note of its own and is removed afterwards, so Mette's weekly
figures are as the demo data left them for the other tests.
"""

import pytest
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import EmployerOrganisation, User
from portal.placements.models import EmployerContact
from portal.placements.services.consent import may_contact
from tests.browser.demo import SPECIALIST
from tests.browser.helpers import axe_violations, checked, focused_id, said, unique

pytestmark = pytest.mark.browser


def this_week(page) -> tuple[int, int]:
    """This week's face-to-face and other contacts, from the weekly table."""
    cells = page.locator("section[aria-labelledby=weeks-heading] tbody tr").first.locator("td")
    return int(cells.nth(0).inner_text()), int(cells.nth(1).inner_text())


def log_entries(page):
    return page.locator("section[aria-labelledby=log-heading] li")


def chosen(page, select: str) -> str:
    return page.locator(f"{select} option:checked").inner_text()


def logged_with(live_server, note: str) -> int:
    with live_server.app.app_context():
        return db.scalar(select(func.count()).where(EmployerContact.note == note))


def test_specialist_logs_a_contact_with_the_keyboard_and_removes_it(
    live_server, signed_in_page, base_url, axe_source, log_notes
):
    note = unique("Rundvisning i dyrepasningen")
    log_notes.append(note)
    page = signed_in_page(SPECIALIST)
    page.goto(f"{base_url}/")
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/job-development']")
    face_to_face, other = this_week(page)
    with live_server.app.app_context():
        assert page.input_value("#contact_on") == local_today().isoformat()

    page.focus("#employer")
    page.keyboard.type("Odense Zoo")
    assert chosen(page, "#employer") == "Odense Zoo"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#new_employer"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#in_person-1"  # "Face to face", chosen unless changed
    assert checked(page, "in_person") == "yes"
    page.keyboard.press("Tab")
    assert focused_id(page) == "#client"
    assert chosen(page, "#client") == said(live_server, "da", "Not for a particular participant")
    page.keyboard.press("Tab")
    assert focused_id(page) == "#goal"
    assert chosen(page, "#goal") == said(live_server, "da", "None of them")
    page.keyboard.press("Tab")
    assert focused_id(page) == "#note"
    page.keyboard.type(note)
    page.keyboard.press("Tab")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    # The form's action ends at its error summary; a 303 keeps that fragment (nothing has the id).
    assert page.url.split("#")[0] == f"{base_url}/job-development"
    saved = said(live_server, "da", "The employer contact is in your log.")
    assert page.locator("#flash[role=status] .notice-success").inner_text() == saved
    assert this_week(page) == (face_to_face + 1, other)
    entry = log_entries(page).filter(has_text=note)
    assert entry.count() == 1
    assert "Odense Zoo" in entry.inner_text()
    assert said(live_server, "da", "face to face") in entry.inner_text()
    assert entry.locator(".hint").count() == 0, "the entry names a participant"
    assert axe_violations(page, axe_source) == []

    entry.get_by_role("button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    removed = said(live_server, "da", "The entry is removed from your log.")
    assert page.locator("#flash[role=status] .notice-success").inner_text() == removed
    assert this_week(page) == (face_to_face, other)
    assert entry.count() == 0
    assert logged_with(live_server, note) == 0


def test_a_contact_for_a_participant_without_consent_is_refused(
    live_server, signed_in_page, base_url, axe_source, log_notes
):
    with live_server.app.app_context():
        mads = db.scalar(select(User).where(User.name == "Mads Poulsen"))
        zoo = db.scalar(
            select(EmployerOrganisation).where(EmployerOrganisation.name == "Odense Zoo")
        )
        assert not may_contact(mads.id, zoo.id), "Mads has not agreed to contacting Odense Zoo"
    note = unique("Spurgte efter en stilling som dyrepasser")
    log_notes.append(note)
    page = signed_in_page(SPECIALIST)
    page.goto(f"{base_url}/job-development")
    week, entries = this_week(page), log_entries(page).count()

    page.select_option("#employer", label="Odense Zoo")
    page.select_option("#client", label="Mads Poulsen")
    page.fill("#note", note)
    with page.expect_navigation() as navigation:
        page.click("main form.stack button[type=submit]")
    assert navigation.value.status == 422
    refused = said(
        live_server,
        "da",
        "%(name)s has not allowed you to contact this employer. Ask on the participant's "
        "consent page first.",
        name="Mads Poulsen",
    )
    summary = page.locator(".error-summary[role=alert]")
    assert summary.locator("a[href='#client']").inner_text() == refused
    assert page.locator("#client-error").inner_text() == refused
    assert "client-error" in page.get_attribute("#client[aria-invalid=true]", "aria-describedby")
    assert (chosen(page, "#employer"), chosen(page, "#client")) == ("Odense Zoo", "Mads Poulsen")
    assert axe_violations(page, axe_source) == []

    assert this_week(page) == week
    assert log_entries(page).count() == entries
    assert note not in page.locator("section[aria-labelledby=log-heading]").inner_text()
    assert logged_with(live_server, note) == 0
