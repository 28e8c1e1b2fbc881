"""Random, hostile form input (hypothesis) for the tests that send it: the whole matrix of
forms in tests/test_hostile_input.py, and a feature's own forms in its tests."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.core.db import db
from portal.core.identity import User

# Any text a browser can send (no lone surrogates), including NUL, and sometimes very long.
hostile_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "'; DROP TABLE users;--",
            "x" * 5000,
            "\u202e\u0000",
            "%(name)s",
            "{{ 7*7 }}",
        ]
    ),
)

# 429: signing in, sending messages and typing passwords are limited, and random input does a
# lot of each. 410: a check-in link once a random but valid answer has used it. 409: a form
# made from an older version.
ANSWERS = (200, 204, 303, 403, 409, 410, 422, 429)
CHECK_WHAT_YOU_WROTE = "Please check what you wrote"
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def post_random_values(app, browser, token, url, fields, also=()) -> None:
    with app.app_context():
        users_before = db.scalar(select(func.count(User.id)))

    @SETTINGS
    @given(values=st.fixed_dictionaries({field: hostile_text for field in fields}))
    def post(values):
        response = browser.post(url, data={"csrf_token": token, **values})
        assert response.status_code in ANSWERS + also, (url, response.status_code, values)
        # A 422 is the form saying what is wrong, or (for a value no form offers, such as a
        # tampered choice) the page asking to check what was sent.
        if response.status_code == 422:
            body = response.get_data(as_text=True)
            assert "error-summary" in body or CHECK_WHAT_YOU_WROTE in body, (url, values)

    post()
    with app.app_context():  # never more than one account per form sent
        assert db.scalar(select(func.count(User.id))) <= users_before + SETTINGS.max_examples
