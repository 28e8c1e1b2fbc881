"""S9 output encoding: script, attribute, htmx-attribute and javascript: payloads stored in
every free-text field render as text on every page that shows them, for every role."""

import re
from datetime import date, time

from portal.caseload.handover import hand_over
from portal.core.db import db
from portal.core.identity import User
from portal.feedback.services import give_feedback
from portal.goals.models import GoalKind
from portal.goals.services import GoalData, add_goal_note, create_goal
from portal.meetings.models import MeetingMode
from portal.meetings.services import MeetingData, dispute_summary, plan_meeting
from portal.messaging.services import send_message, start_conversation
from portal.placements.models import CheckIn, Job
from portal.placements.services.checkins import Answer, answer_checkin
from portal.placements.services.employer_log import ContactData, log_employer_contact
from portal.placements.services.jobs import report_struggling
from portal.plans.models import ItemKind, Responsible
from portal.plans.services import StepData, add_item, add_step
from portal.profiles.models import Section
from portal.profiles.services import add_suggestion, get_profile, save_section
from tests.jobs.helpers import link_path

PAYLOAD = (
    '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    '<a hx-get="/logout" hx-trigger="load">x</a> javascript:alert(3)'
)
# What must never reach a page unescaped.
DANGERS = [
    re.compile(r"<script>alert"),
    re.compile(r"<img src=x"),
    re.compile(r"onerror=alert\(2\)>"),
    re.compile(r'<a hx-get="/logout"'),
    re.compile(r"href=\"javascript:", re.I),
]


def store_payloads(app, people, anna_things) -> int:
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        mette = db.get(User, people["specialist_a"].id)
        goal = create_goal(anna, anna, GoalData(GoalKind.JOB, PAYLOAD, None))
        add_goal_note(mette, goal, PAYLOAD)
        add_step(anna, anna, StepData(PAYLOAD, Responsible.ME, None))
        add_step(mette, anna, StepData(PAYLOAD, Responsible.SPECIALIST, None))
        add_item(anna, anna, ItemKind.OBSTACLE, PAYLOAD, PAYLOAD)
        fields = {
            "preferred_work": PAYLOAD[:150],
            "hours_per_week": None,
            "preferred_place": PAYLOAD[:150],
            "what_matters": PAYLOAD,
        }
        version = get_profile(anna.id).version
        save_section(anna, anna, Section.PREFERENCES, fields, True, version)
        add_suggestion(mette, anna, Section.STRENGTHS, PAYLOAD)
        conversation = start_conversation(anna, anna, PAYLOAD[:120], PAYLOAD)
        send_message(mette, conversation, PAYLOAD)
        meeting = plan_meeting(
            mette,
            anna,
            MeetingData(
                date(2026, 11, 20), time(10), 60, MeetingMode.IN_PERSON, PAYLOAD[:200], PAYLOAD
            ),
        )
        dispute_summary(anna, meeting, PAYLOAD, meeting.version)
        give_feedback(anna, 3, PAYLOAD, True)
        report_struggling(anna, db.get(Job, anna_things["job_id"]), PAYLOAD)
        checkin = db.get(CheckIn, anna_things["checkin_id"])
        answer_checkin(checkin, Answer(True, None, 2, True, PAYLOAD), None)
        log_employer_contact(
            mette,
            ContactData(
                date(2026, 11, 20),
                people["employer"].employers[0].id,
                None,
                True,
                anna.id,
                PAYLOAD[:500],
            ),
        )
        db.commit()
        return meeting.id


def pages_for(people, anna_things, meeting_id) -> dict[str, list[str]]:
    anna = anna_things["client_id"]
    own = [
        "/",
        f"/clients/{anna}/goals",
        f"/goals/{anna_things['goal_id'] + 1}",
        f"/clients/{anna}/plan",
        f"/clients/{anna}/profile",
        "/messages",
        f"/clients/{anna}/jobs",
        f"/jobs/{anna_things['job_id']}",
        f"/clients/{anna}/meetings",
        f"/meetings/{meeting_id}",
    ]
    return {
        "client_a": [*own, "/feedback", "/my-data"],
        "specialist_a": [*own, "/feedback", "/job-development"],
        "admin": ["/feedback/report", f"/teams/{people['team'].id}"],
    }


def assert_no_danger(html: str, where: str) -> None:
    for danger in DANGERS:
        assert not danger.search(html), (where, danger.pattern)


def test_stored_payloads_render_as_text_everywhere(app, login_as, people, anna_things):
    meeting_id = store_payloads(app, people, anna_things)
    shown = 0
    for who, urls in pages_for(people, anna_things, meeting_id).items():
        browser = login_as(who)
        for url in urls:
            for headers in ({}, {"HX-Request": "true"}):
                response = browser.get(url, headers=headers)
                assert response.status_code == 200, (who, url)
                html = response.get_data(as_text=True)
                assert_no_danger(html, f"{who} {url}")
                shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The payload was really on the pages (escaped), not just absent.
    assert shown >= 15
    with app.app_context():
        lead = db.get(User, people["admin"].id)
        anna = db.get(User, people["client_a"].id)
        hand_over(lead, anna, people["specialist_b"].id, PAYLOAD, PAYLOAD)
        db.commit()
    for who in ("client_a", "specialist_b"):
        html = login_as(who).get("/").get_data(as_text=True)
        assert "&lt;script&gt;alert(1)" in html
        assert_no_danger(html, who)
    exported = login_as("client_a").get("/my-data/export.html")
    assert_no_danger(exported.get_data(as_text=True), "export")


def test_the_employer_check_in_page_escapes_names(app, make_client, people, anna_things):
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.name = PAYLOAD[:120]
        db.commit()
    html = make_client().get(link_path(anna_things["checkin_link"])).get_data(as_text=True)
    assert_no_danger(html, "check-in link")
