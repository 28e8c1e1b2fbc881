"""A client's goals, plan and career profile on a 390 x 844 phone, with and without
JavaScript: after every submit the confirmation or the first error is where she looks; a
proposal reads as text with a yes and a no; editing two profile sections and saving one keeps
both; leaving a page with words not saved asks first (never when the words are being sent).
Her specialist proposes a step the same way. The journeys change the live database, so each
makes its own words and never depends on what another test did.
"""

import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.profiles.models import CareerProfile
from tests.browser.phone import assert_in_viewport, confirmation, first_error, sideways_boxes
from tests.browser.server import NARROW

pytestmark = pytest.mark.browser

CLIENT = "anna@demo.ips-portal.dk"
SPECIALIST = "mette@demo.ips-portal.dk"


def _user(email: str) -> User:
    return db.scalar(select(User).where(User.email == email))


@pytest.fixture(scope="session")
def demo_plan(live_server):
    """Anna's id (it depends on the database, so it is looked up)."""
    with live_server.app.app_context():
        return SimpleNamespace(client_id=_user(CLIENT).id)


def unique_goal() -> str:
    return words("Arbejde som gartner")


WITH_AND_WITHOUT_JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])


def send(page, button, js: bool) -> None:
    """Press a submit button: htmx swaps the answer in, or the browser loads the next page."""
    if js:
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            button.click()
        assert answer.value.request.headers.get("hx-request") == "true"
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )
    else:
        with page.expect_navigation():
            button.click()


def words(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:8]}"


# --- goals -----------------------------------------------------------------------------------


@WITH_AND_WITHOUT_JS
def test_client_adds_a_goal_and_sees_the_error_and_the_confirmation(
    signed_in_page, base_url, demo_plan, js
):
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/goals")
    save = page.locator("#goal-list form.stack button[type=submit]")

    send(page, save, js)  # nothing written
    assert_in_viewport(first_error(page), "the error summary")
    assert page.locator("#text[aria-invalid=true]").count() == 1

    text = unique_goal()
    page.fill("#text", text)
    send(page, save, js)
    assert_in_viewport(confirmation(page))
    assert page.locator("#goal-list ol.goals").get_by_role("link", name=text).count() == 1


# --- the plan --------------------------------------------------------------------------------


@WITH_AND_WITHOUT_JS
def test_client_reads_a_proposal_as_text_and_says_yes(
    signed_in_page, base_url, demo_plan, new_step, js
):
    step_id, text = new_step(author_email=SPECIALIST)
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    proposal = page.locator(f"ul.proposals #step-{step_id}")
    assert proposal.locator(".proposal-text").inner_text() == text
    # No text box holds the proposal until she asks to change it.
    assert proposal.locator("textarea:visible, select:visible, input:visible").count() == 0

    send(page, proposal.locator("form.button-row button[value=accept]"), js)
    assert_in_viewport(confirmation(page))
    assert page.locator(f"ul.proposals #step-{step_id}").count() == 0
    assert text in page.locator(f"ol.steps #step-{step_id}").inner_text()


@WITH_AND_WITHOUT_JS
def test_client_changes_a_proposal_before_saying_yes(
    signed_in_page, base_url, demo_plan, new_step, js
):
    step_id, _text = new_step(author_email=SPECIALIST)
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    proposal = page.locator(f"ul.proposals #step-{step_id}")
    proposal.locator("details.add-form > summary").click()
    box = page.locator(f"#step-{step_id}-text")
    box.fill("")
    send(page, proposal.locator("details button[value=accept]"), js)
    assert_in_viewport(first_error(page), "the error summary")

    changed = words("Ringe til planteskolen")
    page.locator(f"#step-{step_id}-text").fill(changed)
    send(page, page.locator(f"#step-{step_id} details button[value=accept]"), js)
    assert_in_viewport(confirmation(page))
    assert changed in page.locator(f"ol.steps #step-{step_id}").inner_text()


@WITH_AND_WITHOUT_JS
def test_client_answers_the_benefits_question_far_down_the_plan(
    signed_in_page, base_url, demo_plan, js
):
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    tick = page.locator("#benefit form[action$='/tick'] button").first
    before = tick.inner_text()
    send(page, tick, js)
    assert_in_viewport(confirmation(page))
    if js:  # the page stays with the list she changed, not the plan's first list
        assert_in_viewport(page.locator("#benefit-heading"), "the benefits questions")
        assert page.evaluate("() => document.activeElement.id") == "benefit-heading"
    assert page.locator("#benefit form[action$='/tick'] button").first.inner_text() != before


