"""Intake on a phone (390 px), end to end in a real browser:

- a person asks "I would like to work" from the sign-in page without JavaScript, Mette accepts
  her with a code on paper, and she signs in with it and chooses a password;
- Karen, a treatment contact, refers someone, whom Mette then sees, with who referred;
- Mette makes an account without e-mail for a walk-in, whose paper code works once;
- Mette records a yes given on paper for Bo (who has no e-mail), Bo reads it at his next
  sign-in, and Karen then sees what Bo agreed to.

The public pages pass axe-core and reflow at 320 px in Danish, Swedish and English; the
staff's pages in the journey's language."""

import re

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.demo.intake import DEMO_USERNAME
from portal.intake.models import Referral
from portal.partners.models import LinkState, PartnerLink
from tests.browser.demo import SPECIALIST, user
from tests.browser.helpers import (
    checked_page_problems,
    said,
    shown_page_problems,
    unique,
)
from tests.browser.phone import assert_in_viewport, confirmation, first_error
from tests.browser.server import PHONE

pytestmark = pytest.mark.browser

KAREN = "behandler@demo.ips-portal.dk"
PASSWORD = "green-kettle-morning-19"


def _odense(live_server) -> int:
    with live_server.app.app_context():
        return user(SPECIALIST).team_id


def _paper_sign_in(page, base_url, username: str, code: str) -> None:
    page.goto(base_url + "/login")
    with page.expect_navigation():
        page.click("a[href='/login/paper']")
    page.fill("#email", username)
    page.fill("#code", code)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _shown_code(page) -> tuple[str, str]:
    return page.inner_text("#paper-username").strip(), page.inner_text("#paper-code").strip()


def public_page_problems(new_page, base_url, axe_source, team_id, language) -> list[str]:
    """The public pages with JavaScript, for axe (which runs in the page) and 320 px reflow:
    the sign-in page that links them, the list of teams, the form (empty, and sent empty),
    the thanks, and the sign-in with a paper code."""
    checker = new_page(viewport=PHONE)
    checker.goto(base_url + "/login")
    with checker.expect_navigation():
        checker.click(f".language-switcher button[value={language}]")
    problems = shown_page_problems(checker, "/login", language, axe_source)
    ask = f"/i-would-like-to-work/{team_id}"
    for path in ("/i-would-like-to-work", ask, ask + "!", ask + "/thanks", "/login/paper"):
        problems += checked_page_problems(checker, base_url, path, language, axe_source)
    return problems


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_public_pages_pass_axe_and_reflow_in_each_language(
    live_server, new_page, base_url, axe_source, language
):
    problems = public_page_problems(new_page, base_url, axe_source, _odense(live_server), language)
    assert not problems, "\n".join(problems)


def test_a_person_asks_on_a_phone_without_javascript_and_is_accepted_with_a_paper_code(
    live_server, new_page, signed_in_page, base_url, axe_source
):
    """In Danish; the public pages in Swedish and English are checked just above."""
    language = "da"
    team_id = _odense(live_server)
    name = unique("Rita Hansen")
    person = new_page(viewport=PHONE, java_script_enabled=False)
    person.goto(base_url + "/login")
    person.click(f".language-switcher button[value={language}]")
    with person.expect_navigation():
        person.click("a[href='/i-would-like-to-work']")
    with person.expect_navigation():
        person.click(f"a[href='/i-would-like-to-work/{team_id}']")
    assert "Jobstøtte Odense" in person.inner_text("main")
    # Sent without a way to reach her: a clear error, and her words are still there.
    person.fill("#name", name)
    person.fill("#work_wish", "Noget med dyr")
    with person.expect_navigation():
        person.click("main form button[type=submit]")
    assert (
        said(
            live_server,
            language,
            "Write a phone number or an e-mail address, so that the team can reach you.",
        )
        in first_error(person).inner_text()
    )
    assert person.input_value("#work_wish") == "Noget med dyr"
    person.fill("#phone", "20 30 40 50")
    with person.expect_navigation():
        person.click("main form button[type=submit]")
    assert person.url.split("#")[0] == f"{base_url}/i-would-like-to-work/{team_id}/thanks"
    assert person.locator("main h1").is_visible()

    problems = public_page_problems(new_page, base_url, axe_source, team_id, language)

    # Mette finds her waiting, and accepts her with a code on paper.
    mette = signed_in_page(SPECIALIST, language=language)
    mette.goto(base_url + "/")
    with mette.expect_navigation():
        mette.click("main a[href='/referrals']")
    problems += shown_page_problems(mette, "/referrals", language, axe_source)
    with mette.expect_navigation():
        mette.get_by_role("link", name=name).click()
    assert "20 30 40 50" in mette.inner_text("main")
    problems += shown_page_problems(mette, "/referrals/<id>", language, axe_source)
    with mette.expect_navigation():
        mette.click("form:has(input[name=way][value=paper]) button")
    username, code = _shown_code(mette)
    problems += shown_page_problems(mette, "the paper code", language, axe_source)

    # With the paper in her hand, she signs in on her phone and chooses a password.
    _paper_sign_in(person, base_url, username, code)
    assert person.url == base_url + "/"
    assert name.split()[0] in person.inner_text("main h1")
    with live_server.app.app_context():
        rita = db.scalar(select(User).where(User.username == username))
        assert rita.email is None and rita.specialist_id == user(SPECIALIST).id
    assert not problems, "\n".join(problems)


