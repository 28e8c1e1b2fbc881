"""Random, oversize and control-character input to every form (every POST route, at its
address with real records in it) and to the reports' filters: never a server error, never a
half-made account, and never an address that is not there."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal.core.authz import led_team_ids
from portal.core.db import db
from portal.core.identity import User
from tests.helpers import csrf_token_from, sign_in
from tests.hostile import ANSWERS, SETTINGS, hostile_text, post_random_values
from tests.routes import app_rules, fill, route_ids

JOB_FIELDS = [
    "employer",
    "contact",
    "title",
    "start_date",
    "hours_per_week",
    "hourly_wage",
    "competitive",
    "occupation",
    "schedule",
]
MEETING_FIELDS = ["on", "at", "duration", "mode", "place", "summary"]
FEEDBACK_FIELDS = ["rating", "comment", "sharing", "submission"]
CHECKIN_FIELDS = ["still_working", "hours", "rating", "wants_call", "comment"]
NEW_PASSWORD = ["password", "confirm"]
BUTTON: list[str] = []  # a button: only the CSRF token, sent once

# endpoint: (who sends it, its fields). Every POST route has one; its address comes from the
# route with the records of `people` and `anna_things` in it (tests/routes.py).
FORMS = {
    "accounts.login": ("anonymous", ["email", "password", "next"]),
    "accounts.forgot_password": ("anonymous", ["email"]),
    "accounts.reset_password": ("anonymous", NEW_PASSWORD),
    "accounts.accept_invitation": ("anonymous", NEW_PASSWORD),
    "mfa.code": ("anonymous", ["code"]),
    "accounts.eid_sign_in": ("anonymous", ["next"]),
    "accounts.eid_with_code": ("anonymous", ["email", "code"]),
    "accounts.start_eid_link": ("client_a", BUTTON),
    "accounts.remove_eid_link": ("client_a", BUTTON),
    "mfa.setup": ("anonymous", ["code"]),
    "site.change_language": ("anonymous", ["lang", "next"]),
    "checkins.answer_by_link": ("anonymous", CHECKIN_FIELDS),
    "accounts.account": ("client_a", ["profile-name", "profile-language", "profile-digest"]),
    "accounts.change_password_view": (
        "client_a",
        ["password-current_password", "password-password", "password-confirm"],
    ),
    "accounts.keep_alive": ("client_a", BUTTON),
    "accounts.logout": ("client_a", BUTTON),
    "accounts.invitations": (
        "specialist_a",
        ["role", "name", "email", "team", "workplace", "language"],
    ),
    "accounts.resend_invitation_view": ("specialist_a", BUTTON),
    "accounts.paper_account": ("specialist_a", ["name", "language", "submission"]),
    "accounts.new_sign_in_code": ("specialist_a", BUTTON),
    "accounts.code_login": ("anonymous", ["email", "code", *NEW_PASSWORD]),
    "accounts.held_emails_read": ("client_a", ["up_to"]),
    "accounts.passkey_options": ("client_a", BUTTON),
    "accounts.add_passkey": ("client_a", ["name", "credential"]),
    "accounts.remove_passkey_view": ("client_a", BUTTON),
    "accounts.passkey_sign_in_options": ("anonymous", BUTTON),
    "accounts.passkey_sign_in": ("anonymous", ["credential", "next"]),
    "intake.ask": ("anonymous", ["name", "phone", "email", "work_wish", "website"]),
    # A clinic's referral: client_a is refused (403); tests/intake/test_clinic_referral.py
    # sends any text as the contact.
    "intake.refer": ("client_a", ["team", "name", "phone", "email", "work_wish", "submission"]),
    "intake.note_a_try": ("specialist_a", BUTTON),
    "intake.close": ("specialist_a", ["reason"]),
    "intake.accept": ("specialist_a", ["way"]),
    "mfa.settings": ("client_a", ["code"]),
    "mfa.switch_off": ("client_a", ["password"]),
    "mfa.renew_codes": ("specialist_a", ["renew-password"]),
    "accounts.team.deactivate": ("admin", BUTTON),
    "accounts.team.reactivate": ("admin", BUTTON),
    "accounts.team.reset_two_factor_view": ("admin", BUTTON),
    "accounts.team.working_hours": ("admin", ["hours"]),
    "fidelity.reviews": ("admin", ["team", "period"]),
    "reports.share": ("admin", ["team", "period"]),
    "fidelity.score": ("admin", ["score", "note"]),
    "fidelity.action": ("admin", ["item", "text", "due_on"]),
    "fidelity.finish": ("admin", BUTTON),
    "caseload.handover": (
        "admin",
        ["specialist", "note_to_client", "note_to_specialist", "confirmed", "change"],
    ),
    "privacy.restrict": ("admin", ["restricted"]),
    # A ticked box erases Anna, after which there is nothing to send random values to.
    "privacy.erase": ("admin", BUTTON),
    "goals.index": ("client_a", ["text", "kind", "target_date", "status"]),
    "goals.edit": ("client_a", ["text", "kind", "status", "target_date", "version"]),
    "goals.add_note": ("specialist_a", ["body"]),
    "goals.move": ("client_a", ["direction"]),
    "goals.archive": ("client_a", ["archive"]),
    "plans.new_step": ("specialist_a", ["text", "responsible", "due_date"]),
    "plans.step": ("client_a", ["text", "responsible", "due_date", "version"]),
    "plans.step_status": ("client_a", ["status"]),
    "plans.answer": ("client_a", ["answer", "text", "responsible", "due_date", "version"]),
    "plans.new_item": ("client_a", ["kind", "text", "response"]),
    "plans.tick": ("client_a", BUTTON),
    "plans.remove": ("client_a", BUTTON),
    "profiles.profile": (
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
    "profiles.suggest": ("specialist_a", ["suggest-strengths-body"]),
    "messaging.inbox": ("client_a", ["subject", "body", "submission"]),
    "messaging.conversation": ("specialist_a", ["body", "submission"]),
    "messaging.availability": (
        "specialist_a",
        ["reply_days", "away_from", "away_until", "substitute"],
    ),
    "jobs.new_job": ("specialist_a", JOB_FIELDS),
    "jobs.job": ("specialist_a", [*JOB_FIELDS, "version"]),
    "jobs.end": ("specialist_a", ["end_date", "end_reason"]),
    "job_support.save": ("specialist_a", ["plan"]),
    "meetings.outreach": ("specialist_a", ["tried_on", "way", "reached", "note"]),
    "jobs.start": ("specialist_a", ["started_on"]),
    "jobs.new_education": (
        "specialist_a",
        ["school", "title", "start_date", "end_date", "hours_per_week"],
    ),
    "jobs.struggling": ("client_a", ["note", "submission"]),
    "own_checkins.answer": ("client_a", ["feeling"]),
    "jobs.answers": ("client_a", ["visible"]),
    "jobs.signal_handled": ("specialist_a", ["back"]),
    "consent.ask": ("specialist_a", ["employer"]),
    "consent.permission": ("client_a", ["category", "given"]),
    "consent.disclosure": ("client_a", ["c{consent_id}-disclosure", "c{consent_id}-note"]),
    "partners.add": (
        "specialist_a",
        ["name", "email", "organisation", "kind", "way", "consent_on", "shares"],
    ),
    "partners.record_stop": ("specialist_a", ["version"]),
    "partners.answer": (
        "client_a",
        ["l{link_id}-answer", "l{link_id}-shares", "l{link_id}-version"],
    ),
    "partners.change": ("client_a", ["l{link_id}-shares", "l{link_id}-version"]),
    "partners.stop": ("client_a", ["version"]),
    "partners.seen": ("client_a", BUTTON),
    # A contact's proposal: client_a is refused (403); tests/partners/test_proposals.py sends
    # random values as the contact.
    "partner_proposals.propose": ("client_a", BUTTON),
    # A contact's note: client_a is refused (403); tests/partners/test_notes.py sends any text.
    "partner_notes.write": ("client_a", BUTTON),
    "partner_notes.ask_to_read": ("client_a", BUTTON),
    "checkins.answer": ("employer", CHECKIN_FIELDS),
    "checkins.call_handled": ("specialist_a", BUTTON),
    "checkins.by_phone": ("specialist_a", ["still_working", "hours", "rating", "comment"]),
    "checkins.concern_followed_up": ("specialist_a", BUTTON),
    "benefits.done": ("client_a", ["back"]),
    "benefits.questions": ("admin", ["new-text"]),
    "benefits.reword": ("admin", ["q{question_id}-text"]),
    "benefits.remove": ("admin", BUTTON),
    "benefits.restore": ("admin", BUTTON),
    "employers.index": ("specialist_a", ["name"]),
    "employers.employer": ("specialist_a", ["name", "email", "phone", "language", "invite"]),
    "employers.invite": ("specialist_a", BUTTON),
    "employers.job_development": (
        "specialist_a",
        [
            "contact_on",
            "employer",
            "new_employer",
            "in_person",
            "client",
            "goal",
            "note",
            "submission",
        ],
    ),
    "employers.remove_log_entry": ("specialist_a", BUTTON),
    "meetings.new_meeting": ("specialist_a", [*MEETING_FIELDS, "submission"]),
    "meetings.meeting": ("specialist_a", [*MEETING_FIELDS, "version"]),
    "meetings.correction": ("client_a", ["correction", "version"]),
    "meetings.confirm": ("client_a", ["version"]),
    "meetings.cancel": ("specialist_a", BUTTON),
    "meetings.notice_seen": ("client_a", BUTTON),
    "feedback.meeting_feedback": ("client_a", FEEDBACK_FIELDS),
    "feedback.no_thanks": ("client_a", BUTTON),
    "feedback.give": ("client_a", FEEDBACK_FIELDS),
}
# What changes what later forms may do (records gone, Anna handed over, locked or erased, the
# client signed out): sent last, in this order.
LAST = (
    "remove",
    "archive",
    "cancel",
    "jobs.end",
    "deactivate",
    "reactivate",
    "handover",
    "restrict",
    "erase",
    "logout",
)
# Forms with a field naming a record or a part of the page (the profile's sections, the
# suggestion to set aside, the team whose figures are shared): a value naming nothing is a
# 404, as it would be in an address.
NAMES_A_RECORD = {"profiles.profile", "reports.share"}
# Forms that send the browser on to the eID broker (302) with what they were given.
TO_THE_BROKER = {"accounts.eid_sign_in", "accounts.eid_with_code", "accounts.start_eid_link"}


@pytest.fixture
def ids(app, people, anna_things):
    with app.app_context():
        return route_ids(people, anna_things)


def post_rules(app) -> list:
    def key(rule):
        last = [n for n, word in enumerate(LAST, 1) if word in rule.endpoint]
        return last[0] if last else 0

    return sorted((rule for rule in app_rules(app) if "POST" in rule.methods), key=key)


def test_every_post_route_has_a_form_and_every_form_a_route(app):
    endpoints = {rule.endpoint for rule in post_rules(app)}
    missing, stale = sorted(endpoints - FORMS.keys()), sorted(FORMS.keys() - endpoints)
    assert not missing and not stale, (
        f"POST routes without fields in FORMS: {missing}; FORMS for routes that are gone: {stale}"
    )


def test_random_values_to_every_form_never_cause_a_server_error(app, make_client, people, ids, eid):
    browsers, tokens = {}, {}
    for who in {who for who, _fields in FORMS.values()}:
        browsers[who] = make_client()
        browsers[who].set_cookie("lang", "en")
        if who != "anonymous":
            sign_in(browsers[who], people[who].email)
        page = "/login" if who == "anonymous" else "/account"
        tokens[who] = csrf_token_from(browsers[who].get(page).get_data(as_text=True))
    for rule in post_rules(app):
        who, fields = FORMS[rule.endpoint]
        url = fill(rule, ids)
        # The address is alive: sent with no fields, it answers (a stale address fails here).
        answer = browsers[who].post(url, data={"csrf_token": tokens[who]})
        also = (404,) if rule.endpoint in NAMES_A_RECORD else ()
        also += (302,) if rule.endpoint in TO_THE_BROKER else ()
        assert answer.status_code in ANSWERS + also, (rule.endpoint, url, answer.status_code)
        if fields:
            named = [field.format(**ids) for field in fields]
            post_random_values(app, browsers[who], tokens[who], url, named, also)


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


def test_random_values_to_the_team_leads_reports_never_cause_a_server_error(
    app, make_client, people
):
    lead = make_client()
    sign_in(lead, people["admin"].email)

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
