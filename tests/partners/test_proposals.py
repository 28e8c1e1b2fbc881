"""A treatment or agency contact proposes plan steps for a participant who shares her plan
with them; she decides as on her specialist's proposals, and her plan, the proposal, its
history and her export name the contact. Without the plan shared, or after she stops
sharing, there is no form and a proposal is refused without saving anything."""

import re

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.partners.models import LinkState, PartnerLink
from portal.partners.services import stop_sharing
from portal.plans.models import PlanStep, Responsible, StepState
from tests.factories import make_partner, make_partner_link, make_step, make_user
from tests.helpers import csrf_token_from
from tests.hostile import post_random_values

KAREN = "karen@psykiatrien.example.org"
NAMED = "Karen Holm (Psykiatrien Testby)"


def _karen(app, people, shares=("plan",), state=LinkState.ACTIVE, client="client_a"):
    with app.app_context():
        karen = make_partner(KAREN, "Karen Holm")
        make_partner_link(db.merge(people[client]), karen, shares=shares, state=state)
        return karen


def _page(browser, client_id: int) -> str:
    return browser.get(f"/shared/{client_id}").get_data(as_text=True)


def _propose(browser, client_id: int, text="Try two hours a week at the bakery", **fields):
    """Post the form as the contact's page gives it (its CSRF token and submission token)."""
    html = _page(browser, client_id)
    token = re.search(r'name="submission" type="hidden" value="([^"]+)"', html)
    data = {
        "csrf_token": csrf_token_from(html),
        "submission": token.group(1) if token else "",
        "text": text,
        "responsible": Responsible.ME.value,
        "due_date": "",
        **fields,
    }
    return browser.post(f"/shared/{client_id}/proposals", data=data)


def _steps(app, client_id: int) -> list[PlanStep]:
    with app.app_context():
        return list(db.scalars(select(PlanStep).where(PlanStep.client_id == client_id)))


def _step_id(app, client_id: int, text: str) -> int:
    return next(step.id for step in _steps(app, client_id) if step.text == text)