def test_a_treatment_contact_refers_someone_and_the_team_sees_who_referred(
    live_server, signed_in_page, base_url, axe_source
):
    name = unique("Mikkel Sørensen")
    karen = signed_in_page(KAREN, language="da")
    karen.goto(base_url + "/")
    with karen.expect_navigation():
        karen.click("a[href='/refer']")
    problems = shown_page_problems(karen, "/refer", "da", axe_source)
    karen.fill("#name", name)
    karen.fill("#email", "mikkel@example.org")
    with karen.expect_navigation():
        karen.click("main form button[type=submit]")
    assert_in_viewport(confirmation(karen))
    assert name not in karen.inner_text("main")  # she sees nothing of him from now on
    with live_server.app.app_context():
        referral = db.scalar(select(Referral).where(Referral.name == name))
        assert referral.referred_by_id == user(KAREN).id
    mette = signed_in_page(SPECIALIST, language="da")
    mette.goto(f"{base_url}/referrals/{referral.id}")
    assert "Karen Holm" in mette.inner_text("main")
    with mette.expect_navigation():
        mette.click("form:has(input[name=way][value=email]) button")
    assert_in_viewport(confirmation(mette))
    with live_server.app.app_context():
        mikkel = db.scalar(select(User).where(User.email == "mikkel@example.org"))
        assert mikkel.specialist_id == user(SPECIALIST).id
    assert not problems, "\n".join(problems)


def test_a_walk_in_gets_an_account_without_email_and_the_code_works_once(
    live_server, signed_in_page, new_page, base_url, axe_source
):
    mette = signed_in_page(SPECIALIST, language="en")
    mette.goto(base_url + "/invitations")
    with mette.expect_navigation():
        mette.click("a[href='/invitations/without-email']")
    problems = shown_page_problems(mette, "/invitations/without-email", "en", axe_source)
    mette.fill("#name", unique("Walk In"))
    with mette.expect_navigation():
        mette.click("main form button[type=submit]")
    username, code = _shown_code(mette)
    assert re.fullmatch(r"walk\d{3}", username)
    person = new_page(viewport=PHONE)
    _paper_sign_in(person, base_url, username, code)
    assert person.url == base_url + "/"
    again = new_page(viewport=PHONE)
    _paper_sign_in(again, base_url, username, code)
    assert "The user name or the sign-in code is not right." in first_error(again).inner_text()
    assert not problems, "\n".join(problems)


@pytest.fixture
def bo_and_karen(live_server):
    """Bo (no e-mail) has no link to Karen in the demo; whatever this test adds is stopped
    after, so that Karen sees only Anna in the other tests."""
    yield
    with live_server.app.app_context():
        bo = db.scalar(select(User).where(User.username == DEMO_USERNAME))
        for link in db.scalars(select(PartnerLink).where(PartnerLink.client_id == bo.id)):
            link.state = LinkState.WITHDRAWN
        db.commit()


def test_a_yes_on_paper_is_recorded_read_by_bo_and_seen_by_karen(
    live_server, signed_in_page, base_url, axe_source, bo_and_karen
):
    with live_server.app.app_context():
        bo_id = db.scalar(select(User.id).where(User.username == DEMO_USERNAME))
    mette = signed_in_page(SPECIALIST, language="sv")
    mette.goto(f"{base_url}/clients/{bo_id}/contacts")
    mette.fill("#name", "Karen Holm")
    mette.fill("#email", KAREN)
    mette.fill("#organisation", "Psykiatrien Odense")
    mette.select_option("#kind", "psychiatry")
    mette.check("input[name=way][value=paper]")
    mette.fill("#consent_on", "2026-12-01")
    mette.check("input[name=shares][value=goals]")
    with mette.expect_navigation():
        mette.click("form:has(#consent_on) button[type=submit]")
    assert_in_viewport(confirmation(mette))
    problems = shown_page_problems(mette, "/clients/<bo>/contacts", "sv", axe_source)

    bo = signed_in_page(DEMO_USERNAME, language="sv")
    bo.goto(base_url + "/")
    paper = said(live_server, "sv", "You said yes on paper")
    assert paper in bo.inner_text("main")
    problems += shown_page_problems(bo, "/ (Bo, a yes on paper)", "sv", axe_source)

    karen = signed_in_page(KAREN, language="sv")
    karen.goto(base_url + "/")
    assert "Bo Christensen" in karen.inner_text("main")
    assert not problems, "\n".join(problems)
