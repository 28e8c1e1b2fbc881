"""Pages take the same number of database queries however much a client has written (no N+1)."""

from portal.core.db import db
from portal.goals.models import GoalKind
from portal.goals.services import GoalData, add_goal_note, create_goal
from portal.plans.models import ItemKind, Responsible
from portal.plans.services import StepData, add_item, add_step
from portal.profiles.models import Section
from portal.profiles.services import add_suggestion
from tests.queries import page_queries


def write_things(app, people, n: int) -> int:
    """Give client A n goals (each with a note), steps, proposals, items and suggestions."""
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        first_goal = None
        for i in range(n):
            goal = create_goal(anna, anna, GoalData(GoalKind.JOB, f"Goal {i}", None))
            first_goal = first_goal or goal
            add_goal_note(mette, first_goal, f"Comment {i}")
            add_step(anna, anna, StepData(f"Step {i}", Responsible.ME, None))
            add_step(mette, anna, StepData(f"Proposal {i}", Responsible.SPECIALIST, None))
            add_item(mette, anna, ItemKind.BENEFIT, f"Question {i}", None)
            add_suggestion(mette, anna, Section.STRENGTHS, f"Suggestion {i}")
        db.commit()
        return first_goal.id


def test_query_counts_do_not_grow_with_the_data(app, login_as, people):
    anna = people["client_a"]
    goal_id = write_things(app, people, 2)
    urls = [
        "/",
        f"/clients/{anna.id}/goals",
        f"/goals/{goal_id}",
        f"/clients/{anna.id}/plan",
        f"/clients/{anna.id}/profile",
    ]
    own, mette = login_as("client_a", lang=None), login_as("specialist_a", lang=None)
    small = {who: page_queries(app, b, urls) for who, b in (("own", own), ("mette", mette))}
    write_things(app, people, 20)
    large = {who: page_queries(app, b, urls) for who, b in (("own", own), ("mette", mette))}
    assert large == small
    # 13: the home page also asks, in one query, whether a request to share waits for the
    # participant's answer or a yes from paper for their look (portal.partners).
    assert max(small["own"].values()) <= 13
