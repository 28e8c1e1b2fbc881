"""Jobs and education starts: recorded by the specialist, with clear errors and nothing
half-saved; the client's "I'm struggling at work" reaches the specialist at once."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.placements.models import EmployerConsent, Job, JobKind, StrugglingSignal
from tests.helpers import csrf_token_from, post_form
from tests.jobs.helpers import job_fields


def jobs(app) -> list[Job]:
    with app.app_context():
        return list(db.scalars(select(Job).order_by(Job.id)))


def count(app, model) -> int:
    with app.app_context():
        return db.scalar(select(func.count()).select_from(model))


def test_the_specialist_records_a_job_and_the_client_sees_it(app, login_as, people):
    mette = login_as("specialist_a")
    client_id = people["client_a"].id
    url = f"/clients/{client_id}/jobs"
    response = post_form(mette, url, job_fields(people))
    assert response.status_code == 303
    [job] = jobs(app)
    assert (job.kind, job.title, str(job.hours_per_week), str(job.hourly_wage)) == (
        JobKind.JOB,
        "Warehouse assistant",
        "7.5",  # the Danish decimal comma is understood
        "150.25",
    )
    assert job.competitive and job.client_id == client_id
    # The employer lands on the client's consent page, with nothing given.
    with app.app_context():
        consent = db.scalar(select(EmployerConsent))
        assert (consent.employer_id, consent.may_contact, consent.share_name) == (
            people["employer"].employers[0].id,
            False,
            False,
        )
    anna = login_as("client_a")
    page = anna.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Warehouse assistant" in page and "Testfirma ApS" in page
    assert "You have not allowed your employment specialist to contact" in page
    assert "Warehouse assistant" in anna.get(url).get_data(as_text=True)


def test_several_jobs_over_time_and_an_education_start(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/jobs"
    post_form(mette, url, job_fields(people, title="First job", start_date="2026-01-05"))
    [first] = jobs(app)
    response = post_form(
        mette,
        f"/jobs/{first.id}/end",
        {"end_date": "2026-06-30", "end_reason": "better_job"},
        page=f"/jobs/{first.id}",
    )
    assert response.status_code == 303
    post_form(mette, url, job_fields(people, title="Second job", start_date="2026-07-01"))
    response = post_form(
        mette,
        f"/clients/{people['client_a'].id}/education",
        {"school": "Odense Tekniske Skole", "title": "Forklift course", "start_date": "2026-08-01"},
        page=url,
    )
    assert response.status_code == 303
    first, second, education = jobs(app)
    assert (str(first.end_date), first.end_reason.value) == ("2026-06-30", "better_job")
    assert second.end_date is None
    assert (education.kind, education.school, education.employer_id) == (
        JobKind.EDUCATION,
        "Odense Tekniske Skole",
        None,
    )
    page = mette.get(url).get_data(as_text=True)
    assert page.index("Second job") < page.index("First job")  # current ones first
    assert "Moved on to another job" in page


def test_bad_input_gets_clear_errors_and_saves_nothing(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/jobs"
    other = login_as("specialist_b")  # noqa: F841 - keeps people apart
    cases = {
        "hours_per_week": ("169", "Write a number from 0 to 168."),
        "hourly_wage": ("lots", "Write a number, for example 7.5 or 7,5."),
        "start_date": ("31-12-2026", "Write the date as year-month-day"),
        "employer": ("987654", "Choose an employer from the list."),
        "contact": (str(people["specialist_b"].id), "Choose a contact person who works at"),
    }
    for field, (value, message) in cases.items():
        response = post_form(mette, url, job_fields(people, **{field: value}))
        assert response.status_code == 422, field
        html = response.get_data(as_text=True)
        assert message in html, field
        assert 'value="Warehouse assistant"' in html  # what was typed is kept
    # Ids too large for any database column are "nothing chosen", not a server error.
    too_large = "9223372036854775808"
    response = post_form(mette, url, job_fields(people, employer=too_large))
    assert response.status_code == 422
    assert "Choose an employer from the list." in response.get_data(as_text=True)
    negative = post_form(mette, url, job_fields(people, hours_per_week="-1"))
    assert negative.status_code == 422
    assert jobs(app) == [] and count(app, EmployerConsent) == 0


def test_an_end_date_before_the_start_is_refused(app, login_as, people):
    mette = login_as("specialist_a")
    post_form(mette, f"/clients/{people['client_a'].id}/jobs", job_fields(people))
    [job] = jobs(app)
    response = post_form(
        mette,
        f"/jobs/{job.id}/end",
        {"end_date": "2027-01-31", "end_reason": "resigned"},
        page=f"/jobs/{job.id}",
    )
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.get_data(as_text=True)
    education = post_form(
        mette,
        f"/clients/{people['client_a'].id}/education",
        {"school": "S", "title": "T", "start_date": "2027-02-01", "end_date": "2027-01-01"},
        page=f"/clients/{people['client_a'].id}/jobs",
    )
    assert education.status_code == 422
    [job] = jobs(app)
    assert job.end_date is None and job.end_reason is None


def test_changing_a_job_keeps_a_history_and_an_old_form_gets_a_conflict(app, login_as, people):
    mette = login_as("specialist_a")
    post_form(mette, f"/clients/{people['client_a'].id}/jobs", job_fields(people))
    [job] = jobs(app)
    url = f"/jobs/{job.id}"
    old_form = mette.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', old_form).group(1)
    token = csrf_token_from(old_form)
    changed = job_fields(people, hours_per_week="20", version=version, csrf_token=token)
    assert mette.post(url, data=changed).status_code == 303
    stale = job_fields(people, hours_per_week="25", version=version, csrf_token=token)
    conflict = mette.post(url, data=stale)
    assert conflict.status_code == 409
    assert "Someone else saved a change at the same time" in conflict.get_data(as_text=True)
    [job] = jobs(app)
    assert str(job.hours_per_week) == "20.0"
    page = mette.get(url).get_data(as_text=True)
    assert "Changed" in page and "Testfirma ApS" in page


def test_only_the_specialist_records_jobs(app, login_as, people):
    anna = login_as("client_a")
    url = f"/clients/{people['client_a'].id}/jobs"
    token = csrf_token_from(anna.get(url).get_data(as_text=True))
    response = anna.post(url, data={"csrf_token": token, **job_fields(people)})
    assert response.status_code == 403
    assert jobs(app) == []


# Commits: five requests in threads at once, each with its own connection.
@pytest.mark.commits
def test_a_job_form_sent_five_times_at_once_records_one_job(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/jobs"
    html = mette.get(url).get_data(as_text=True)
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_token_from(html), "submission": submission, **job_fields(people)}
    with ThreadPoolExecutor(5) as pool:
        statuses = list(pool.map(lambda _: mette.post(url, data=data).status_code, range(5)))
    assert set(statuses) == {303}
    assert len(jobs(app)) == 1


def test_struggling_reaches_the_specialist_at_once_without_content_in_the_email(
    app, login_as, people, anna_things, outbox
):
    anna = login_as("client_a")
    job_url = f"/jobs/{anna_things['job_id']}"
    before = len(outbox())
    response = post_form(
        anna, f"{job_url}/struggling", {"note": "My new shifts are too early"}, page=job_url
    )
    assert response.status_code == 303
    assert "Your employment specialist has been told" in anna.get(job_url).get_data(as_text=True)
    [email] = outbox()[before:]
    assert email.recipient == people["specialist_a"].email
    assert "shifts" not in email.body and "Anna" not in email.body
    assert "Shelf stacker" not in email.body and "Testfirma" not in email.body
    mette = login_as("specialist_a")
    home = mette.get("/").get_data(as_text=True)
    assert "Needs your attention" in home and "says work is hard right now" in home
    page = mette.get(job_url).get_data(as_text=True)
    assert "My new shifts are too early" in page
    # Following up clears it from the home page.
    with app.app_context():
        signal_ids = list(db.scalars(select(StrugglingSignal.id)))
    for signal_id in signal_ids:
        post_form(mette, f"/struggling/{signal_id}/handled", {}, page=job_url)
    assert "says work is hard right now" not in mette.get("/").get_data(as_text=True)
    # The employer is never told.
    boss = login_as("employer")
    assert "shifts" not in boss.get("/").get_data(as_text=True)


def test_only_the_client_presses_struggling_and_twice_counts_once(
    app, login_as, people, anna_things
):
    job_url = f"/jobs/{anna_things['job_id']}"
    mette = login_as("specialist_a")
    assert post_form(mette, f"{job_url}/struggling", {}, page=job_url).status_code == 403
    anna = login_as("client_a")
    html = anna.get(job_url).get_data(as_text=True)
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_token_from(html), "submission": submission}
    before = count(app, StrugglingSignal)
    assert anna.post(f"{job_url}/struggling", data=data).status_code == 303
    assert anna.post(f"{job_url}/struggling", data=data).status_code == 303
    assert count(app, StrugglingSignal) == before + 1


def test_a_job_s_type_of_work_is_one_of_the_isco_groups(app, login_as, people):
    mette = login_as("specialist_a", "sv")
    url = f"/clients/{people['client_a'].id}/jobs"
    form = mette.get(url).get_data(as_text=True)
    assert '<optgroup label="Service-, omsorgs- och försäljningsyrken">' in form
    assert post_form(mette, url, job_fields(people, occupation="99")).status_code == 422
    assert jobs(app) == []  # no such group: nothing saved
    assert post_form(mette, url, job_fields(people, occupation="52")).status_code == 303
    [job] = jobs(app)
    assert job.occupation == "52"
    page = login_as("client_a", "da").get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Salgsarbejde (ekskl. agentarbejde)" in page  # shown in the reader's language
