"""Goals: the client writes, orders and puts away their goals; the specialist comments."""

from sqlalchemy import select

from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.goals.models import Goal, GoalStatus
from tests.helpers import post_form, sign_in


def goals_url(person) -> str:
    return f"/clients/{person.id}/goals"


def add_goal(client, owner, text="Arbejde i en boghandel", **fields):
    data = {"text": text, "kind": "job", "target_date": "", "status": "active", **fields}
    return post_form(client, goals_url(owner), data)


def stored_goals(app, owner) -> list[Goal]:
    with app.app_context():
        return list(
            db.scalars(select(Goal).where(Goal.client_id == owner.id).order_by(Goal.position))
        )


def test_a_client_adds_a_goal_in_their_own_words(app, client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    response = add_goal(
        client,
        anna,
        "Work with animals, 15 hours a week",
        kind="education",
        target_date="2027-03-05",
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Work with animals, 15 hours a week" in page
    [goal] = stored_goals(app, anna)
    assert (goal.kind.value, goal.status, str(goal.target_date)) == (
        "education",
        GoalStatus.ACTIVE,
        "2027-03-05",
    )


def test_bad_goal_input_gets_clear_errors_and_saves_nothing(app, client, people):
    anna = people["client_a"]
    client.set_cookie("lang", "en")
    sign_in(client, anna.email)
    cases = [
        ({"text": ""}, "Please fill in this field."),
        ({"text": "x" * 501}, "Use at most 500 characters."),
        ({"target_date": "5/3/2027"}, "Write the date as year-month-day"),
        ({"target_date": "2027-02-30"}, "Write the date as year-month-day"),
        ({"status": "finished"}, "Not a valid choice."),
        ({"kind": "hobby"}, "Not a valid choice."),
    ]
    for fields, message in cases:
        response = add_goal(client, anna, **fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    assert stored_goals(app, anna) == []


def test_extra_fields_cannot_put_a_goal_in_someone_elses_list(app, client, people):
    anna, bent = people["client_a"], people["client_b"]
    sign_in(client, anna.email)
    add_goal(
        client, anna, client_id=str(bent.id), owner_id=str(bent.id), position="-5", version="99"
    )
    [goal] = stored_goals(app, anna)
    assert goal.client_id == anna.id and goal.position == 1 and goal.version == 1
    assert stored_goals(app, bent) == []


def test_the_client_edits_reorders_and_puts_away_goals_and_history_keeps_it(app, client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    for text in ("First", "Second", "Third"):
        add_goal(client, anna, text)
    first, second, third = stored_goals(app, anna)
    post_form(client, f"/goals/{third.id}/move", {"direction": "up"}, page=goals_url(anna))
    assert [g.text for g in stored_goals(app, anna)] == ["First", "Third", "Second"]

    response = post_form(
        client,
        f"/goals/{first.id}/edit",
        {
            "text": "First, in better words",
            "kind": "job",
            "status": "achieved",
            "target_date": "",
            "version": str(first.version),
        },
        page=f"/goals/{first.id}",
    )
    assert response.status_code == 303
    post_form(client, f"/goals/{second.id}/archive", {}, page=f"/goals/{second.id}")
    remaining = stored_goals(app, anna)
    assert [(g.text, g.archived_at is None) for g in remaining] == [
        ("First, in better words", True),
        ("Third", True),
        ("Second", False),
    ]
    page = client.get(f"/goals/{first.id}").get_data(as_text=True)
    assert "First, in better words" in page and "First" in page  # old and new text in history
    with app.app_context():

        def actions(goal):
            query = select(HistoryEntry.action).where(
                HistoryEntry.subject == "goal", HistoryEntry.subject_id == goal.id
            )
            return sorted(db.scalars(query))

        assert actions(first) == ["created", "edited"]
        assert actions(second) == ["archived", "created"]
        assert actions(third) == ["created", "moved_up"]


def test_the_specialist_sees_and_comments_but_cannot_change_the_goal(app, client, login_as, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    add_goal(client, anna, "Become a baker")
    [goal] = stored_goals(app, anna)
    mette = login_as("specialist_a", "en")
    assert "Become a baker" in mette.get(goals_url(anna)).get_data(as_text=True)
    comment = post_form(
        mette,
        f"/goals/{goal.id}/notes",
        {"body": "Ask the bakery on Vestergade?"},
        page=f"/goals/{goal.id}",
    )
    assert comment.status_code == 303
    edit = post_form(
        mette,
        f"/goals/{goal.id}/edit",
        {"text": "Become a manager", "kind": "job", "status": "active", "version": "1"},
        page=f"/goals/{goal.id}",
    )
    assert edit.status_code == 403
    new = add_goal(mette, anna, "A goal written for her")
    assert new.status_code == 403
    assert [g.text for g in stored_goals(app, anna)] == ["Become a baker"]
    page = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "Ask the bakery on Vestergade?" in page and "Sofie Specialist" in page


def test_a_second_save_from_an_older_page_gets_409_and_the_first_edit_survives(
    app, make_client, people
):
    anna = people["client_a"]
    phone, laptop = make_client(), make_client()
    for browser in (phone, laptop):
        browser.set_cookie("lang", "en")
        sign_in(browser, anna.email)
    add_goal(phone, anna, "Original text")
    [goal] = stored_goals(app, anna)
    form = {"kind": "job", "status": "active", "target_date": "", "version": str(goal.version)}
    first = post_form(
        phone,
        f"/goals/{goal.id}/edit",
        {**form, "text": "Edited on the phone"},
        page=f"/goals/{goal.id}",
    )
    assert first.status_code == 303
    second = post_form(
        laptop,
        f"/goals/{goal.id}/edit",
        {**form, "text": "Edited on the laptop"},
        page=f"/goals/{goal.id}",
    )
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Someone else saved a change at the same time" in html
    assert "Edited on the phone" in html  # the newer saved text is shown
    assert "Edited on the laptop" in html  # and what this person typed is kept in the form
    [saved] = stored_goals(app, anna)
    assert saved.text == "Edited on the phone"
    # Saving again from the conflict page replaces the newer text on purpose.
    version = html.split('name="version" type="hidden" value="')[1].split('"')[0]
    again = post_form(
        laptop,
        f"/goals/{goal.id}/edit",
        {**form, "text": "Edited on the laptop", "version": version},
        page=f"/goals/{goal.id}",
    )
    assert again.status_code == 303
    assert stored_goals(app, anna)[0].text == "Edited on the laptop"


def test_progress_notes_keep_line_breaks_and_render_user_text_as_text(app, client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    add_goal(client, anna, '<script>alert("x")</script> "><img src=x onerror=alert(1)>')
    [goal] = stored_goals(app, anna)
    post_form(
        client,
        f"/goals/{goal.id}/notes",
        {"body": "Line one\nLine two <b hx-get=/logout>bold</b>"},
        page=f"/goals/{goal.id}",
    )
    html = client.get(f"/goals/{goal.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<b hx-get" not in html and "Line one\nLine two &lt;b hx-get=/logout&gt;" in html


def test_htmx_add_goal_answers_with_the_list_block(client, people):
    anna = people["client_a"]
    sign_in(client, anna.email)
    response = post_form(
        client,
        goals_url(anna),
        {"text": "Via htmx", "kind": "job", "status": "active"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "Via htmx" in html and 'id="flash"' in html
