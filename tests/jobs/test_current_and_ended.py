"""Now or earlier: a job and an education each by its own rule and in its own words.

An education carries its planned end date from the day it is recorded, so a course that ends
next month is current; a job has an end date only once its ending is recorded (possibly ahead
of time), and it is current until that last day has passed. The job page's words follow the
kind: a course is never "work" and its school is never "the employer".
"""

import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db
from portal.placements.models import EndReason, Job, JobKind, StrugglingSignal
from portal.placements.services.jobs import (
    EducationData,
    end_job,
    handle_signal,
    record_education,
    record_job,
)
from tests.helpers import post_form
from tests.jobs.helpers import job_data

TODAY = date(2026, 12, 5)


def _education(start_days: int, end_days: int | None, reason=None) -> Job:
    end = TODAY + timedelta(days=end_days) if end_days is not None else None
    return Job(
        kind=JobKind.EDUCATION,
        start_date=TODAY + timedelta(days=start_days),
        end_date=end,
        end_reason=reason,
    )


def _job(start_days: int, last_day: int | None = None, reason=EndReason.RESIGNED) -> Job:
    end = TODAY + timedelta(days=last_day) if last_day is not None else None
    return Job(
        kind=JobKind.JOB,
        start_date=TODAY + timedelta(days=start_days),
        end_date=end,
        end_reason=reason if end else None,
    )


@pytest.mark.parametrize("end_days", [20, 1, 0, None])
def test_an_education_with_its_planned_end_still_ahead_is_current(end_days):
    course = _education(-10, end_days)
    assert course.is_current(TODAY) and not course.has_ended(TODAY)
    assert course.ends_as_planned(TODAY) == (end_days is not None)


@pytest.mark.parametrize("end_days", [-1, -30])
def test_an_education_whose_end_date_has_passed_has_ended(end_days):
    course = _education(-60, end_days)
    assert course.has_ended(TODAY) and not course.is_current(TODAY)
    assert not course.ends_as_planned(TODAY)


def test_an_education_ended_early_is_no_longer_planned_to_end():
    course = _education(-60, 10, reason=EndReason.HEALTH)
    assert course.is_current(TODAY) and not course.ends_as_planned(TODAY)


@pytest.mark.parametrize("last_day", [None, 0, 14])
def test_a_job_is_current_until_its_recorded_last_day_has_passed(last_day):
    job = _job(-100, last_day)
    assert job.is_current(TODAY) and not job.has_ended(TODAY)
    assert not job.ends_as_planned(TODAY)


def test_a_job_whose_recorded_last_day_has_passed_has_ended():
    job = _job(-100, -1)
    assert job.has_ended(TODAY) and not job.is_current(TODAY)


def test_neither_has_started_before_its_first_day():
    for coming in (_job(7), _education(7, 60)):
        assert not coming.is_current(TODAY) and not coming.has_ended(TODAY)


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_a_running_course_and_a_job_ending_next_week_are_listed_under_now(app, login_as, people):
    with app.app_context():
        today = local_today()
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        data = EducationData(
            "Truck School", "Forklift A", today - timedelta(days=10), today + timedelta(20), None
        )
        record_education(mette, anna, data)
        finished = EducationData(
            "Old School", "First aid", today - timedelta(days=90), today - timedelta(60), None
        )
        record_education(mette, anna, finished)
        job = record_job(mette, anna, job_data(db.merge(people["employer"]), title="Cashier"))
        end_job(mette, job, today + timedelta(days=7), EndReason.CONTRACT_ENDED)
        client_id = anna.id
        db.commit()
    anna = login_as("client_a")
    html = anna.get(f"/clients/{client_id}/jobs").get_data(as_text=True)
    now, earlier = _section(html, "current-heading"), _section(html, "ended-heading")
    assert "Forklift A" in now and "Cashier" in now
    assert "Forklift A" not in earlier and "Cashier" not in earlier
    assert "First aid" in earlier and "First aid" not in now


def _record_course(app, people) -> int:
    with app.app_context():
        today = local_today()
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        data = EducationData(
            "Truck School", "Forklift A", today - timedelta(days=3), today + timedelta(30), None
        )
        course = record_education(mette, anna, data)
        db.commit()
        return course.id


