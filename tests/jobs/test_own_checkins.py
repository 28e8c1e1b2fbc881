"""The participant's own check-in: on the job's check-in days her home page asks "How is work
going?" and one tap answers; "hard right now" tells her specialist at once; the employer never
sees any of it."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.outbox import OutboxEmail
from portal.placements.models import OwnCheckIn, Schedule, StrugglingSignal
from portal.placements.services.jobs import record_job
from tests.helpers import post_form
from tests.jobs.helpers import job_data, link_path

ASKED = "How is work going?"


def answer(browser, job_id: int, feeling: str):
    return post_form(browser, f"/jobs/{job_id}/own-check-in", {"feeling": feeling}, page="/")


def own_answers(app) -> list[tuple]:
    with app.app_context():
        return db.execute(select(OwnCheckIn.job_id, OwnCheckIn.due_date, OwnCheckIn.feeling)).all()


def test_on_a_check_in_day_she_answers_with_one_tap(app, login_as, people, anna_things):
    anna = login_as("client_a")
    assert ASKED in anna.get("/").get_data(as_text=True)
    response = answer(anna, anna_things["job_id"], "good")
    assert response.status_code == 303
    home = anna.get("/").get_data(as_text=True)
    assert "Your employment specialist sees your answer." in home and ASKED not in home
    [(job_id, due, feeling)] = own_answers(app)
    with app.app_context():
        # The job started 10 days ago: its latest check-in day was day 7 (the standard rhythm).
        assert (job_id, due, feeling.value) == (
            anna_things["job_id"],
            local_today() - timedelta(days=3),
            "good",
        )
    job_page = f"/jobs/{anna_things['job_id']}"
    assert "Your own check-ins" in anna.get(job_page).get_data(as_text=True)
    mette_page = login_as("specialist_a").get(job_page).get_data(as_text=True)
    assert "The participant's own check-ins" in mette_page and "Good" in mette_page
    # A second press, or another answer the same day, stores nothing more.
    again = answer(anna, anna_things["job_id"], "hard")
    assert again.status_code == 303
    assert "already answered" in anna.get("/").get_data(as_text=True)
    assert len(own_answers(app)) == 1


def test_hard_right_now_tells_her_specialist_at_once(app, login_as, people, anna_things):
    with app.app_context():
        signals_before = db.scalar(select(func.count(StrugglingSignal.id)))
        last_mail = db.scalar(select(func.max(OutboxEmail.id))) or 0
    anna = login_as("client_a")
    answer(anna, anna_things["job_id"], "hard")
    assert "has been told and will contact you soon" in anna.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.scalar(select(func.count(StrugglingSignal.id))) == signals_before + 1
        told = db.scalars(select(OutboxEmail.recipient).where(OutboxEmail.id > last_mail)).all()
        assert told == [people["specialist_a"].email]
    assert "says work is hard right now" in login_as("specialist_a").get("/").get_data(as_text=True)


def test_the_employer_never_sees_her_own_answers(app, login_as, make_client, anna_things):
    answer(login_as("client_a"), anna_things["job_id"], "hard")
    employer = login_as("employer")
    pages = [employer.get("/"), make_client().get(link_path(anna_things["checkin_link"]))]
    for response in pages:
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        for word in ("Hard right now", "own check-in", "How is work going"):
            assert word not in text


def test_nothing_is_asked_before_the_first_check_in_day_or_by_others(
    app, login_as, people, anna_things
):
    with app.app_context():
        bent_job = record_job(
            db.merge(people["specialist_b"]),
            db.merge(people["client_b"]),
            job_data(db.merge(people["employer"]), start_date=local_today() - timedelta(days=2)),
        )
        db.commit()
        bent_job_id = bent_job.id
    bent = login_as("client_b")
    assert ASKED not in bent.get("/").get_data(as_text=True)  # the first day is day 7
    answer(bent, bent_job_id, "good")
    assert "already answered" in bent.get("/").get_data(as_text=True)
    # Only the participant answers for herself: her specialist cannot, others do not find it.
    assert answer(login_as("specialist_a"), anna_things["job_id"], "good").status_code == 403
    assert answer(bent, anna_things["job_id"], "good").status_code == 404
    assert own_answers(app) == []


def test_a_job_without_employer_check_ins_still_asks_her(app, login_as, people):
    with app.app_context():
        anna = db.merge(people["client_a"])
        record_job(
            db.merge(people["specialist_a"]),
            anna,
            job_data(
                db.merge(people["employer"]),
                start_date=local_today() - timedelta(days=8),
                schedule=Schedule.NONE,
            ),
        )
        db.commit()
    assert ASKED in login_as("client_a").get("/").get_data(as_text=True)


def test_a_restricted_record_is_not_asked(app, login_as, people, anna_things):
    with app.app_context():
        anna = db.merge(people["client_a"])
        anna.restricted_at = utcnow()
        db.commit()
    assert ASKED not in login_as("client_a").get("/").get_data(as_text=True)
