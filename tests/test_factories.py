"""The factories build what they say, with the defaults the tests rely on."""

from datetime import date

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import Role
from portal.placements.models import CheckIn, Disclosure
from tests.factories import (
    make_checkin,
    make_consent,
    make_conversation,
    make_employer,
    make_employer_contact,
    make_feedback,
    make_goal,
    make_item,
    make_job,
    make_job_development_contact,
    make_meeting,
    make_message,
    make_profile_section,
    make_step,
    make_user,
)


def test_a_client_s_own_records(app_context, people):
    anna, sofie = db.merge(people["client_a"]), db.merge(people["specialist_a"])
    assert make_goal(anna).text == "A goal"
    assert make_step(anna, by=sofie).text == "A step"
    assert make_item(anna).text == "A question"
    assert make_profile_section(anna).strengths == "Calm"
    conversation = make_conversation(anna)
    assert make_message(conversation, sofie).conversation_id == conversation.id
    held = make_meeting(sofie, anna, days_from_today=-2, summary="We agreed.")
    assert held.summary == "We agreed." and held.client_id == anna.id
    assert make_feedback(anna, 5, meeting=held).rating == 5


def test_work_from_employer_to_check_in(app_context, people):
    anna, sofie = db.merge(people["client_a"]), db.merge(people["specialist_a"])
    employer = make_employer(sofie, "Netto Testby")
    contact = make_employer_contact(sofie, employer, "kim@example.org")
    assert contact.role == Role.EMPLOYER and contact.employers == [employer]
    job = make_job(sofie, anna, contact, title="Baker")
    consent = make_consent(anna, employer, disclosure=Disclosure.YES)
    assert consent.client_id == anna.id and job.title == "Baker"
    assert make_checkin(job).startswith("http")
    assert db.scalar(select(CheckIn.job_id)) == job.id
    other = make_user(Role.CLIENT, "ny@example.org", specialist=sofie)
    asked = make_consent(other, employer, specialist=sofie, name=False)
    assert asked.client_id == other.id
    entry = make_job_development_contact(sofie, employer, date(2026, 11, 23), client=anna)
    assert entry.client_id == anna.id and entry.in_person