JOB_WORDS = (
    "Is work hard right now?",
    "struggling at work",
    "The employer is not told",
    "The employer never sees it",
    "The participant resigned",
    "The employer ended the employment",
    "Moved on to another job",
    "work is hard",
)


def test_a_course_page_speaks_of_the_course_and_the_school_never_of_work(
    app, login_as, people, outbox
):
    course_url = f"/jobs/{_record_course(app, people)}"
    anna = login_as("client_a")
    html = anna.get(course_url).get_data(as_text=True)
    assert "Is the course hard right now?" in html
    assert "struggling with the course</button>" in html
    assert "The school is not told." in html and "The school never sees it." in html
    assert "Planned to end" in html
    for words in JOB_WORDS:
        assert words not in html, words
    before = len(outbox())
    assert post_form(anna, f"{course_url}/struggling", {"note": ""}, page=course_url).status_code
    html = anna.get(course_url).get_data(as_text=True)
    assert "that the course is hard right now" in html
    [email] = outbox()[before:]
    language = people["specialist_a"].locale or app.config["BABEL_DEFAULT_LOCALE"]
    with app.test_request_context(), force_locale(language):
        course_words, job_words = _("I'm struggling with the course"), _("I'm struggling at work")
    assert course_words in email.body and job_words not in email.body  # in Mette's language

    mette = login_as("specialist_a")
    html = mette.get(course_url).get_data(as_text=True)
    assert "The participant has said the course is hard" in html
    assert "Education completed" in html
    for words in JOB_WORDS:
        assert words not in html, words
    attention = _section(mette.get("/").get_data(as_text=True), "attention-heading")
    assert "says the course is hard right now" in attention and "Open the course" in attention
    for words in JOB_WORDS:
        assert words not in attention, words


def test_a_course_cannot_end_with_a_reason_only_a_job_has(app, login_as, people):
    course_url = f"/jobs/{_record_course(app, people)}"
    mette = login_as("specialist_a")
    with app.app_context():
        today = local_today().isoformat()
    fields = {"end_date": today, "end_reason": EndReason.DISMISSED.value}
    assert post_form(mette, f"{course_url}/end", fields, page=course_url).status_code == 422
    fields["end_reason"] = EndReason.COMPLETED.value
    assert post_form(mette, f"{course_url}/end", fields, page=course_url).status_code == 303


def test_a_job_page_keeps_its_job_words(app, login_as, people, anna_things):
    job_url = f"/jobs/{anna_things['job_id']}"
    anna = login_as("client_a")
    html = anna.get(job_url).get_data(as_text=True)
    assert "Is work hard right now?" in html and "The employer is not told." in html
    assert "course" not in html and "school" not in html.lower()


def test_after_struggling_the_page_keeps_saying_what_was_sent_until_followed_up(
    app, login_as, people, anna_things
):
    job_url = f"/jobs/{anna_things['job_id']}"
    with app.app_context():  # anna_things holds a signal already: followed up, it is not shown
        mette = db.merge(people["specialist_a"])
        for signal in db.scalars(select(StrugglingSignal)):
            handle_signal(mette, signal)
        db.commit()
    anna = login_as("client_a")
    assert "You have asked for support" not in anna.get(job_url).get_data(as_text=True)
    note = {"note": "The early shifts are too much"}
    assert post_form(anna, f"{job_url}/struggling", note, page=job_url).status_code == 303
    for _visit in range(2):  # the flash is gone on the second visit; this stays
        html = anna.get(job_url).get_data(as_text=True)
        sent = _section(html, "sent-heading")
        assert "You have asked for support" in sent
        assert "that work is hard right now" in sent
        assert "The early shifts are too much" in sent
        assert "your employment specialist will contact you soon" in sent
    mette = login_as("specialist_a")
    html = mette.get(job_url).get_data(as_text=True)
    assert "You have asked for support" not in html
    signal_id = re.search(r"/struggling/(\d+)/handled", html).group(1)
    post_form(mette, f"/struggling/{signal_id}/handled", {}, page=job_url)
    assert "You have asked for support" not in anna.get(job_url).get_data(as_text=True)