@WITH_AND_WITHOUT_JS
def test_the_specialist_proposes_a_step(signed_in_page, base_url, demo_plan, js):
    page = signed_in_page(SPECIALIST, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    opener = page.locator("#new-step > summary")
    assert page.locator("#new-step form").is_hidden(), "the form waits behind its button"
    opener.click()
    propose = page.locator("#new-step form button[type=submit]")
    send(page, propose, js)  # nothing written
    assert_in_viewport(first_error(page), "the error summary")

    text = words("Ring til Brugsen sammen")
    page.locator("#new-step #text").fill(text)
    send(page, page.locator("#new-step form button[type=submit]"), js)
    assert_in_viewport(confirmation(page))
    assert page.locator("ul.proposals").get_by_text(text).count() == 1


# --- the career profile ----------------------------------------------------------------------


@WITH_AND_WITHOUT_JS
def test_editing_two_profile_sections_and_saving_one_keeps_both(
    signed_in_page, base_url, live_server, demo_plan, js
):
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/profile")
    history, strengths = words("Kassemedarbejder i Netto"), words("Jeg er god til at lytte")
    page.fill("#profile-history", history)
    page.fill("#profile-strengths", strengths)

    send(page, page.locator("#history > button[type=submit]"), js)  # the first section's Save
    assert_in_viewport(confirmation(page))
    assert page.input_value("#profile-history") == history
    assert page.input_value("#profile-strengths") == strengths, "the second section lost its text"
    with live_server.app.app_context():
        profile = db.scalar(
            select(CareerProfile).where(CareerProfile.client_id == demo_plan.client_id)
        )
        assert (profile.history, profile.strengths) == (history, strengths)


@WITH_AND_WITHOUT_JS
def test_a_profile_number_out_of_range_shows_the_error_in_view(
    signed_in_page, base_url, demo_plan, js
):
    page = signed_in_page(CLIENT, java_script_enabled=js)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/profile")
    page.fill("#profile-hours_per_week", "99")
    kept = words("Det hjælper at vide på forhånd")
    page.fill("#profile-supports", kept)
    send(page, page.locator("#supports > button[type=submit]"), js)
    assert_in_viewport(first_error(page), "the error summary")
    assert page.input_value("#profile-supports") == kept


# --- leaving with words not saved ------------------------------------------------------------


def test_leaving_a_page_with_words_not_saved_asks_first(signed_in_page, base_url, demo_plan):
    page = signed_in_page(CLIENT)
    profile = f"{base_url}/clients/{demo_plan.client_id}/profile"
    goals_link = page.locator("nav.main-nav a[href$='/goals']").first
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", stay)
    page.goto(profile)
    with page.expect_navigation():
        goals_link.click()  # nothing typed: no question
    assert asked == []

    page.goto(profile)
    typed = words("Noget jeg ikke har gemt")
    page.fill("#profile-strengths", typed)
    goals_link.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == profile and page.input_value("#profile-strengths") == typed

    # Saved with htmx: nothing is left unsaved, so the link simply opens.
    send(page, page.locator("#strengths > button[type=submit]"), js=True)
    assert_in_viewport(confirmation(page))
    assert_in_viewport(page.locator("#strengths-heading"), "the section she saved from")
    assert page.evaluate("() => document.activeElement.id") == "strengths-heading"
    with page.expect_navigation():
        goals_link.click()
    assert asked == ["beforeunload"]


def test_sending_a_form_or_holding_it_at_the_session_end_never_asks(
    signed_in_page, base_url, demo_plan, new_step
):
    page = signed_in_page(CLIENT)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    # A plain form (no htmx) sends its own words: no question.
    step_id, _text = new_step()
    page.goto(f"{base_url}/steps/{step_id}")
    page.fill("#text", words("Et nyt navn til trinnet"))
    with page.expect_navigation():
        page.click("main form.stack button[type=submit]")
    assert asked == []

    # "Sign in again" posts the typed words to be held (portal.js marks the form hold-only).
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/profile")
    page.fill("#profile-strengths", words("Skrevet lige før jeg blev logget ud"))
    page.route("**/profile", lambda route: route.fulfill(status=200, body="<p>held</p>"))
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.querySelector("#profile-form form");
                const marker = document.createElement("input");
                marker.type = "hidden"; marker.name = "hold-only"; marker.value = "1";
                form.appendChild(marker);
                HTMLFormElement.prototype.submit.call(form);
            }"""
        )
    assert asked == []


# --- reflow at 320 px ------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [NARROW])
def test_plan_and_profile_reflow_at_320_px_with_every_add_form_open(
    signed_in_page, base_url, demo_plan
):
    page = signed_in_page(CLIENT)
    for path in ("plan", "profile"):
        page.goto(f"{base_url}/clients/{demo_plan.client_id}/{path}")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert sideways_boxes(page) == [], path
