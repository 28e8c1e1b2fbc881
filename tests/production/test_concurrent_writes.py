"""Several people (or one person's two devices) writing at once through the real app servers on
PostgreSQL: a repeated form saves one row, and a save made from an older version never
overwrites a newer one silently."""

import re

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.goals.models import Goal
from tests.helpers import csrf_token_from
from tests.production.live import SUBMISSION, Browser, all_at_once

pytestmark = pytest.mark.production

ANNA = "anna@demo.ips-portal.dk"


def goals_with_text(app, text: str) -> list[Goal]:
    with app.app_context():
        return list(db.scalars(select(Goal).where(Goal.text == text)))


def signed_in_devices(server, count: int) -> list[Browser]:
    devices = [Browser(server) for _ in range(count)]
    for device in devices:
        assert device.sign_in(ANNA).status_code == 303
    return devices


def test_one_goal_form_sent_five_times_at_once_saves_one_goal(server, database):
    anna = signed_in_devices(server, 1)[0]
    goals_page = re.search(r"/clients/\d+/goals", anna.get("/").text)[0]
    html = anna.get(goals_page).text
    form = {
        "csrf_token": csrf_token_from(html),
        "submission": SUBMISSION.search(html)[1],
        "text": "Fem tryk, et mål",
        "kind": "job",
        "status": "active",
    }
    answers = all_at_once(5, lambda _n: anna.post(goals_page, form))
    assert [answer.status_code for answer in answers] == [303] * 5  # each tap gets an answer
    assert len(goals_with_text(database, "Fem tryk, et mål")) == 1


def test_five_devices_editing_one_goal_at_once_keep_exactly_one_edit(server, database):
    devices = signed_in_devices(server, 5)
    goals_page = re.search(r"/clients/\d+/goals", devices[0].get("/").text)[0]
    goal_page = re.search(r"/goals/\d+(?=\")", devices[0].get(goals_page).text)[0]
    forms = []
    for n, device in enumerate(devices):  # every device opens the same version of the goal
        html = device.get(goal_page).text
        version = re.search(r'name="version" type="hidden" value="(\d+)"', html)[1]
        forms.append(
            {
                "csrf_token": csrf_token_from(html),
                "version": version,
                "text": f"Edited on device {n}",
                "kind": "job",
                "status": "active",
            }
        )
    assert len({form["version"] for form in forms}) == 1
    with database.app_context():
        before = db.scalar(select(func.count(Goal.id)))

    answers = all_at_once(5, lambda n: devices[n].post(f"{goal_page}/edit", forms[n]))

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [303, 409, 409, 409, 409]
    winner = next(n for n, answer in enumerate(answers) if answer.status_code == 303)
    goal_id = int(goal_page.rsplit("/", 1)[1])
    with database.app_context():
        assert db.get(Goal, goal_id).text == f"Edited on device {winner}"
        assert db.scalar(select(func.count(Goal.id))) == before  # no copies either
    for n, answer in enumerate(answers):
        if n != winner:  # each loser sees the version that won, to compare with their own
            assert f"Edited on device {winner}" in answer.text
