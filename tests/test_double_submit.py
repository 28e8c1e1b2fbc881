"""A form sent twice, one after the other or five times at once, saves one row."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.goals.models import Goal
from portal.plans.models import PlanStep
from tests.helpers import csrf_token_from, sign_in


def count(app, model, client_id) -> int:
    with app.app_context():
        return db.scalar(select(func.count(model.id)).where(model.client_id == client_id))


def form_token(html: str, name: str = "submission") -> str:
    return html.split(f'name="{name}" type="hidden" value="')[1].split('"')[0]


def signed_in_goal_form(client, anna) -> dict:
    """Sign in and fill in one goal form (with its one-time token) as the browser would."""
    sign_in(client, anna.email)
    html = client.get(f"/clients/{anna.id}/goals").get_data(as_text=True)
    return {
        "csrf_token": csrf_token_from(html),
        "submission": form_token(html),
        "text": "Only once",
        "kind": "job",
        "status": "active",
    }


def test_a_repeated_goal_form_saves_one_goal(app, client, people):
    anna = people["client_a"]
    data = signed_in_goal_form(client, anna)
    first = client.post(f"/clients/{anna.id}/goals", data=data)
    again = client.post(f"/clients/{anna.id}/goals", data=data)
    assert (first.status_code, again.status_code) == (303, 303)
    assert count(app, Goal, anna.id) == 1
    # A fresh form (a new token) saves a second goal with the same words, as the user meant.
    html = client.get(f"/clients/{anna.id}/goals").get_data(as_text=True)
    client.post(f"/clients/{anna.id}/goals", data={**data, "submission": form_token(html)})
    assert count(app, Goal, anna.id) == 2


# Commits: five requests in threads at once, each with its own connection.
@pytest.mark.commits
def test_five_simultaneous_posts_of_one_step_form_save_one_step(app, make_client, people):
    anna = people["client_a"]
    browsers = [make_client() for _ in range(5)]
    for browser in browsers:
        sign_in(browser, anna.email)
    html = browsers[0].get(f"/clients/{anna.id}/plan").get_data(as_text=True)
    token = form_token(html)
    url = f"/clients/{anna.id}/plan/steps"

    def post(browser):
        page = browser.get(f"/clients/{anna.id}/plan").get_data(as_text=True)
        data = {
            "csrf_token": csrf_token_from(page),
            "submission": token,
            "text": "Call the bakery",
            "responsible": "me",
            "due_date": "",
        }
        return browser.post(url, data=data).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(post, browsers))
    assert statuses == [303] * 5
    assert count(app, PlanStep, anna.id) == 1


def test_a_repeated_htmx_save_answers_with_the_list_not_a_whole_page(app, client, people):
    anna = people["client_a"]
    data = signed_in_goal_form(client, anna)
    headers = {"HX-Request": "true"}
    client.post(f"/clients/{anna.id}/goals", data=data, headers=headers)
    again = client.post(f"/clients/{anna.id}/goals", data=data, headers=headers)
    body = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "<html" not in body and "<header" not in body and "Only once" in body
    assert count(app, Goal, anna.id) == 1
