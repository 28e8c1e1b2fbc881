"""Object-level access for every route of the client's own pages: a matrix of people x routes.

Only the client and their own specialist get in; everyone else, for every method, with and
without htmx, gets 404, so nobody learns that the thing exists.
"""

import logging
import re

import pytest

from tests.conftest import csrf_token_from, sign_in

BLUEPRINTS = ("goals", "plans", "profiles", "messaging", "jobs", "consent", "meetings", "feedback")
OUTSIDERS = ("client_b", "specialist_b", "employer", "admin")
INSIDERS = ("client_a", "specialist_a")
# The user-written texts of `anna_things`, for tests that need to tell them from interface text.
ANNA_TEXTS = (
    "A goal",
    "A step",
    "A question",
    "Calm",
    "A suggestion",
    "A proposal",
    "A worry",
    "A response",
    "A comment",
    "A subject",
    "A message",
    "A struggle",
    "Shelf stacker",
    "A summary",
)
# Pages only the client acts on: their specialist, who may see the meeting, gets 403.
CLIENT_ONLY = {"feedback.meeting_feedback", "feedback.no_thanks"}


def feature_routes(app):
    """Every route of these features that names a client's record (a client id or another)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in BLUEPRINTS and rule.arguments:
            yield rule


def fill(rule, ids) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)


def test_every_feature_route_is_in_the_matrix(app):
    names = {rule.endpoint for rule in feature_routes(app)}
    assert len(names) >= 31


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_every_route_and_method(
    app, make_client, people, anna_things, who, caplog
):
    browser = make_client()
    sign_in(browser, people[who].email)
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    for rule in feature_routes(app):
        url = fill(rule, anna_things)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for headers in ({}, {"HX-Request": "true"}):
                caplog.clear()
                with caplog.at_level(logging.WARNING, logger="portal.core.authz"):
                    response = browser.open(
                        url,
                        method=method,
                        data={"csrf_token": token},
                        headers={"X-CSRFToken": token, **headers},
                    )
                assert response.status_code == 404, (who, method, url, headers)
                # Each refusal is in the log, with the route, not the id or anything of Anna's.
                denials = [
                    r.getMessage() for r in caplog.records if "Access denied" in r.getMessage()
                ]
                assert len(denials) == 1, (who, method, url)
                assert "A goal" not in denials[0] and str(people[who].id) in denials[0]
                assert "A goal" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", INSIDERS)
def test_the_client_and_their_specialist_can_open_every_page(
    app, make_client, people, anna_things, who
):
    browser = make_client()
    sign_in(browser, people[who].email)
    for rule in feature_routes(app):
        if "GET" in rule.methods:
            expected = 403 if who != "client_a" and rule.endpoint in CLIENT_ONLY else 200
            status = browser.get(fill(rule, anna_things)).status_code
            assert status == expected, (who, rule.rule)


def test_ids_that_do_not_exist_answer_404(app, make_client, people, anna_things):
    browser = make_client()
    sign_in(browser, people["client_a"].email)
    missing = {key: 987654 for key in anna_things} | {"section_name": "nonsense"}
    for rule in feature_routes(app):
        if "GET" in rule.methods:
            assert browser.get(fill(rule, missing)).status_code == 404, rule.rule
