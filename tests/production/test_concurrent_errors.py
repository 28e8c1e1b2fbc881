"""R10 under real concurrency (gunicorn on PostgreSQL): buttons that carry no version (move,
archive) and a contact form, pressed on several devices at the same moment, answer with a
saved change, a 409 showing the newer state, or the form's own error: never a 500."""

import re

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.core.identity import User
from portal.goals.models import Goal
from tests.helpers import csrf_token_from
from tests.production.live import Browser, all_at_once

pytestmark = pytest.mark.production

ANNA = "anna@demo.ips-portal.dk"
SPECIALISTS = ("mette@demo.ips-portal.dk", "jonas@demo.ips-portal.dk")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")


def anna_devices(server, count: int) -> list[Browser]:
    devices = [Browser(server) for _ in range(count)]
    for device in devices:
        assert device.sign_in(ANNA).status_code == 303
    return devices


def assert_never_failed(answers, allowed: set[int]) -> None:
    for answer in answers:
        assert answer.status_code in allowed, (answer.status_code, answer.text[:300])
        for header in SECURITY_HEADERS:
            assert header in answer.headers, header


def active_goals(app, client_id: int) -> list[Goal]:
    with app.app_context():
        return list(
            db.scalars(
                select(Goal)
                .where(Goal.client_id == client_id, Goal.archived_at.is_(None))
                .order_by(Goal.position)
            )
        )


def goal_buttons(device: Browser) -> tuple[int, str, str]:
    """Anna's client id, her goals page, and a CSRF token from it."""
    goals_page = re.search(r"/clients/(\d+)/goals", device.get("/").text)
    html = device.get(goals_page[0]).text
    return int(goals_page[1]), goals_page[0], csrf_token_from(html)


def test_one_goal_moved_up_on_five_devices_at_once_never_fails(server, database):
    devices = anna_devices(server, 5)
    client_id, _page, _token = goal_buttons(devices[0])
    before = active_goals(database, client_id)
    assert len(before) >= 2
    last = before[-1].id
    forms = [{"csrf_token": goal_buttons(device)[2], "direction": "up"} for device in devices]

    answers = all_at_once(5, lambda n: devices[n].post(f"/goals/{last}/move", forms[n]))

    assert_never_failed(answers, {303, 409})
    assert 303 in {answer.status_code for answer in answers}
    for answer in answers:
        if answer.status_code == 409:  # the list as it is now, with what happened
            assert "goal-list" in answer.text and "<html" in answer.text
    after = active_goals(database, client_id)
    assert [goal.position for goal in after] == list(range(1, len(before) + 1))
    assert {goal.id for goal in after} == {goal.id for goal in before}


def test_one_goal_put_away_on_five_devices_at_once_never_fails(server, database):
    devices = anna_devices(server, 5)
    client_id, _page, _token = goal_buttons(devices[0])
    goal = active_goals(database, client_id)[0].id
    forms = [{"csrf_token": goal_buttons(device)[2], "archive": "yes"} for device in devices]
    headers = {"HX-Request": "true", "HX-Target": "goal-list"}

    answers = all_at_once(
        5,
        lambda n: devices[n].http.post(
            f"{server}/goals/{goal}/archive", data=forms[n], headers=headers, timeout=15
        ),
    )

    assert_never_failed(answers, {200, 409})
    assert goal not in {g.id for g in active_goals(database, client_id)}
    with database.app_context():  # put away once, whoever won
        actions = db.scalars(
            select(HistoryEntry.action).where(
                HistoryEntry.subject == "goal", HistoryEntry.subject_id == goal
            )
        )
        assert list(actions).count("archived") == 1


@pytest.fixture(scope="module")
def specialists(server):
    # Each account signs in once: a two-factor code is good only once.
    devices = [Browser(server) for _ in SPECIALISTS]
    for device, email in zip(devices, SPECIALISTS, strict=True):
        assert device.sign_in(email).status_code == 303
    return devices


def test_one_contact_e_mail_added_six_times_at_once_is_one_contact_and_form_errors(
    server, database, specialists
):
    employer_page = re.search(r"/employers/\d+(?=\")", specialists[0].get("/employers").text)[0]
    tokens = [csrf_token_from(device.get(employer_page).text) for device in specialists]
    email = "same.person@example.dk"

    def add(n):
        device = n % len(specialists)
        form = {
            "csrf_token": tokens[device],
            "name": f"Contact typed on {n}",
            "email": email,
            "phone": "",
            "language": "da",
        }
        return specialists[device].post(employer_page, form)

    answers = all_at_once(6, add)

    assert_never_failed(answers, {303, 422})
    assert sorted(answer.status_code for answer in answers) == [303] + [422] * 5
    for n, answer in enumerate(answers):
        if answer.status_code == 422:  # the form again, with what they typed and why
            assert f"Contact typed on {n}" in answer.text
            # The race's losers: saved meanwhile, or already found as this workplace's contact.
            assert (
                "Der findes allerede en konto med denne e-mailadresse." in answer.text
                or "Personen er allerede kontaktperson her." in answer.text
            )
    with database.app_context():
        assert db.scalar(select(func.count(User.id)).where(User.email == email)) == 1
