"""An id in an address beyond what the database can hold is a 404 on every route, for every
role and method, never a 500: PostgreSQL refuses an INTEGER from 2**31, SQLite from 2**63."""

import re

import pytest

from portal.core.url_ids import LARGEST_ID
from tests.helpers import csrf_token_from

TOO_LARGE = (2**31, 2**63, 10**30)
INT_PART = re.compile(r"<int:\w+>")


def int_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]


def test_the_converter_stops_at_the_largest_integer(app):
    urls = app.url_map.bind("localhost")
    _, values = urls.match(f"/clients/{LARGEST_ID}/goals")
    assert values == {"client_id": LARGEST_ID}
    for outside in ("0", LARGEST_ID + 1, 2**63, "2147483650", "9" * 40):
        assert urls.test(f"/clients/{outside}/goals") is False


@pytest.mark.parametrize("who", ["client_a", "specialist_a", "admin"])
def test_every_route_answers_404_to_an_id_out_of_range(app, login_as, people, who):
    browser = login_as(who)
    # A real token, so a POST reaches the routing and the view rather than stopping at CSRF.
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    rules = int_rules(app)
    assert len(rules) >= 40
    for rule in rules:
        for number in TOO_LARGE:
            url = INT_PART.sub(str(number), rule.rule)
            url = re.sub(r"<(?:\w+:)?\w+>", "x", url)  # any other part: a string
            for method in ("GET", "POST"):
                response = browser.open(url, method=method, headers={"X-CSRFToken": token})
                # 404 also for a method the route does not take: no route has this address.
                assert response.status_code == 404, (who, method, url, response.status_code)