def test_a_contact_proposes_a_step_the_participant_has_to_decide_on(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    page = _page(browser, anna_id)
    assert "Propose a step" in page and "You have not proposed any steps yet." in page
    # The owners offered are Anna's country's (Denmark: no Försäkringskassan).
    assert "Job centre (jobcenter)" in page and "Försäkringskassan" not in page
    answer = _propose(browser, anna_id, due_date="2030-01-15")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/shared/{anna_id}#proposals-heading")
    page = browser.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your proposal is sent. Anna decides on it." in page
    assert "Try two hours a week at the bakery" in page
    assert "waiting for the participant's answer" in page
    [step] = _steps(app, anna_id)
    assert step.state == StepState.PROPOSED and step.proposed_by_id == karen.id
    assert str(step.due_date) == "2030-01-15"
    with app.app_context():
        [entry] = db.scalars(select(HistoryEntry).where(HistoryEntry.subject_id == step.id))
        assert (entry.action, entry.actor_id) == ("proposed", karen.id)
    # Not in the plan as she reads it: it waits for her answer.
    plan = login_as("client_a").get(f"/clients/{anna_id}/plan").get_data(as_text=True)
    assert "Proposals for your plan" in plan
    assert f"{NAMED} proposes:" in plan
    assert "Yes, add it to my plan" in plan


def test_the_participant_accepts_as_is_or_changed_or_declines(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    for text in ("Call the bakery", "Ask about night shifts", "Visit the library"):
        assert _propose(browser, anna_id, text).status_code == 303
    anna = login_as("client_a")
    plan_url = f"/clients/{anna_id}/plan"
    token = csrf_token_from(anna.get(plan_url).get_data(as_text=True))
    steps = {step.text: step for step in _steps(app, anna_id)}
    as_is, changed, declined = (
        steps["Call the bakery"],
        steps["Ask about night shifts"],
        steps["Visit the library"],
    )
    send = {"csrf_token": token}
    assert (
        anna.post(
            f"/steps/{as_is.id}/answer", data={**send, "answer": "accept", "version": 1}
        ).status_code
        == 303
    )
    edited = {
        **send,
        "answer": "accept",
        "version": changed.version,
        "text": "Ask about day shifts",
        "responsible": Responsible.SPECIALIST.value,
        "due_date": "",
    }
    assert anna.post(f"/steps/{changed.id}/answer", data=edited).status_code == 303
    assert (
        anna.post(
            f"/steps/{declined.id}/answer",
            data={**send, "answer": "decline", "version": declined.version},
        ).status_code
        == 303
    )
    states = {step.text: step.state for step in _steps(app, anna_id)}
    assert states == {
        "Call the bakery": StepState.AGREED,
        "Ask about day shifts": StepState.AGREED,
        "Visit the library": StepState.DECLINED,
    }
    # Karen sees what became of each of her proposals, as Anna left it.
    page = _page(browser, anna_id)
    section = page[page.index('id="proposals-heading"') :]
    for text, answer in (
        ("Call the bakery", "accepted"),
        ("Ask about day shifts", "accepted"),
        ("Visit the library", "declined"),
    ):
        assert re.search(rf"{text}</p>.*?{answer}</span>", section, re.S), text
    assert "Ask about night shifts" not in page
    # The plan's history names Karen for the proposal and Anna for the answer.
    plan = anna.get(plan_url).get_data(as_text=True)
    history = plan[plan.index("Recent changes to the plan") :]
    assert "Karen Holm" in history and "Anna Klient" in history


def test_the_specialist_sees_the_proposal_and_who_made_it(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    _propose(login_as(karen), anna_id, "Call the bakery")
    mette = login_as("specialist_a")
    plan = mette.get(f"/clients/{anna_id}/plan").get_data(as_text=True)
    assert "Proposals waiting for an answer" in plan and f"{NAMED} proposes:" in plan
    step_id = _step_id(app, anna_id, "Call the bakery")
    step_page = mette.get(f"/steps/{step_id}").get_data(as_text=True)
    assert f"Proposed by {NAMED}" in step_page
    # Hers to decide: the specialist cannot change a contact's proposal.
    assert "Change the step" not in step_page


def test_a_specialists_own_proposal_names_no_contact(app, login_as, people):
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        make_step(anna, "Ask about night shifts", by=mette)
    plan = login_as("client_a").get(f"/clients/{anna.id}/plan").get_data(as_text=True)
    assert "Proposals from your employment specialist" in plan and "proposes:" not in plan


def test_the_contact_sees_only_their_own_proposals(app, login_as, people):
    karen = _karen(app, people)
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        make_step(anna, "The specialist's proposal", by=mette)
        lars = make_partner("lars@jobcenter.example.org", "Lars Berg")
        make_partner_link(anna, lars, shares=("plan",))
    _propose(login_as(lars), anna.id, "Lars's proposal")
    page = _page(login_as(karen), anna.id)
    assert "You have not proposed any steps yet." in page
    assert "Lars&#39;s proposal" not in page and "The specialist&#39;s proposal" not in page


@pytest.mark.parametrize("shares", [(), ("goals",), ("goals", "meetings", "strengths")])
def test_without_the_plan_shared_there_is_no_form_and_no_proposal(app, login_as, people, shares):
    karen = _karen(app, people, shares=shares)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    page = browser.get(f"/shared/{anna_id}")
    assert page.status_code == 200
    assert "Propose a step" not in page.get_data(as_text=True)
    assert _propose(browser, anna_id).status_code == 404
    assert _steps(app, anna_id) == []


def test_after_the_participant_stops_sharing_a_proposal_is_refused(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    assert _propose(browser, anna_id, "Before").status_code == 303
    html = _page(browser, anna_id)  # the form is on her screen when Anna stops
    with app.app_context():
        anna = db.merge(people["client_a"])
        link = db.scalar(select(PartnerLink).where(PartnerLink.client_id == anna.id))
        stop_sharing(anna, link, link.version)
        db.commit()
    answer = browser.post(
        f"/shared/{anna_id}/proposals",
        data={"csrf_token": csrf_token_from(html), "text": "After", "responsible": "me"},
    )
    assert answer.status_code == 404
    assert [step.text for step in _steps(app, anna_id)] == ["Before"]
    # What Karen proposed before stays Anna's to decide, and still names her.
    plan = login_as("client_a").get(f"/clients/{anna_id}/plan").get_data(as_text=True)
    assert f"{NAMED} proposes:" in plan


@pytest.mark.parametrize("state", [LinkState.ASKED, LinkState.DECLINED, LinkState.WITHDRAWN])
def test_a_contact_without_a_yes_cannot_propose(app, login_as, people, state):
    karen = _karen(app, people, state=state)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    answer = browser.post(
        f"/shared/{anna_id}/proposals",
        data={"csrf_token": token, "text": "A step", "responsible": "me"},
    )
    assert answer.status_code == 404
    assert _steps(app, anna_id) == []


def test_a_contact_cannot_propose_for_someone_else(app, login_as, people):
    karen = _karen(app, people)  # Anna shares her plan with Karen; Bent does not
    bent_id = people["client_b"].id
    browser = login_as(karen)
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    answer = browser.post(
        f"/shared/{bent_id}/proposals",
        data={"csrf_token": token, "text": "A step", "responsible": "me"},
    )
    assert answer.status_code == 404
    assert _steps(app, bent_id) == []


@pytest.mark.parametrize("who", ["client_a", "specialist_a", "admin", "employer"])
def test_no_other_role_proposes_through_the_contacts_route(app, login_as, people, who):
    _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(who)
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    answer = browser.post(
        f"/shared/{anna_id}/proposals",
        data={"csrf_token": token, "text": "A step", "responsible": "me"},
    )
    assert answer.status_code == 403
    assert _steps(app, anna_id) == []


@pytest.mark.parametrize(
    ("lang", "fields", "error"),
    [
        ("en", {"text": ""}, "Please fill in this field."),
        ("da", {"text": ""}, "Udfyld dette felt."),
        ("en", {"responsible": Responsible.FORSAKRINGSKASSAN.value}, "Not a valid choice."),
        ("sv", {"responsible": "nobody"}, "Välj"),
        ("en", {"due_date": "tomorrow"}, "date"),
        ("en", {"text": "x" * 301}, "Use at most 300 characters."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_the_words_kept(
    app, login_as, people, lang, fields, error
):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen, lang=lang)
    words = {"text": "Call the bakery", **fields}
    answer = _propose(browser, anna_id, **words)
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert error in body
    assert 'id="proposal-errors"' in body and '<details class="add-form" open>' in body
    if words["text"] and len(words["text"]) <= 300:
        assert words["text"] in body
    assert _steps(app, anna_id) == []


def test_a_form_sent_twice_makes_one_proposal(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    html = _page(browser, anna_id)
    token = re.search(r'name="submission" type="hidden" value="([^"]+)"', html).group(1)
    data = {
        "csrf_token": csrf_token_from(html),
        "submission": token,
        "text": "Call the bakery",
        "responsible": "me",
    }
    for _attempt in range(2):
        assert browser.post(f"/shared/{anna_id}/proposals", data=data).status_code == 303
    assert len(_steps(app, anna_id)) == 1


def test_proposing_is_in_the_participants_access_log(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    _propose(login_as(karen), anna_id)
    export = login_as("client_a").get("/my-data/export.json").get_json()
    looks = [row["what"] for row in export["audit_entries"] if row["actor_id"] == karen.id]
    assert "partner_proposals.propose" in looks


def test_the_proposal_and_who_made_it_are_in_the_participants_export(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    _propose(login_as(karen), anna_id, "Call the bakery")
    export = login_as("client_a").get("/my-data/export.json").get_json()
    [step] = [row for row in export["plan_steps"] if row["text"] == "Call the bakery"]
    assert step["state"] == "proposed" and step["proposed_by_id"] == karen.id
    history = [row for row in export["history_entries"] if row["subject_id"] == step["id"]]
    assert [(row["action"], row["actor_id"]) for row in history] == [("proposed", karen.id)]


def test_a_restricted_participant_takes_no_proposals(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    html = _page(browser, anna_id)
    with app.app_context():
        from portal.core.db import utcnow
        from portal.core.identity import User

        db.get(User, anna_id).restricted_at = utcnow()
        db.commit()
    answer = browser.post(
        f"/shared/{anna_id}/proposals",
        data={"csrf_token": csrf_token_from(html), "text": "A step", "responsible": "me"},
    )
    assert answer.status_code == 404
    with app.app_context():
        assert db.scalar(select(func.count(PlanStep.id))) == 0


def test_a_swedish_participant_is_offered_her_countrys_agencies(app, login_as, people):
    from portal.core.identity import Country, Role
    from tests.factories import make_team

    with app.app_context():
        team = make_team(name="Team Malmö", country=Country.SWEDEN)
        mats = make_user(Role.SPECIALIST, "mats@example.se", "Mats Handledare", team=team)
        make_user(Role.CLIENT, "elin@example.se", "Elin Deltagare", specialist=mats)
    with app.app_context():
        from portal.core.identity import User

        elin = db.scalar(select(User).where(User.email == "elin@example.se"))
        karen = make_partner(KAREN, "Karen Holm")
        make_partner_link(elin, karen, shares=("plan",))
        elin_id = elin.id
    browser = login_as(karen)
    page = _page(browser, elin_id)
    assert "Försäkringskassan" in page and "Job centre (jobcenter)" not in page
    answer = _propose(browser, elin_id, responsible=Responsible.FORSAKRINGSKASSAN.value)
    assert answer.status_code == 303
    [step] = _steps(app, elin_id)
    assert step.responsible == Responsible.FORSAKRINGSKASSAN


def test_random_values_as_the_contact_never_cause_a_server_error(app, login_as, people):
    karen = _karen(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    token = csrf_token_from(_page(browser, anna_id))
    url = f"/shared/{anna_id}/proposals"
    post_random_values(app, browser, token, url, ["text", "responsible", "due_date", "submission"])
