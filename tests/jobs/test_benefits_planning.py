"""Benefits planning at the moments that matter (issue #21, IPS fidelity item V1): a job start
and a change of hours each put the team's benefits questions on the participant's plan and
ask both sides to go through them, until one of them marks it; the team lead's edits change
what the next job start adds; nobody else sees or marks it."""

import re

from sqlalchemy import select

from portal.core.db import db
from portal.core.history import HistoryEntry
from portal.core.identity import Role
from portal.placements.models import BenefitsReview, Job, ReviewReason
from tests.factories import make_team, make_user
from tests.helpers import csrf_token_from, post_form
from tests.jobs.helpers import job_fields

START_PROMPT = "Your job at Testfirma ApS starts on"
START_FOR_SPECIALIST = "The job at Testfirma ApS starts on"
HOURS_PROMPT = "Your hours at Testfirma ApS change from 7.5 to 20 a week"
HOURS_FOR_SPECIALIST = "The hours at Testfirma ApS change from 7.5 to 20 a week"
ATTENTION_START = "a job start at Testfirma ApS"
ATTENTION_HOURS = "new hours at Testfirma ApS"
# Written into her plan in her language; Anna has chosen none, so in her team's country's.
KONTANTHJAELP = "Hvad sker der med min kontanthjælp, når jeg får løn"


def _record_job(login_as, people, **fields) -> tuple:
    """The specialist records a job through the form; return (her browser, the job's id)."""
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/jobs"
    response = post_form(mette, url, job_fields(people, start_date="2030-02-01", **fields))
    assert response.status_code == 303
    return mette, int(response.location.rsplit("/", 1)[1])


def _change_hours(mette, people, job_id: int, hours: str):
    url = f"/jobs/{job_id}"
    form = mette.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', form).group(1)
    data = job_fields(people, start_date="2030-02-01", hours_per_week=hours, version=version)
    response = mette.post(url, data={**data, "csrf_token": csrf_token_from(form)})
    assert response.status_code == 303


def _pages(login_as, people, job_id: int) -> dict[str, str]:
    """Every page that should prompt: the participant's home, work and job pages; the
    specialist's home (attention list), the participant's work tab and the job page."""
    anna, mette = login_as("client_a"), login_as("specialist_a")
    client_id = people["client_a"].id
    return {
        "client home": anna.get("/").get_data(as_text=True),
        "client work": anna.get(f"/clients/{client_id}/jobs").get_data(as_text=True),
        "client job": anna.get(f"/jobs/{job_id}").get_data(as_text=True),
        "specialist home": mette.get("/").get_data(as_text=True),
        "specialist work": mette.get(f"/clients/{client_id}/jobs").get_data(as_text=True),
        "specialist job": mette.get(f"/jobs/{job_id}").get_data(as_text=True),
    }


def _benefit_items(app, client_id: int) -> list[str]:
    from portal.plans.models import ItemKind, PlanItem

    with app.app_context():
        return list(
            db.scalars(
                select(PlanItem.text)
                .where(PlanItem.client_id == client_id, PlanItem.kind == ItemKind.BENEFIT)
                .where(PlanItem.removed_at.is_(None))
                .order_by(PlanItem.id)
            )
        )


def _reviews(app, job_id: int) -> list[BenefitsReview]:
    with app.app_context():
        query = select(BenefitsReview).where(BenefitsReview.job_id == job_id)
        return list(db.scalars(query.order_by(BenefitsReview.id)))


def test_a_job_start_opens_the_questions_for_both_until_one_marks_them(app, login_as, people):
    _mette, job_id = _record_job(login_as, people)
    pages = _pages(login_as, people, job_id)
    for name in ("client home", "client work", "client job"):
        assert START_PROMPT in pages[name], name
        assert f'href="/clients/{people["client_a"].id}/plan#benefit"' in pages[name], name
    for name in ("specialist work", "specialist job"):
        assert START_FOR_SPECIALIST in pages[name] and "with Anna before it starts" in pages[name]
    assert ATTENTION_START in pages["specialist home"]
    # The team's (Danish) questions are on Anna's plan, once each.
    plan = login_as("client_a").get(f"/clients/{people['client_a'].id}/plan")
    assert KONTANTHJAELP in plan.get_data(as_text=True)
    items = _benefit_items(app, people["client_a"].id)
    assert len(items) == 7 and len(set(items)) == 7

    # Anna marks it from her home page: it is gone for both, and who and when is kept.
    [review] = _reviews(app, job_id)
    anna = login_as("client_a")
    response = post_form(anna, f"/benefits-reviews/{review.id}/done", {"back": "home"}, page="/")
    assert response.status_code == 303 and response.location.endswith("/")
    [review] = _reviews(app, job_id)
    assert review.done_by_id == people["client_a"].id and review.done_at is not None
    pages = _pages(login_as, people, job_id)
    assert not [name for name, page in pages.items() if "go through the benefits" in page]
    assert "Benefits questions gone through" in pages["specialist job"]  # the job's history


