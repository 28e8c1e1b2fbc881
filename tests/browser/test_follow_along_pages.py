"""Follow-along that acts, on the specialist's phone: an employer's answer that the job has
ended waits on her home page; she opens the job, finds what to do beside the check-in, and
marks it followed up (the job goes on), after which her home page no longer asks. She writes
down an answer the employer gave on the phone. The participant answers her own check-in with
one tap. Each page on the way passes axe-core and reflows at 320 px, in
Danish, Swedish and English."""

from datetime import timedelta

import pytest

from portal.core.dates import local_today
from portal.core.db import db
from portal.placements.models import CheckIn, Job, Schedule
from portal.placements.services.attention import mark_concern_followed_up
from portal.placements.services.checkins import Answer, answer_checkin
from portal.placements.services.jobs import JobData, record_job
from tests.browser.demo import EMPLOYER, OTHER_CLIENT, SPECIALIST, user
from tests.browser.helpers import LANGUAGES, said, shown_page_problems
from tests.browser.phone import assert_in_viewport, confirmation, first_error

pytestmark = pytest.mark.browser


@pytest.fixture
def job_ended_answer(live_server, fresh_checkin):
    """A fresh check-in for Peter, answered by Kim: the job has ended; followed up after."""
    checkin = fresh_checkin()
    with live_server.app.app_context():
        answer_checkin(db.get(CheckIn, checkin.id), Answer(False, None, 2, False, ""))
        db.commit()
    yield checkin
    with live_server.app.app_context():  # never left on Mette's home page for the next test
        mark_concern_followed_up(user(SPECIALIST), db.get(CheckIn, checkin.id))
        db.commit()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_specialist_follows_up_an_answer_that_the_job_has_ended(
    live_server, signed_in_page, base_url, axe_source, job_ended_answer, language
):
    checkin = job_ended_answer
    page = signed_in_page(SPECIALIST, language=language)
    page.goto(base_url + "/")
    ended = said(
        live_server,
        language,
        "%(employer)s says the job has ended: confirm the end and its reason",
        employer="Brugsen Vollsmose",
    )
    item = page.locator("section.attention li", has_text=ended)
    assert item.count() == 1
    problems = shown_page_problems(page, "/ (an answer to follow up)", language, axe_source)

    with page.expect_navigation():
        item.locator(f"a[href='/jobs/{checkin.job_id}#checkins']").click()
    concern = page.locator("#checkins .concern")
    assert said(live_server, language, "The employer says the job has ended.") in (
        concern.inner_text()
    )
    problems += shown_page_problems(page, "/jobs/... (to follow up)", language, axe_source)

    with page.expect_navigation():
        concern.locator("button").click()
    assert_in_viewport(confirmation(page))
    assert page.locator("#checkins .concern").count() == 0
    page.goto(base_url + "/")
    assert page.locator("section.attention li", has_text=ended).count() == 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_specialist_writes_down_an_answer_given_by_phone(
    live_server, signed_in_page, base_url, axe_source, fresh_checkin, language
):
    checkin = fresh_checkin()
    page = signed_in_page(SPECIALIST, language=language)
    page.goto(f"{base_url}/jobs/{checkin.job_id}")
    link = said(live_server, language, "Write down an answer given by phone")
    with page.expect_navigation():
        page.locator("#checkins a", has_text=link).click()
    problems = shown_page_problems(page, "/check-ins/.../by-phone", language, axe_source)

    with page.expect_navigation() as sent:
        page.locator("main form button[type=submit]").click()
    assert sent.value.status == 422
    assert_in_viewport(first_error(page), "the first error")
    problems += shown_page_problems(page, "/check-ins/.../by-phone (empty)", language, axe_source)

    page.check("input[name=still_working][value=yes]")
    page.check("input[name=rating][value='4']")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert_in_viewport(confirmation(page))
    tag = said(live_server, language, "answered by phone")
    assert page.locator("#checkins .status-tag", has_text=tag).count() == 1
    assert not problems, "\n".join(problems)


@pytest.fixture
def peters_check_in_day(live_server):
    """A job of Peter's that started a week ago: today is its first check-in day. Deleted
    after the test, with his answer."""
    with live_server.app.app_context():
        kim = user(EMPLOYER)
        job = record_job(
            user(SPECIALIST),
            user(OTHER_CLIENT),
            JobData(
                employer_id=kim.employers[0].id,
                contact_id=kim.id,
                title="Lagermedhjælper",
                start_date=local_today() - timedelta(days=7),
                hours_per_week=None,
                hourly_wage=None,
                competitive=True,
                schedule=Schedule.WEEKLY,
            ),
        )
        db.commit()
        job_id = job.id
    yield job_id
    with live_server.app.app_context():
        db.delete(db.get(Job, job_id))
        db.commit()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_participant_answers_her_own_check_in_with_one_tap(
    live_server, signed_in_page, base_url, axe_source, peters_check_in_day, language
):
    # A plain form: tests/jobs/test_own_checkins.py sends it as a browser without scripts does.
    page = signed_in_page(OTHER_CLIENT, language=language)
    page.goto(base_url + "/")
    question = page.locator(f"section[aria-labelledby='own-checkin-{peters_check_in_day}']")
    assert question.locator("h2").inner_text() == said(live_server, language, "How is work going?")
    problems = shown_page_problems(page, "/ (her own check-in)", language, axe_source)
    with page.expect_navigation():
        question.locator("button[value=good]").click()
    assert_in_viewport(confirmation(page))
    assert question.count() == 0
    assert not problems, "\n".join(problems)
