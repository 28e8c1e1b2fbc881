"""Random, oversize and control-character input to every form: never a server error,
never a half-made account."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.core.authz import led_team_ids
from portal.core.db import db
from portal.core.identity import User
from tests.conftest import csrf_token_from, sign_in

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

FORMS = {
    # url: (who signs in, fields)
    "/login": (None, ["email", "password", "next"]),
    "/password/forgot": (None, ["email"]),
    "/language": (None, ["lang", "next"]),
    "/account": ("client_a", ["profile-name", "profile-language", "profile-digest"]),
    "/account/password": (
        "client_a",
        ["password-current_password", "password-password", "password-confirm"],
    ),
    "/invitations": ("specialist_a", ["role", "name", "email", "team", "workplace", "language"]),
    "/account/two-factor": ("client_a", ["code"]),
    "/account/two-factor/off": ("client_a", ["password"]),
    "/job-development": (
        "specialist_a",
        ["contact_on", "employer", "new_employer", "in_person", "client", "note", "submission"],
    ),
}

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("url", sorted(FORMS))
def test_random_values_never_cause_a_server_error(app, make_client, people, url):
    who, fields = FORMS[url]
    browser = make_client()
    if who:
        sign_in(browser, people[who].email)
    token = csrf_token_from(browser.get("/account" if who else "/login").get_data(as_text=True))
    with app.app_context():
        users_before = db.scalar(select(func.count(User.id)))

    @SETTINGS
    @given(values=st.fixed_dictionaries({field: hostile_text for field in fields}))
    def post(values):
        response = browser.post(url, data={"csrf_token": token, **values})
        assert response.status_code < 500, (url, values)
        if response.status_code == 422:
            assert "error-summary" in response.get_data(as_text=True)

    post()
    with app.app_context():
        db.rollback()
        assert db.scalar(select(func.count(User.id))) <= users_before + 25


def test_binary_bodies_are_refused_cleanly(app, client, people):
    sign_in(client, people["specialist_a"].email)
    token = csrf_token_from(client.get("/invitations").get_data(as_text=True))
    for body in (b"\xff\xfe\x00\x00garbage", b"name=%FF%FE%00&email=%00", bytes(range(256))):
        response = client.post(
            "/invitations",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token},
        )
        assert response.status_code < 500


def test_an_oversize_request_gets_413(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_nul_in_a_name_is_a_clear_error_not_a_database_crash(app, client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["specialist_a"].email)
    token = csrf_token_from(client.get("/invitations").get_data(as_text=True))
    response = client.post(
        "/invitations",
        data={
            "csrf_token": token,
            "role": "client",
            "name": "Nina\x00Ny",
            "email": "nina@example.org",
            "language": "en",
        },
    )
    assert response.status_code == 422
    assert "Please use only letters, numbers and punctuation here." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.scalar(select(User).where(User.email == "nina@example.org")) is None


def feature_forms(ids: dict) -> dict:
    """Every form of the client's own pages: url -> (who posts it, its fields)."""
    client, goal, step = ids["client_id"], ids["goal_id"], ids["step_id"]
    meeting = ids["meeting_id"]
    return {
        f"/clients/{client}/goals": ("client_a", ["text", "kind", "target_date", "status"]),
        f"/goals/{goal}/edit": ("client_a", ["text", "kind", "status", "target_date", "version"]),
        f"/goals/{goal}/notes": ("specialist_a", ["body"]),
        f"/goals/{goal}/move": ("client_a", ["direction"]),
        f"/clients/{client}/plan/steps": ("specialist_a", ["text", "responsible", "due_date"]),
        f"/steps/{step}": ("client_a", ["text", "responsible", "due_date", "version"]),
        f"/steps/{step}/status": ("client_a", ["status"]),
        f"/steps/{ids['proposal_id']}/answer": (
            "client_a",
            ["answer", "text", "responsible", "due_date", "version"],
        ),
        f"/clients/{client}/plan/items": ("client_a", ["kind", "text", "response"]),
        f"/clients/{client}/profile": (
            "client_a",
            [
                "sections",
                "preferred_work",
                "hours_per_week",
                "preferred_place",
                "what_matters",
                "preferences_shared",
                "version",
                "dismiss",
            ],
        ),
        f"/clients/{client}/profile/strengths/suggestions": (
            "specialist_a",
            ["suggest-strengths-body"],
        ),
        "/messages": ("client_a", ["subject", "body", "submission"]),
        f"/conversations/{ids['conversation_id']}": ("specialist_a", ["body", "submission"]),
        "/messages/availability": (
            "specialist_a",
            ["reply_days", "away_from", "away_until", "substitute"],
        ),
        f"/clients/{client}/jobs": ("specialist_a", JOB_FIELDS),
        f"/jobs/{ids['job_id']}": ("specialist_a", [*JOB_FIELDS, "version"]),
        f"/jobs/{ids['job_id']}/end": ("specialist_a", ["end_date", "end_reason"]),
        f"/clients/{client}/education": (
            "specialist_a",
            ["school", "title", "start_date", "end_date", "hours_per_week"],
        ),
        f"/jobs/{ids['job_id']}/struggling": ("client_a", ["note", "submission"]),
        f"/jobs/{ids['job_id']}/answers": ("client_a", ["visible"]),
        f"/clients/{client}/consent": ("specialist_a", ["employer"]),
        f"/consents/{ids['consent_id']}/permission": ("client_a", ["category", "given"]),
        f"/consents/{ids['consent_id']}/disclosure": (
            "client_a",
            [f"c{ids['consent_id']}-disclosure", f"c{ids['consent_id']}-note"],
        ),
        "/employers": ("specialist_a", ["name"]),
        f"/clients/{client}/meetings": ("specialist_a", [*MEETING_FIELDS, "submission"]),
        f"/meetings/{meeting}": ("specialist_a", [*MEETING_FIELDS, "version"]),
        f"/meetings/{meeting}/correction": ("client_a", ["correction", "version"]),
        f"/meetings/{meeting}/confirm": ("client_a", ["version"]),
        f"/meetings/{meeting}/feedback": ("client_a", FEEDBACK_FIELDS),
        "/feedback": ("client_a", FEEDBACK_FIELDS),
    }


