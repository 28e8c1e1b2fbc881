"""The plan: the client adds steps, the specialist proposes them, the client decides."""

from sqlalchemy import select

from portal.core.db import db
from portal.plans.models import ItemKind, PlanItem, PlanStep, StepState, StepStatus
from tests.helpers import csrf_token_from, post_form, sign_in


def plan_url(person) -> str:
    return f"/clients/{person.id}/plan"


def add_step(browser, owner, text="Ringe til bageriet", **fields):
    data = {"text": text, "responsible": "me", "due_date": "2027-01-15", **fields}
    return post_form(browser, f"/clients/{owner.id}/plan/steps", data, page=plan_url(owner))


def steps_of(app, owner) -> list[PlanStep]:
    with app.app_context():
        return list(
            db.scalars(select(PlanStep).where(PlanStep.client_id == owner.id).order_by(PlanStep.id))
        )


def test_the_client_adds_a_step_and_ticks_it_off_without_javascript(app, client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    assert add_step(client, anna).status_code == 303
    [step] = steps_of(app, anna)
    assert (step.state, step.status) == (StepState.AGREED, StepStatus.TODO)
    response = post_form(
        client, f"/steps/{step.id}/status", {"status": "done"}, page=plan_url(anna)
    )
    assert response.status_code == 303
    assert steps_of(app, anna)[0].status == StepStatus.DONE
    assert "Ringe til bageriet" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ringe til bageriet" not in client.get("/").get_data(as_text=True)  # no longer next


def test_ticking_a_step_with_htmx_updates_the_steps_in_place(app, client, people):
    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    add_step(client, anna)
    [step] = steps_of(app, anna)
    response = post_form(
        client,
        f"/steps/{step.id}/status",
        {"status": "done"},
        page=plan_url(anna),
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "Open again" in html and 'data-hx-swap-oob="true"' in html
    assert "Saved: Ringe til bageriet is now Done." in html


def test_a_specialists_step_is_a_proposal_the_client_accepts_after_editing(app, login_as, people):
    anna = people["client_a"]
    mette, own = login_as("specialist_a", lang=None), login_as("client_a", lang=None)
    assert (
        add_step(mette, anna, "Visit the garden centre", responsible="specialist").status_code
        == 303
    )
    [step] = steps_of(app, anna)
    assert step.state == StepState.PROPOSED and step.proposed_by_id == people["specialist_a"].id
    assert "Visit the garden centre" not in own.get("/").get_data(as_text=True).split("What")[0]
    response = post_form(
        own,
        f"/steps/{step.id}/answer",
        {
            "answer": "accept",
            "text": "Visit the garden centre together",
            "responsible": "specialist",
            "due_date": "",
            "version": str(step.version),
        },
        page=plan_url(anna),
    )
    assert response.status_code == 303
    [step] = steps_of(app, anna)
    assert (step.state, step.text, step.due_date) == (
        StepState.AGREED,
        "Visit the garden centre together",
        None,
    )


def test_the_client_declines_a_proposal_and_the_specialist_cannot_answer_it(app, login_as, people):
    anna = people["client_a"]
    mette, own = login_as("specialist_a", lang=None), login_as("client_a", lang=None)
    add_step(mette, anna, "A step she does not want")
    [step] = steps_of(app, anna)
    answer = {"answer": "accept", "text": "x", "responsible": "me", "version": str(step.version)}
    assert (
        post_form(mette, f"/steps/{step.id}/answer", answer, page=plan_url(anna)).status_code == 403
    )
    declined = post_form(
        own,
        f"/steps/{step.id}/answer",
        {"answer": "decline", "version": str(step.version)},
        page=plan_url(anna),
    )
    assert declined.status_code == 303
    assert steps_of(app, anna)[0].state == StepState.DECLINED
    # A declined proposal cannot be ticked off or edited into the plan.
    tick = post_form(own, f"/steps/{step.id}/status", {"status": "done"}, page=plan_url(anna))
    assert tick.status_code == 403


def test_an_edited_proposal_cannot_be_accepted_from_an_older_page(app, login_as, people):
    anna = people["client_a"]
    mette, own = login_as("specialist_a", lang=None), login_as("client_a", "en")
    add_step(mette, anna, "First wording")
    [step] = steps_of(app, anna)
    post_form(
        mette,
        f"/steps/{step.id}",
        {"text": "Second wording", "responsible": "me", "version": str(step.version)},
        page=f"/steps/{step.id}",
    )
    stale = post_form(
        own,
        f"/steps/{step.id}/answer",
        {
            "answer": "accept",
            "text": "First wording",
            "responsible": "me",
            "version": str(step.version),
        },
        page=plan_url(anna),
    )
    assert stale.status_code == 409
    assert "changed this proposal meanwhile" in stale.get_data(as_text=True)
    assert steps_of(app, anna)[0].state == StepState.PROPOSED


def test_two_people_editing_a_step_do_not_overwrite_each_other(app, make_client, people):
    anna = people["client_a"]
    phone, laptop = make_client(), make_client()
    for browser in (phone, laptop):
        sign_in(browser, anna.email)
    add_step(phone, anna, "Original")
    [step] = steps_of(app, anna)
    form = {"responsible": "me", "due_date": "", "version": str(step.version)}
    assert (
        post_form(
            phone, f"/steps/{step.id}", {**form, "text": "Phone"}, page=f"/steps/{step.id}"
        ).status_code
        == 303
    )
    second = post_form(
        laptop, f"/steps/{step.id}", {**form, "text": "Laptop"}, page=f"/steps/{step.id}"
    )
    assert second.status_code == 409
    assert "Phone" in second.get_data(as_text=True) and "Laptop" in second.get_data(as_text=True)
    assert steps_of(app, anna)[0].text == "Phone"


def test_bad_step_input_is_refused_with_clear_messages(app, client, people):
    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    for fields, message in [
        ({"text": ""}, "Please fill in this field."),
        ({"text": "x" * 301}, "Use at most 300 characters."),
        ({"due_date": "next tuesday"}, "Write the date as year-month-day"),
        ({"responsible": "the mayor"}, "Not a valid choice."),
    ]:
        response = add_step(client, anna, **fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    bad_status = post_form(client, "/steps/999999/status", {"status": "done"}, page=plan_url(anna))
    assert bad_status.status_code == 404
    assert steps_of(app, anna) == []


def test_accommodations_obstacles_and_benefits_questions(app, login_as, people):
    anna = people["client_a"]
    mette, own = login_as("specialist_a", lang=None), login_as("client_a", "en")
    url = f"/clients/{anna.id}/plan/items"
    assert (
        post_form(
            own, url, {"kind": "accommodation", "text": "A quiet corner"}, page=plan_url(anna)
        ).status_code
        == 303
    )
    missing = post_form(
        own, url, {"kind": "obstacle", "text": "If I sleep badly"}, page=plan_url(anna)
    )
    assert missing.status_code == 422 and "Please fill in this field." in missing.get_data(True)
    assert (
        post_form(
            own,
            url,
            {"kind": "obstacle", "text": "If I sleep badly", "response": "We agree shorter days"},
            page=plan_url(anna),
        ).status_code
        == 303
    )
    assert (
        post_form(
            mette,
            url,
            {"kind": "benefit", "text": "What about my benefits at 15 h?"},
            page=plan_url(anna),
        ).status_code
        == 303
    )
    with app.app_context():
        items = {i.kind: i for i in db.scalars(select(PlanItem))}
    benefit = items[ItemKind.BENEFIT]
    post_form(own, f"/plan-items/{benefit.id}/tick", {}, page=plan_url(anna))
    with app.app_context():
        assert not db.get(PlanItem, benefit.id).cleared  # one side is not enough
    post_form(mette, f"/plan-items/{benefit.id}/tick", {}, page=plan_url(anna))
    with app.app_context():
        assert db.get(PlanItem, benefit.id).cleared
    # The specialist may remove only what they wrote; the client anything.
    accommodation = items[ItemKind.ACCOMMODATION]
    assert (
        post_form(
            mette, f"/plan-items/{accommodation.id}/remove", {}, page=plan_url(anna)
        ).status_code
        == 403
    )
    assert (
        post_form(own, f"/plan-items/{benefit.id}/remove", {}, page=plan_url(anna)).status_code
        == 303
    )
    page = own.get(plan_url(anna)).get_data(as_text=True)
    lists = page.split('id="plan-items"')[1].split('id="history-heading"')[0]
    assert "A quiet corner" in lists and "We agree shorter days" in lists
    assert "What about my benefits" not in lists
    assert "What about my benefits" in page.split('id="history-heading"')[1]  # history keeps it
    with app.app_context():
        assert db.get(PlanItem, benefit.id).removed_at is not None  # kept, not deleted


def test_the_home_page_shows_the_next_three_steps_by_due_date(client, people):
    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    for text, due in [
        ("Later", "2027-06-01"),
        ("Soonest", "2027-01-01"),
        ("Undated", ""),
        ("Second", "2027-02-01"),
        ("Third", "2027-03-01"),
    ]:
        add_step(client, anna, text, due_date=due)
    home = client.get("/").get_data(as_text=True)
    section = home.split('id="next-heading"')[1].split("</section>")[0]
    assert [t for t in ("Soonest", "Second", "Third", "Later", "Undated") if t in section] == [
        "Soonest",
        "Second",
        "Third",
    ]
    assert section.index("Soonest") < section.index("Second") < section.index("Third")


def test_a_proposal_accepted_with_an_error_keeps_the_edits_and_says_what_is_wrong(
    app, login_as, people
):
    anna = people["client_a"]
    mette, own = login_as("specialist_a", lang=None), login_as("client_a", "en")
    add_step(mette, anna, "Visit the library")
    [step] = steps_of(app, anna)
    response = post_form(
        own,
        f"/steps/{step.id}/answer",
        {
            "answer": "accept",
            "text": "",
            "responsible": "me",
            "due_date": "soon",
            "version": str(step.version),
        },
        page=plan_url(anna),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "error-summary" in html and f'href="#step-{step.id}-due_date"' in html
    assert 'value="soon"' in html  # what she typed is still there
    assert steps_of(app, anna)[0].state == StepState.PROPOSED


def test_words_held_at_a_sessions_end_come_back_in_their_own_list_opened(app, client, people):
    from tests.accounts.helpers import BACK_AGAIN, end_sessions

    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    page = plan_url(anna)
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    end_sessions(app)
    form = {"csrf_token": token, "kind": "benefit", "text": "What about 12 hours?"}
    client.post(f"{page}/items", data=form, headers={"Referer": f"http://localhost{page}"})

    sign_in(client, anna.email)
    html = client.get(page).get_data(as_text=True)
    assert BACK_AGAIN in html
    benefit = html.split('id="benefit"')[1]
    assert '<details class="add-form" open>' in benefit
    assert "What about 12 hours?</textarea>" in benefit
    accommodation = html.split('id="accommodation"')[1].split('id="obstacle"')[0]
    assert "What about 12 hours?" not in accommodation
    assert '<details class="add-form" open>' not in accommodation
