"""A client's goals, plan, steps and career profile in a real browser: axe-core and reflow at
320 px in every language, for the client and her specialist, and the htmx journeys (with and
without JavaScript) that save goals, tick steps off, accept a proposal and add to the lists.

The journeys change the live database, so each one makes its own goal text, step or proposal
and never depends on what another test did.
"""

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.goals.models import Goal
from portal.plans.models import PlanStep, StepState
from tests.browser.demo import unique_goal, user
from tests.browser.helpers import (
    LANGUAGES,
    assert_focus_on,
    assert_same_page,
    assert_save_announced,
    axe_violations,
    mark_page,
    opened_page_problems,
    post_with_htmx,
)

pytestmark = pytest.mark.browser

CLIENT = "anna@demo.ips-portal.dk"
SPECIALIST = "mette@demo.ips-portal.dk"


@dataclass(frozen=True)
class DemoPlan:
    """Ids of Anna's demo records (they depend on the database, so they are looked up)."""

    client_id: int
    goal_id: int
    step_id: int

    def pages(self, visitor: str) -> list[str]:
        client = f"/clients/{self.client_id}"
        if visitor == "client":
            return [
                "/",
                f"{client}/goals",
                f"/goals/{self.goal_id}",
                f"{client}/plan",
                f"/steps/{self.step_id}",
                f"{client}/profile",
            ]
        return [
            f"{client}/goals",
            f"/goals/{self.goal_id}",
            f"{client}/plan",
            f"/steps/{self.step_id}",
            f"{client}/profile",
        ]


@pytest.fixture(scope="session")
def demo_plan(live_server) -> DemoPlan:
    with live_server.app.app_context():
        anna = user(CLIENT)
        first_goal = db.scalar(select(Goal).where(Goal.client_id == anna.id).order_by(Goal.id))
        first_step = db.scalar(
            select(PlanStep)
            .where(PlanStep.client_id == anna.id, PlanStep.state == StepState.AGREED)
            .order_by(PlanStep.id)
        )
        return DemoPlan(anna.id, first_goal.id, first_step.id)


# --- every page: axe-core and reflow ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("visitor", "email"), [("client", CLIENT), ("specialist", SPECIALIST)])
def test_plan_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, demo_plan, visitor, email, language
):
    page = signed_in_page(email, language=language)
    problems = [
        problem
        for path in demo_plan.pages(visitor)
        for problem in opened_page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


# --- htmx journeys ---------------------------------------------------------------------------


def test_client_adds_a_goal_with_htmx(signed_in_page, base_url, axe_source, demo_plan):
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/goals")
    mark_page(page)
    save = page.locator("#goal-list form[data-hx-post$='/goals'] button[type=submit]")

    # An empty goal: the error summary appears and takes focus.
    page.fill("#text", "")
    post_with_htmx(page, save, status=422)
    assert page.locator("#goal-list .error-summary").is_visible()
    assert_focus_on(page, "#goal-list .error-summary")
    assert page.locator("#text[aria-invalid=true]").count() == 1
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []

    # A real goal: saved, listed, announced, and focus stays in the list.
    text = unique_goal()
    page.fill("#text", text)
    post_with_htmx(page, save)
    assert_save_announced(page)
    assert page.locator("#goal-list .error-summary").count() == 0
    assert (
        page.locator("#goal-list ol.goals").get_by_role("link", name=text, exact=True).is_visible()
    )
    assert page.input_value("#text") == "", "the form should be empty for the next goal"
    assert_focus_on(page, "#goal-list [data-focus-after-save]")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []

    # Moving it up: focus stays on its "Up" button (htmx finds the new one by its id).
    goal = page.locator("#goal-list ol.goals > li").filter(
        has=page.get_by_role("link", name=text, exact=True)
    )
    goal_id = goal.get_attribute("id")
    before = goal_order(page)
    post_with_htmx(page, goal.locator("button[name=direction][value=up]"))
    assert goal_order(page).index(goal_id) == before.index(goal_id) - 1
    assert_focus_on(page, f"#{goal_id}-up")
    assert_same_page(page)


def goal_order(page) -> list[str]:
    return page.locator("#goal-list ol.goals > li").evaluate_all("items => items.map(i => i.id)")


def test_client_marks_a_step_done_with_htmx(
    signed_in_page, base_url, axe_source, demo_plan, new_step
):
    step_id, _text = new_step()
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    mark_page(page)
    step = page.locator(f"#step-{step_id}")
    assert "step-todo" in step.get_attribute("class")

    post_with_htmx(page, step.locator("button[name=status][value=done]"))
    assert_save_announced(page)
    assert "step-done" in step.get_attribute("class")
    assert step.locator("button[name=status][value=todo]").is_visible()
    assert_focus_on(page, "#plan-steps [data-focus-after-save]")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []


def test_client_accepts_a_proposal_with_htmx(
    signed_in_page, base_url, axe_source, demo_plan, new_step
):
    step_id, text = new_step(author_email=SPECIALIST)
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    mark_page(page)
    proposal = page.locator(f"ul.proposals #step-{step_id}")
    assert proposal.is_visible()

    post_with_htmx(page, proposal.locator("form.button-row button[name=answer][value=accept]"))
    assert_save_announced(page)
    assert page.locator(f"ul.proposals #step-{step_id}").count() == 0
    accepted = page.locator(f"ol.steps #step-{step_id}")
    assert accepted.is_visible()
    assert text in accepted.inner_text()
    assert_focus_on(page, "#plan-steps [data-focus-after-save]")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []


def test_client_adds_an_accommodation_with_htmx(signed_in_page, base_url, axe_source, demo_plan):
    """The plan's lists share one swapped region: focus goes to the list that was changed."""
    page = signed_in_page(CLIENT)
    page.goto(f"{base_url}/clients/{demo_plan.client_id}/plan")
    mark_page(page)
    text = f"Høretelefoner på lageret {uuid.uuid4().hex[:8]}"

    page.click("#accommodation details.add-form > summary")  # the form waits behind its button
    page.fill("#accommodation-text", text)
    post_with_htmx(
        page, page.locator("#accommodation form:has(#accommodation-text) button[type=submit]")
    )
    assert_save_announced(page)
    assert page.locator("#accommodation .item-list").get_by_text(text, exact=True).is_visible()
    assert_focus_on(page, "#accommodation-heading")
    assert_same_page(page)
    assert axe_violations(page, axe_source) == []


# --- without JavaScript ----------------------------------------------------------------------


def test_client_saves_a_goal_and_a_step_without_javascript(
    signed_in_page, base_url, demo_plan, new_step
):
    page = signed_in_page(CLIENT, java_script_enabled=False)
    goals = f"{base_url}/clients/{demo_plan.client_id}/goals"
    page.goto(goals)
    text = unique_goal()
    page.fill("#text", text)
    with page.expect_navigation():
        page.click("#goal-list form.stack button[type=submit]")
    assert page.url.split("#")[0] == goals  # the form's #errors stays: no summary, the top
    assert page.locator("#flash .notice-success").is_visible()
    assert (
        page.locator("#goal-list ol.goals").get_by_role("link", name=text, exact=True).is_visible()
    )

    step_id, _text = new_step()
    plan = f"{base_url}/clients/{demo_plan.client_id}/plan"
    page.goto(plan)
    with page.expect_navigation():
        page.click(f"#step-{step_id} button[name=status][value=done]")
    assert page.url == plan  # at the top, where the confirmation is
    assert page.locator("#flash .notice-success").is_visible()
    assert "step-done" in page.locator(f"#step-{step_id}").get_attribute("class")
