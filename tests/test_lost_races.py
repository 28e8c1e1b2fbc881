"""R1 and R10 for saves that lose a race: buttons without a version (move, archive, tick) and
a form whose unique value someone else saved first answer 409 with the newer state, or the
form's own error, with nothing half-saved; never a 500. (Real concurrency on PostgreSQL:
tests/production/test_concurrent_errors.py.)"""

import pytest
from sqlalchemy import select, update

from portal.accounts.models import Invitation
from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.core.identity import User
from portal.goals.models import Goal, GoalKind
from portal.goals.services import GoalData, create_goal
from portal.plans.models import PlanStep
from tests.helpers import assert_every_header, csrf_token_from

# Commits: "someone else" saves on a connection of their own and commits, as another request
# would, while the request under test still holds its transaction; inside one connection the
# request's rollback would take the other's change with it.
pytestmark = pytest.mark.commits


@pytest.fixture
def two_goals(app, people):
    anna = people["client_a"]
    with app.app_context():
        anna = db.merge(anna)
        first = create_goal(anna, anna, GoalData(GoalKind.JOB, "First goal", None))
        second = create_goal(anna, anna, GoalData(GoalKind.JOB, "Second goal", None))
        db.commit()
        return first.id, second.id


def someone_else_saves(app, table, ids):
    """Another request's change to these rows, committed meanwhile (new version numbers)."""
    with app.extensions["db_engine"].begin() as connection:
        connection.execute(update(table).where(table.id.in_(ids)).values(version=table.version + 1))


@pytest.mark.parametrize("htmx", [False, True])
def test_moving_a_goal_someone_else_just_moved_is_409_with_the_list_as_it_is_now(
    app, login_as, people, two_goals, monkeypatch, htmx
):
    from portal.goals import views

    real_move = views.move_goal

    def move_while_someone_else_moves(*args):
        real_move(*args)
        someone_else_saves(app, Goal, two_goals)

    monkeypatch.setattr(views, "move_goal", move_while_someone_else_moves)
    anna = login_as("client_a")
    page = anna.get(f"/clients/{people['client_a'].id}/goals").get_data(as_text=True)
    headers = {"HX-Request": "true", "HX-Target": "goal-list"} if htmx else {}
    response = anna.post(
        f"/goals/{two_goals[1]}/move",
        data={"csrf_token": csrf_token_from(page), "direction": "up"},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this at the same time" in html
    assert html.index("First goal") < html.index("Second goal")  # the order as it is now
    assert ("<html" in html) is not htmx
    assert_every_header(response)
    with app.app_context():  # nothing of the lost move was kept
        positions = [db.get(Goal, goal_id).position for goal_id in two_goals]
        assert positions == [1, 2]
        actions = db.scalars(select(HistoryEntry.action).where(HistoryEntry.subject == "goal"))
        assert "moved_up" not in set(actions)


def test_ticking_a_step_someone_else_just_changed_is_409_with_the_plan_as_it_is_now(
    app, login_as, people, anna_things, monkeypatch
):
    from portal.plans import views

    real_set = views.set_step_status

    def set_while_someone_else_sets(*args):
        real_set(*args)
        someone_else_saves(app, PlanStep, [anna_things["step_id"]])

    monkeypatch.setattr(views, "set_step_status", set_while_someone_else_sets)
    anna = login_as("client_a")
    page = anna.get(f"/clients/{anna_things['client_id']}/plan").get_data(as_text=True)
    response = anna.post(
        f"/steps/{anna_things['step_id']}/status",
        data={"csrf_token": csrf_token_from(page), "status": "done"},
    )
    assert response.status_code == 409
    assert "Someone else changed this at the same time" in response.get_data(as_text=True)
    assert_every_header(response)
    with app.app_context():
        assert db.get(PlanStep, anna_things["step_id"]).status.value == "todo"


def test_a_contact_e_mail_saved_meanwhile_is_a_form_error_with_the_typed_values(
    app, login_as, people, monkeypatch
):
    mette = login_as("specialist_a")
    employer_page = f"/employers/{people['employer'].employers[0].id}"
    page = mette.get(employer_page).get_data(as_text=True)
    # Both requests passed the "is the address free?" check before either saved.
    for module in ("portal.accounts.services", "portal.placements.services.employers"):
        monkeypatch.setattr(f"{module}.find_user_by_email", lambda _email: None)
    form = {
        "csrf_token": csrf_token_from(page),
        "name": "Typed Name Kept",
        "email": people["employer"].email,
        "phone": "12345678",
        "language": "en",
    }
    response = mette.post(employer_page, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is already an account with this e-mail address." in html
    assert 'value="Typed Name Kept"' in html and 'value="12345678"' in html
    assert_every_header(response)
    with app.app_context():
        assert db.scalar(select(User).where(User.name == "Typed Name Kept")) is None


def test_an_invitation_racing_another_to_the_same_address_is_a_form_error(
    app, login_as, people, monkeypatch
):
    """Both passed the "is the address known?" look-up before either saved: the unique
    e-mail lets one in, and the other gets the form back (inside the invitation's savepoint,
    the whole transaction goes, so no half-made account or invitation row is left)."""
    mette = login_as("specialist_a")
    page = mette.get("/invitations").get_data(as_text=True)
    for module in ("portal.accounts.services", "portal.accounts.same_answer"):
        monkeypatch.setattr(f"{module}.find_user_by_email", lambda _email: None)
    form = {
        "csrf_token": csrf_token_from(page),
        "role": "client",
        "name": "Typed Name Kept",
        "email": people["client_b"].email,
        "language": "en",
    }
    response = mette.post("/invitations", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Typed Name Kept"' in html
    assert_every_header(response)
    with app.app_context():
        assert db.scalar(select(User).where(User.name == "Typed Name Kept")) is None
        assert db.scalar(select(Invitation).where(Invitation.name == "Typed Name Kept")) is None