JOB_FIELDS = [
    "employer",
    "contact",
    "title",
    "start_date",
    "hours_per_week",
    "hourly_wage",
    "competitive",
    "schedule",
]
MEETING_FIELDS = ["on", "at", "duration", "mode", "place", "summary"]
FEEDBACK_FIELDS = ["rating", "comment", "sharing", "submission"]
CHECKIN_FIELDS = ["still_working", "hours", "rating", "wants_call", "comment"]


def test_random_values_to_the_check_in_link_never_cause_a_server_error(
    app, make_client, anna_things
):
    from tests.jobs.helpers import link_path

    browser = make_client()
    path = link_path(anna_things["checkin_link"])
    token = csrf_token_from(browser.get(path).get_data(as_text=True))
    post_random_values(browser, token, path, CHECKIN_FIELDS)


def test_random_values_to_the_clients_own_pages_never_cause_a_server_error(
    app, make_client, people, anna_things
):
    browsers = {}
    for who in ("client_a", "specialist_a"):
        browsers[who] = make_client()
        sign_in(browsers[who], people[who].email)
    tokens = {
        who: csrf_token_from(b.get("/account").get_data(as_text=True))
        for who, b in browsers.items()
    }
    for url, (who, fields) in feature_forms(anna_things).items():
        post_random_values(browsers[who], tokens[who], url, fields)


def post_random_values(browser, token: str, url: str, fields: list[str]) -> None:
    @SETTINGS
    @given(values=st.fixed_dictionaries({field: hostile_text for field in fields}))
    def post(values):
        response = browser.post(url, data={"csrf_token": token, **values})
        assert response.status_code < 500, (url, values)
        # 429: sending messages is limited, and random input sends a lot of them.
        # 410: a check-in link, once a random but valid answer has used it.
        assert response.status_code in (200, 303, 403, 404, 409, 410, 422, 429), (url, values)

    post()


def test_random_values_to_the_team_leads_forms_never_cause_a_server_error(app, make_client, people):
    lead = make_client()
    sign_in(lead, people["admin"].email)
    token = csrf_token_from(lead.get("/account").get_data(as_text=True))
    url = f"/clients/{people['client_a'].id}/handover"
    post_random_values(lead, token, url, ["specialist", "note_to_client", "note_to_specialist"])
    client_id = people["client_a"].id
    post_random_values(lead, token, f"/clients/{client_id}/restrict", ["restricted"])

    with app.app_context():
        led = led_team_ids(db.get(User, people["admin"].id))

    def another_teams_id(text: str) -> bool:
        # The form reads the team as int() does ("02", " 2 ", "2_0"); 0 means all led teams.
        try:
            number = int(text)
        except ValueError:
            return False
        return number != 0 and number not in led

    @SETTINGS
    @given(values=st.fixed_dictionaries({k: hostile_text for k in ("team", "start", "end")}))
    def report(values):
        # Another team's (or no team's) id is a 404, as everywhere; random text finds such ids.
        foreign = another_teams_id(values["team"])
        for path in ("/reports", "/reports.csv", "/feedback/report"):
            response = lead.get(path, query_string=values)
            assert response.status_code in ((404,) if foreign else (200, 422)), (path, values)

    report()


@pytest.mark.parametrize(
    ("url", "who", "fields"),
    [
        ("/reports", "admin", {"start": "\r", "end": " "}),
        ("/clients/{client}/meetings", "specialist_a", {"on": "\t", "at": " ", "mode": "phone"}),
        ("/job-development", "specialist_a", {"contact_on": " ", "in_person": "yes"}),
    ],
)
def test_a_required_field_of_only_blanks_is_empty_not_a_crash(
    app, make_client, people, url, who, fields
):
    browser = make_client()
    sign_in(browser, people[who].email)
    browser.set_cookie("lang", "en")
    url = url.format(client=people["client_a"].id)
    if who == "admin":
        response = browser.get(url, query_string=fields)
    else:
        token = csrf_token_from(browser.get(url).get_data(as_text=True))
        response = browser.post(url, data={"csrf_token": token, **fields})
    assert response.status_code == 422
    assert "Please fill in this field." in response.get_data(as_text=True)