def test_new_hours_open_them_again_and_the_specialist_can_mark_them(app, login_as, people):
    mette, job_id = _record_job(login_as, people)
    [start] = _reviews(app, job_id)
    post_form(mette, f"/benefits-reviews/{start.id}/done", {}, page=f"/jobs/{job_id}")
    # Anna removes one question from her plan and ticks another: the new hours bring back
    # the removed one, and leave the ticked one as it is, not twice.
    with app.app_context():
        from portal.plans.models import PlanItem

        items = db.scalars(select(PlanItem).where(PlanItem.client_id == people["client_a"].id))
        first, second = list(items)[:2]
        first.removed_at = second.client_cleared_at = db.get(Job, job_id).created_at
        db.commit()
    assert len(_benefit_items(app, people["client_a"].id)) == 6

    _change_hours(mette, people, job_id, "20")
    _done, hours = _reviews(app, job_id)
    assert (hours.reason, str(hours.hours_before), str(hours.hours_after)) == (
        ReviewReason.HOURS,
        "7.5",
        "20.0",
    )
    items = _benefit_items(app, people["client_a"].id)
    assert len(items) == 7 and len(set(items)) == 7
    pages = _pages(login_as, people, job_id)
    for name in ("client home", "client work", "client job"):
        assert HOURS_PROMPT in pages[name], name
    assert HOURS_FOR_SPECIALIST in pages["specialist work"]
    assert HOURS_FOR_SPECIALIST in pages["specialist job"]
    assert ATTENTION_HOURS in pages["specialist home"]

    mette = login_as("specialist_a")
    done = post_form(mette, f"/benefits-reviews/{hours.id}/done", {"back": "job"}, page="/")
    assert done.status_code == 303 and done.location.endswith(f"/jobs/{job_id}")
    assert _reviews(app, job_id)[1].done_by_id == people["specialist_a"].id
    pages = _pages(login_as, people, job_id)
    assert not [name for name, page in pages.items() if "go through the benefits" in page]


def test_an_edit_that_keeps_the_hours_opens_nothing(app, login_as, people):
    mette, job_id = _record_job(login_as, people)
    [start] = _reviews(app, job_id)
    post_form(mette, f"/benefits-reviews/{start.id}/done", {}, page=f"/jobs/{job_id}")
    _change_hours(mette, people, job_id, "7.50")  # the same hours, written otherwise
    url = f"/jobs/{job_id}"
    form = mette.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', form).group(1)
    renamed = job_fields(people, start_date="2030-02-01", title="Packer", version=version)
    assert mette.post(url, data={**renamed, "csrf_token": csrf_token_from(form)}).status_code == 303
    assert len(_reviews(app, job_id)) == 1
    pages = _pages(login_as, people, job_id)
    assert not [name for name, page in pages.items() if "go through the benefits" in page]


def test_nobody_else_sees_or_marks_a_review(app, login_as, people):
    _mette, job_id = _record_job(login_as, people)
    [review] = _reviews(app, job_id)
    with app.app_context():
        elsewhere = make_team("IPS Andetsteds")
        otto = make_user(Role.SPECIALIST, "other.team@example.org", "Otto Andet", team=elsewhere)
    outsiders = {
        "another specialist": login_as("specialist_b"),
        "another participant": login_as("client_b"),
        "the team lead": login_as("admin"),
        "another team's specialist": login_as(otto),
    }
    for who, browser in outsiders.items():
        home = browser.get("/").get_data(as_text=True)
        assert "Testfirma ApS" not in home and "benefits questions" not in home, who
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        refused = browser.post(f"/benefits-reviews/{review.id}/done", data={"csrf_token": token})
        assert refused.status_code == 404, who
    [review] = _reviews(app, job_id)
    assert review.done_at is None


def test_the_job_history_says_when_the_questions_were_opened(app, login_as, people):
    _mette, job_id = _record_job(login_as, people)
    with app.app_context():
        actions = db.scalars(
            select(HistoryEntry.action).where(
                HistoryEntry.subject == "job", HistoryEntry.subject_id == job_id
            )
        ).all()
    assert "benefits_opened" in actions
    page = login_as("client_a").get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Benefits questions opened" in page


def test_her_reviews_are_in_her_export_and_go_with_erasure(app, login_as, people):
    mette, job_id = _record_job(login_as, people)
    [review] = _reviews(app, job_id)
    post_form(mette, f"/benefits-reviews/{review.id}/done", {}, page=f"/jobs/{job_id}")
    anna = login_as("client_a")
    [row] = anna.get("/my-data/export.json").get_json()["benefits_reviews"]
    assert (row["reason"], row["hours_after"], row["done_at"] is not None) == ("start", "7.5", True)
    readable = anna.get("/my-data/export.html").text
    assert ">Benefits questions at a job start or a change of hours</h2>" in readable
    assert "A job start" in readable and "Hours per week after" in readable
    anna_id = people["client_a"].id
    page = f"/clients/{anna_id}/privacy"
    erased = post_form(login_as("admin"), f"/clients/{anna_id}/erase", {"confirm": "y"}, page=page)
    assert erased.status_code == 303
    with app.app_context():
        assert db.scalars(select(BenefitsReview)).all() == []
