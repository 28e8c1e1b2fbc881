"""Who a step can belong to follows the participant's team country (issue 21), whoever writes
the step: a Danish participant is offered the jobcenter and the a-kasse, never Försäkringskassan.
A step saved earlier under the other country's agency keeps it; a value no form offers is
refused with the form's error and saves nothing."""

import pytest
from sqlalchemy import select

from portal.core.authz import NotAllowed
from portal.core.db import db
from portal.core.identity import Country, Role, User
from portal.plans.models import PlanStep, Responsible, StepState
from portal.plans.services import StepData, add_step
from tests.factories import make_step, make_team, make_user
from tests.helpers import post_form
from tests.plans.helpers import responsible_options

DANISH = ["me", "specialist", "treatment_team", "job_centre", "unemployment_fund", "other"]
SWEDISH = [*DANISH[:4], "forsakringskassan", *DANISH[4:]]
NOT_A_CHOICE = {"da": "Vælg en af mulighederne på listen.", "en": "Not a valid choice."}


def steps_of(app, person) -> list[PlanStep]:
    with app.app_context():
        query = select(PlanStep).where(PlanStep.client_id == person.id).order_by(PlanStep.id)
        return list(db.scalars(query))


@pytest.fixture
def old_step(app, people):
    """A step of the Danish participant saved under Försäkringskassan before the form heeded
    the team's country (written straight into the table: no form offers it any more)."""
    with app.app_context():
        step = make_step(people["client_a"], "Ringe til Försäkringskassan", Responsible.OTHER)
        step.responsible = Responsible.FORSAKRINGSKASSAN
        db.commit()
        return step


@pytest.fixture
def elin(app):
    """A participant of a Swedish team, with her specialist Sara."""
    with app.app_context():
        botkyrka = make_team("IPS Botkyrka", Country.SWEDEN)
        sara = make_user(Role.SPECIALIST, "sara@example.org", "Sara Specialist", team=botkyrka)
        return make_user(Role.CLIENT, "elin@example.org", "Elin Deltagare", specialist=sara)


def test_a_danish_participants_old_forsakringskassan_step_is_shown_and_kept_when_edited(
    app, login_as, people, old_step
):
    anna = people["client_a"]
    browser = login_as(anna)
    plan = f"/clients/{anna.id}/plan"
    page = browser.get(plan).get_data(as_text=True)
    assert "Försäkringskassan (the Swedish Social Insurance Agency)" in page
    assert list(responsible_options(page, f"{plan}/steps")) == DANISH  # not for new steps

    step_page = browser.get(f"/steps/{old_step.id}").get_data(as_text=True)
    offered = responsible_options(step_page, f"/steps/{old_step.id}")
    assert list(offered) == [*DANISH[:-1], "forsakringskassan", "other"]
    assert '<option selected value="forsakringskassan">' in step_page
    saved = post_form(
        browser,
        f"/steps/{old_step.id}",
        {"text": "Ringe og spørge", "responsible": "forsakringskassan", "version": "2"},
    )
    assert saved.status_code == 303
    [step] = steps_of(app, anna)
    assert (step.text, step.responsible) == ("Ringe og spørge", Responsible.FORSAKRINGSKASSAN)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_forged_agency_of_the_other_country_is_refused_and_nothing_is_saved(
    app, login_as, people, language
):
    anna = people["client_a"]
    with app.app_context():
        step = make_step(anna, "Ringe til jobcentret", Responsible.JOB_CENTRE)
    browser, plan = login_as(anna, lang=language), f"/clients/{anna.id}/plan"

    forged = {"text": "Söka sjukpenning", "responsible": "forsakringskassan"}
    refused = post_form(browser, f"{plan}/steps", forged, page=plan)
    assert refused.status_code == 422
    assert NOT_A_CHOICE[language] in refused.get_data(as_text=True)

    edited = post_form(browser, f"/steps/{step.id}", {**forged, "version": str(step.version)})
    assert edited.status_code == 422
    assert NOT_A_CHOICE[language] in edited.get_data(as_text=True)
    [kept] = steps_of(app, anna)
    assert (kept.text, kept.responsible) == ("Ringe til jobcentret", Responsible.JOB_CENTRE)


def test_a_participant_cannot_accept_a_proposal_changed_to_the_other_countrys_agency(
    app, login_as, people
):
    anna = people["client_a"]
    with app.app_context():
        proposal = make_step(anna, "Ringe", Responsible.SPECIALIST, by=people["specialist_a"])
    browser = login_as(anna)
    answer = {
        "answer": "accept",
        "text": "Ringe",
        "responsible": "forsakringskassan",
        "version": str(proposal.version),
    }
    refused = post_form(
        browser, f"/steps/{proposal.id}/answer", answer, page=f"/clients/{anna.id}/plan"
    )
    assert refused.status_code == 422 and NOT_A_CHOICE["en"] in refused.get_data(as_text=True)
    [step] = steps_of(app, anna)
    assert (step.state, step.responsible) == (StepState.PROPOSED, Responsible.SPECIALIST)


def test_the_specialist_is_offered_the_swedish_participants_agencies(app, login_as, elin):
    with app.app_context():
        sara = db.get(User, elin.specialist_id)
    browser, plan = login_as(sara, lang="sv"), f"/clients/{elin.id}/plan"
    offered = responsible_options(browser.get(plan).get_data(as_text=True), f"{plan}/steps")
    assert list(offered) == SWEDISH
    assert offered["job_centre"] == "Arbetsförmedlingen"
    assert offered["me"] == "Deltagaren"
    proposal = {"text": "Ringa Försäkringskassan", "responsible": "forsakringskassan"}
    assert post_form(browser, f"{plan}/steps", proposal, page=plan).status_code == 303
    [step] = steps_of(app, elin)
    assert (step.state, step.responsible) == (StepState.PROPOSED, Responsible.FORSAKRINGSKASSAN)


def test_the_danish_participants_specialist_is_not_offered_swedish_agencies(app, login_as, people):
    anna = people["client_a"]
    browser, plan = login_as("specialist_a"), f"/clients/{anna.id}/plan"
    offered = responsible_options(browser.get(plan).get_data(as_text=True), f"{plan}/steps")
    assert list(offered) == DANISH
    forged = {"text": "Ringe", "responsible": "forsakringskassan"}
    assert post_form(browser, f"{plan}/steps", forged, page=plan).status_code == 422
    assert steps_of(app, anna) == []


def test_the_service_refuses_an_agency_of_the_other_country_too(app, people):
    """A step written by other code than the form (an import, a later feature) is held to the
    same rule."""
    with app.app_context():
        anna = db.merge(people["client_a"])
        with pytest.raises(NotAllowed):
            add_step(anna, anna, StepData("Ringe", Responsible.FORSAKRINGSKASSAN, None))
    assert steps_of(app, people["client_a"]) == []
