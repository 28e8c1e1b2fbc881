"""A job's support plan: the specialist writes it with the participant, who reads it on the
job's page and cannot change it; anyone else gets nothing; the history keeps each change."""

from sqlalchemy import select

from portal.core.db import db
from portal.placements.models import Job
from tests.helpers import csrf_token_from, post_form
from tests.jobs.helpers import job_data

PLAN = "Mette ringer hver fredag. Behandleren hjælper med søvnen. Chefen ved kun, hvad Anna vil."


def anna_job(app, people) -> int:
    from portal.placements.services.jobs import record_job

    with app.app_context():
        job = record_job(
            db.merge(people["specialist_a"]),
            db.merge(people["client_a"]),
            job_data(people["employer"]),
        )
        db.commit()
        return job.id


def test_the_specialist_writes_it_and_the_participant_reads_it(app, login_as, people):
    job_id = anna_job(app, people)
    mette = login_as("specialist_a", "da")
    response = post_form(mette, f"/jobs/{job_id}/support", {"plan": PLAN}, page=f"/jobs/{job_id}")
    assert response.status_code == 303
    with app.app_context():
        job = db.get(Job, job_id)
        assert job.support_plan == PLAN and job.support_plan_at is not None
    anna = login_as("client_a", "da")
    page = anna.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert PLAN in page
    assert f'action="/jobs/{job_id}/support' not in page  # she reads it, does not edit it
    token = csrf_token_from(page)
    refused = anna.post(f"/jobs/{job_id}/support", data={"csrf_token": token, "plan": "x"})
    assert refused.status_code == 403
    assert "Støtteplan gemt" in mette.get(f"/jobs/{job_id}").get_data(as_text=True)  # history


def test_an_empty_plan_is_a_clear_error_and_others_get_nothing(app, login_as, people):
    job_id = anna_job(app, people)
    mette = login_as("specialist_a", "sv")
    response = post_form(mette, f"/jobs/{job_id}/support", {"plan": "  "}, page=f"/jobs/{job_id}")
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.get_data(as_text=True)
    for who in ("specialist_b", "client_b", "admin", "employer"):
        browser = login_as(who)
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        answer = browser.post(f"/jobs/{job_id}/support", data={"csrf_token": token, "plan": "x"})
        assert answer.status_code == 404, who
    with app.app_context():
        assert db.scalar(select(Job.support_plan)) is None
