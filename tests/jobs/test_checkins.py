"""Check-ins: sent only with consent, answered once from a signed, expiring link that shows
only what the client consented to, and closed at once when consent is withdrawn."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role
from portal.placements.models import Category, CheckIn, Disclosure, Schedule
from portal.placements.services.checkins import send_due_checkins
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import record_job
from tests.factories import make_user
from tests.helpers import csrf_token_from, post_form, sign_in
from tests.jobs.helpers import (
    JOB_TITLE,
    checkin_id_of,
    deliver_outbox,
    job_data,
    link_path,
    placement,
)
from tests.things import ANNA_WRITTEN

ANSWER = {
    "still_working": "yes",
    "hours": "12,5",
    "rating": "4",
    "wants_call": "yes",
    "comment": "Going well, but please call about the rota",
}


def checkin(app, checkin_id) -> CheckIn:
    with app.app_context():
        return db.get(CheckIn, checkin_id)


def count_checkins(app) -> int:
    with app.app_context():
        return db.scalar(select(func.count(CheckIn.id)))


def answered(browser, path, **changes):
    return post_form(browser, path, {**ANSWER, **changes})


def post_with_token(browser, path, data=ANSWER):
    """POST with a valid CSRF token (from the sign-in page), so only the link decides."""
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    return browser.post(path, data={**data, "csrf_token": token})


def withdraw(app, people, category=Category.CONTACT):
    """Withdraw after the check-in e-mail went out (one still waiting would be dropped with
    its check-in, see test_disclosure.py), so the employer holds the link."""
    deliver_outbox(app)
    with app.app_context():
        anna = db.merge(people["client_a"])
        consent = get_consent(anna.id, people["employer"].employers[0].id)
        set_permission(anna, consent, category, False)
        db.commit()


# --- sending ----------------------------------------------------------------------------


def test_a_due_check_in_is_sent_only_with_consent_and_only_once(app, people, outbox):
    with app.app_context():
        today = local_today()
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        job = record_job(mette, anna, job_data(boss, start_date=today - timedelta(days=15)))
        db.commit()
        assert send_due_checkins(today).sent == 0  # no consent to contact the employer yet
        consent = get_consent(anna.id, boss.employers[0].id)
        set_permission(anna, consent, Category.CONTACT, True)
        db.commit()
        assert send_due_checkins(today).sent == 0  # nothing may be said yet (test_disclosure.py)
        set_disclosure(anna, consent, Disclosure.YES, None)
        db.commit()
        assert send_due_checkins(today).sent == 1
        db.commit()
        assert send_due_checkins(today).sent == 0  # already asked for this period
        [sent] = db.scalars(select(CheckIn)).all()
        assert sent.due_date == job.start_date + timedelta(days=14)
    [email] = outbox()
    assert email.recipient == people["employer"].email
    assert "/check-in/" in email.body
    # E-mails never carry who it is about.
    assert "Anna" not in email.body and JOB_TITLE not in email.body


def test_no_check_ins_for_ended_jobs_jobs_without_schedule_or_before_the_first_day(app, people):
    with app.app_context():
        today = local_today()
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        for overrides in (
            {"start_date": today - timedelta(days=3)},
            {"start_date": today - timedelta(days=30), "schedule": Schedule.NONE},
            {"start_date": today - timedelta(days=30)},
        ):
            job = record_job(mette, anna, job_data(boss, **overrides))
        job.end_date = today - timedelta(days=1)
        set_permission(anna, get_consent(anna.id, boss.employers[0].id), Category.CONTACT, True)
        db.commit()
        assert send_due_checkins(today).sent == 0


# --- the link ---------------------------------------------------------------------------


def test_the_employer_answers_once_without_an_account(app, make_client, people, anna_things):
    employer = make_client()
    employer.set_cookie("lang", "en")  # the contact has no language of their own: Danish
    path = link_path(anna_things["checkin_link"])
    page = employer.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Anna" in html and JOB_TITLE in html  # she consented to first name and title
    assert "Klient" not in html  # but never her last name
    response = answered(employer, path)
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)
    stored = checkin(app, anna_things["checkin_id"])
    assert (stored.still_working, str(stored.hours), stored.rating, stored.wants_call) == (
        True,
        "12.5",
        4,
        True,
    )
    again = employer.get(path)
    assert again.status_code == 410
    assert "already received the answers" in again.get_data(as_text=True)


def test_the_check_in_form_loads_no_script(app, make_client, login_as, anna_things):
    """An employer opens the link on a phone: a plain form with no session needs neither
    htmx nor the session handling (25 KB), so the form shows sooner; the portal's own pages
    keep both."""
    page = make_client().get(link_path(anna_things["checkin_link"])).get_data(as_text=True)
    assert "<script" not in page and "<form" in page
    home = login_as("client_a").get("/").get_data(as_text=True)
    assert "/static/vendor/htmx.min." in home and "/static/js/portal." in home


# Commits: five requests in threads at once, each with its own connection.
@pytest.mark.commits
def test_a_check_in_sent_twice_is_stored_once(app, make_client, anna_things):
    employer = make_client()
    path = link_path(anna_things["checkin_link"])
    token = csrf_token_from(employer.get(path).get_data(as_text=True))

    def send(rating):
        data = {**ANSWER, "rating": str(rating), "csrf_token": token}
        return employer.post(path, data=data).status_code

    with ThreadPoolExecutor(5) as pool:
        statuses = list(pool.map(send, range(1, 6)))
    assert all(status in (200, 410) for status in statuses)
    stored = checkin(app, anna_things["checkin_id"])
    assert stored.answered_at is not None and stored.rating in range(1, 6)
    rating = stored.rating
    assert send(1 if rating != 1 else 2) == 410
    assert checkin(app, anna_things["checkin_id"]).rating == rating


def test_bad_answers_get_clear_errors_and_save_nothing(app, make_client, anna_things):
    employer = make_client()
    employer.set_cookie("lang", "en")
    path = link_path(anna_things["checkin_link"])
    cases = [
        ({"hours": "169"}, "Write a number from 0 to 168."),
        ({"hours": "-1"}, "Write a number from 0 to 168."),
        ({"hours": "many"}, "Write a number, for example 7.5 or 7,5."),
        ({"rating": "6"}, "Not a valid choice"),
        ({"rating": ""}, "Please choose one."),
        ({"still_working": ""}, "Please choose one."),
        ({"comment": "x" * 2001}, "Use at most 2000 characters."),
    ]
    for changes, message in cases:
        response = answered(employer, path, **changes)
        assert response.status_code == 422, changes
        assert message in response.get_data(as_text=True), changes
    assert checkin(app, anna_things["checkin_id"]).answered_at is None


def test_an_expired_link_changes_nothing(app, make_client, anna_things):
    with app.app_context():
        row = db.get(CheckIn, anna_things["checkin_id"])
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
    employer = make_client()
    employer.set_cookie("lang", "en")
    path = link_path(anna_things["checkin_link"])
    page = employer.get(path)
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)
    response = post_with_token(employer, path)
    assert response.status_code == 410
    assert checkin(app, anna_things["checkin_id"]).answered_at is None


def test_a_link_past_its_signed_age_is_expired(app, make_client, anna_things):
    app.config["CHECKIN_LINK_MAX_AGE"] = timedelta(seconds=-1)
    try:
        page = make_client().get(link_path(anna_things["checkin_link"]))
    finally:
        app.config["CHECKIN_LINK_MAX_AGE"] = timedelta(days=10)
    assert page.status_code == 410


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: t.split(".")[0] + "..",  # signature removed
        lambda t: "x" + t,  # payload changed
        lambda t: "nonsense",
    ],
)
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(
    app, make_client, anna_things, tamper
):
    employer = make_client()
    employer.set_cookie("lang", "en")
    token = anna_things["checkin_link"].rsplit("/", 1)[1]
    path = "/check-in/" + tamper(token)
    page = employer.get(path)
    assert page.status_code == 410
    assert "not complete or not right" in page.get_data(as_text=True)
    assert post_with_token(employer, path).status_code == 410
    assert checkin(app, anna_things["checkin_id"]).answered_at is None


def test_a_link_for_another_purpose_or_another_check_in_does_not_open(
    app, make_client, people, anna_things, outbox
):
    from itsdangerous import URLSafeTimedSerializer

    secret = app.config["SECRET_KEY"]
    token = anna_things["checkin_link"].rsplit("/", 1)[1]
    checkin_id, raw = URLSafeTimedSerializer(secret, salt="checkin-link").loads(token)
    # The same secret and id, but a token made up by someone else (or another check-in's).
    forged = URLSafeTimedSerializer(secret, salt="checkin-link").dumps([checkin_id, "guess"])
    # A genuine token signed for the account links (another purpose) is refused too.
    foreign = URLSafeTimedSerializer(secret, salt="account-link").dumps([checkin_id, raw])
    employer = make_client()
    for path in (f"/check-in/{forged}", f"/check-in/{foreign}"):
        assert employer.get(path).status_code == 410
        assert post_with_token(employer, path).status_code == 410
    assert checkin(app, anna_things["checkin_id"]).answered_at is None


def test_after_withdrawal_the_link_answers_404_at_once(app, make_client, people, anna_things):
    employer = make_client()
    path = link_path(anna_things["checkin_link"])
    assert employer.get(path).status_code == 200
    withdraw(app, people)
    assert employer.get(path).status_code == 404
    assert post_with_token(employer, path).status_code == 404
    assert checkin(app, anna_things["checkin_id"]).answered_at is None


def test_without_consent_to_the_name_the_employer_sees_neither_name_nor_title(
    app, make_client, people, anna_things
):
    withdraw(app, people, Category.NAME)
    employer = make_client()
    employer.set_cookie("lang", "en")
    html = employer.get(link_path(anna_things["checkin_link"])).get_data(as_text=True)
    assert "Anna" not in html and JOB_TITLE not in html
    assert "the employee they support" in html


# --- what an employer can never see -------------------------------------------------------


def test_employer_pages_never_show_plan_goal_message_profile_or_health_text(
    app, make_client, people, login_as, anna_things
):
    pages = []
    boss = login_as("employer")
    pages.append(boss.get("/").get_data(as_text=True))
    pages.append(boss.get(f"/employer/check-ins/{anna_things['checkin_id']}").get_data(True))
    pages.append(make_client().get(link_path(anna_things["checkin_link"])).get_data(True))
    allowed = {JOB_TITLE}  # consented
    for html in pages:
        for text in set(ANNA_WRITTEN) - allowed:
            assert text not in html, text
        assert "Only that" not in html
    for url in (
        f"/clients/{anna_things['client_id']}/jobs",
        f"/jobs/{anna_things['job_id']}",
        f"/clients/{anna_things['client_id']}/consent",
        f"/clients/{anna_things['client_id']}/plan",
        "/employers",
    ):
        assert boss.get(url).status_code in (403, 404), url


def test_an_employer_account_lists_only_consented_placements(app, login_as, people, anna_things):
    with app.app_context():
        bent, bo = db.merge(people["client_b"]), db.merge(people["specialist_b"])
        boss = db.merge(people["employer"])
        record_job(bo, bent, job_data(boss, title="Gardener"))  # Bent has not consented
        db.commit()
    employer = login_as("employer")
    home = employer.get("/").get_data(as_text=True)
    assert "Anna, Shelf stacker" in home and "Answer the check-in" in home
    assert "Gardener" not in home and "Bent" not in home
    url = f"/employer/check-ins/{anna_things['checkin_id']}"
    response = post_form(employer, url, ANSWER)
    assert response.status_code == 200
    stored = checkin(app, anna_things["checkin_id"])
    assert stored.answered_by_id == people["employer"].id
    withdraw(app, people)
    assert "Shelf stacker" not in employer.get("/").get_data(as_text=True)
    assert employer.get(url).status_code == 404


def test_another_employer_contact_cannot_open_the_check_in(app, make_client, people, anna_things):
    with app.app_context():
        make_user(Role.EMPLOYER, "colleague@example.org", workplace="Testfirma ApS")
        make_user(Role.EMPLOYER, "other@example.org", workplace="Another Firm")
    for email in ("colleague@example.org", "other@example.org"):
        browser = make_client()
        sign_in(browser, email)
        url = f"/employer/check-ins/{anna_things['checkin_id']}"
        assert browser.get(url).status_code == 404
        assert "Shelf stacker" not in browser.get("/").get_data(as_text=True)


# --- what the specialist and the client see -------------------------------------------------


def test_the_specialist_sees_answers_call_requests_and_missed_check_ins(
    app, make_client, people, login_as, anna_things
):
    answered(make_client(), link_path(anna_things["checkin_link"]))
    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        # A second job at the same workplace, whose check-in went unanswered until it expired.
        _, _, link = placement(anna, mette, db.merge(people["employer"]))
        missed = db.get(CheckIn, checkin_id_of(link))
        missed.expires_at = utcnow() - timedelta(days=1)
        db.commit()
    mette = login_as("specialist_a")
    home = mette.get("/").get_data(as_text=True)
    assert "Testfirma ApS would like a call" in home
    assert "Testfirma ApS did not answer the check-in" in home
    job_page = mette.get(f"/jobs/{anna_things['job_id']}").get_data(as_text=True)
    assert "please call about the rota" in job_page and "4 of 5" in job_page
    post_form(
        mette,
        f"/check-ins/{anna_things['checkin_id']}/call-handled",
        {},
        page=f"/jobs/{anna_things['job_id']}",
    )
    assert "would like a call" not in mette.get("/").get_data(as_text=True)


def test_a_check_in_the_employer_could_no_longer_answer_is_not_missed(
    app, login_as, people, anna_things
):
    """Anna chose "say nothing" after the e-mail went out: its link closed, so the employer
    did not miss it, and the specialist is not asked to chase it."""
    deliver_outbox(app)  # sent: the change of answer cannot take the e-mail back
    with app.app_context():
        checkin = db.get(CheckIn, anna_things["checkin_id"])
        checkin.expires_at = utcnow() - timedelta(days=1)
        db.commit()
    mette = login_as("specialist_a")
    assert "Testfirma ApS did not answer the check-in" in mette.get("/").get_data(as_text=True)
    with app.app_context():
        anna = db.merge(people["client_a"])
        consent = get_consent(anna.id, people["employer"].employers[0].id)
        set_disclosure(anna, consent, Disclosure.NO, None)
        db.commit()
    assert "did not answer the check-in" not in mette.get("/").get_data(as_text=True)


def test_the_client_sees_that_a_check_in_took_place_and_its_answers_if_she_wishes(
    app, make_client, people, login_as, anna_things
):
    answered(make_client(), link_path(anna_things["checkin_link"]))
    anna = login_as("client_a")
    url = f"/jobs/{anna_things['job_id']}"
    page = anna.get(url).get_data(as_text=True)
    assert "answered" in page and "please call about the rota" not in page
    post_form(anna, f"{url}/answers", {"visible": "yes"}, page=url)
    assert "please call about the rota" in anna.get(url).get_data(as_text=True)
    post_form(anna, f"{url}/answers", {"visible": "no"}, page=url)
    assert "please call about the rota" not in anna.get(url).get_data(as_text=True)
    mette = login_as("specialist_a")
    response = post_form(mette, f"{url}/answers", {"visible": "yes"}, page=url)
    assert response.status_code == 403


# --- object-level access for every route of this feature -------------------------------------


def test_check_in_routes_answer_404_to_everyone_else(
    app, make_client, people, login_as, anna_things
):
    checkin_id = anna_things["checkin_id"]
    answer_url = f"/employer/check-ins/{checkin_id}"
    call_url = f"/check-ins/{checkin_id}/call-handled"
    for who in ("client_a", "client_b", "specialist_a", "specialist_b", "admin"):
        browser = login_as(who)
        token = csrf_token_from(browser.get("/account").get_data(as_text=True))
        for method in ("GET", "POST"):
            response = browser.open(answer_url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (who, method)
        status = browser.post(call_url, data={"csrf_token": token}).status_code
        expected = {"client_a": 403, "specialist_a": 303}.get(who, 404)
        assert status == expected, who
    employer = login_as("employer")
    token = csrf_token_from(employer.get("/account").get_data(as_text=True))
    assert employer.post(call_url, data={"csrf_token": token}).status_code == 404
    assert make_client().get(answer_url).status_code == 302  # anonymous: sign in first
    assert count_checkins(app) == 1


def test_the_employer_list_is_for_specialists_only(app, login_as, people):
    for who in ("client_a", "employer", "admin"):
        browser = login_as(who)
        assert browser.get("/employers").status_code == 403, who
    mette = login_as("specialist_a")
    assert mette.get("/employers/987654").status_code == 404


def test_unknown_link_ids_never_crash(make_client):
    for path in ("/check-in/%00", "/check-in/" + "A" * 3000, "/check-in/W10.x.y"):
        assert make_client().get(path).status_code in (404, 410)
