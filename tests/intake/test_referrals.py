"""The team's side of a referral: accepted into a caseload without any screening (by e-mail
invitation or with a code on paper), or closed for a reason the fidelity review counts, never
"not ready"; who the person is goes once the account holds it, or after the retention time."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.intake.models import ClosingReason, Referral
from portal.privacy.services import purge_expired
from tests.factories import make_team, make_user
from tests.helpers import csrf_token_from, post_form
from tests.intake.helpers import shown_code, waiting_referral


def _referral(app, referral_id) -> Referral:
    with app.app_context():
        return db.get(Referral, referral_id)


def _page(referral_id) -> str:
    return f"/referrals/{referral_id}"


def test_accepting_by_email_invites_the_person_with_the_referral_day_as_their_start(
    app, login_as, people, outbox
):
    referral_id = waiting_referral(app, people["team"], days_ago=9, email="rita@example.org")
    mette = login_as("specialist_a")
    page = mette.get(_page(referral_id)).get_data(as_text=True)
    assert "Accept and send the invitation to rita@example.org" in page
    assert "ready" not in page.split("Close without a start")[0].lower()  # no readiness check
    answer = post_form(
        mette, f"/referrals/{referral_id}/accept", {"way": "email"}, page=_page(referral_id)
    )
    assert answer.status_code == 303
    assert "Rita Hansen is in your caseload" in mette.get(answer.location).get_data(as_text=True)
    with app.app_context():
        rita = db.scalar(select(User).where(User.email == "rita@example.org"))
        assert rita.specialist_id == people["specialist_a"].id
        assert rita.enrolled_on == local_today() - timedelta(days=9)
    assert [mail.recipient for mail in outbox()] == ["rita@example.org"]
    # The account holds who she is now: the referral keeps the counts only.
    referral = _referral(app, referral_id)
    assert referral.accepted_at is not None and referral.wiped_at is not None
    assert (referral.name, referral.email, referral.phone) == (None, None, None)
    assert mette.get(_page(referral_id)).status_code == 404  # no longer waiting
    assert "Rita Hansen" not in mette.get("/referrals").get_data(as_text=True)


def test_accepting_with_a_paper_code_makes_an_account_without_email(app, login_as, people):
    referral_id = waiting_referral(app, people["team"], days_ago=2)
    mette = login_as("specialist_a")
    page = mette.get(_page(referral_id)).get_data(as_text=True)
    assert "Accept and send the invitation" not in page  # she gave no address
    answer = post_form(
        mette, f"/referrals/{referral_id}/accept", {"way": "paper"}, page=_page(referral_id)
    )
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    username, code = shown_code(answer.get_data(as_text=True))
    assert username.startswith("rita") and len(code) == 14
    with app.app_context():
        rita = db.scalar(select(User).where(User.username == username))
        assert (rita.email, rita.specialist_id) == (None, people["specialist_a"].id)
        assert rita.enrolled_on == local_today() - timedelta(days=2)


def test_a_referral_is_closed_only_for_a_reason_and_not_reached_needs_tries(app, login_as, people):
    referral_id = waiting_referral(app, people["team"])
    mette = login_as("specialist_a")
    page = mette.get(_page(referral_id)).get_data(as_text=True)
    reasons = ("Could not be reached", "The person no longer wants it", "Lives outside the team")
    assert all(reason in page for reason in reasons) and "not ready" not in page.lower()
    url = f"/referrals/{referral_id}/close"
    refused = post_form(mette, url, {}, page=_page(referral_id))
    assert refused.status_code == 422 and "Please choose one." in refused.get_data(as_text=True)
    refused = post_form(mette, url, {"reason": "not_reached"}, page=_page(referral_id))
    assert refused.status_code == 422
    assert "Note each try to reach the person first" in refused.get_data(as_text=True)
    for _ in range(3):
        post_form(mette, f"/referrals/{referral_id}/try", {}, page=_page(referral_id))
    assert "3 tries to reach" in mette.get("/referrals").get_data(as_text=True)
    assert (
        post_form(mette, url, {"reason": "not_reached"}, page=_page(referral_id)).status_code == 303
    )
    referral = _referral(app, referral_id)
    assert (referral.closing_reason, referral.tries) == (ClosingReason.NOT_REACHED, 3)
    assert referral.name == "Rita Hansen"  # kept until the retention time, as counts after


def test_the_lead_sees_and_closes_but_only_a_specialist_accepts(app, login_as, people):
    referral_id = waiting_referral(app, people["team"])
    lead = login_as("admin")
    page = lead.get(_page(referral_id)).get_data(as_text=True)
    assert "Rita Hansen" in page and "Accept into your caseload" not in page
    token = csrf_token_from(page)
    answer = lead.post(
        f"/referrals/{referral_id}/accept", data={"csrf_token": token, "way": "paper"}
    )
    assert answer.status_code == 403
    assert _referral(app, referral_id).accepted_at is None


def test_another_teams_staff_see_nothing_of_a_referral(app, login_as, people):
    referral_id = waiting_referral(app, people["team"])
    with app.app_context():
        other = make_team("IPS Andetsted")
        outsider = make_user(Role.SPECIALIST, "outsider@example.org", team=other)
    browser = login_as(outsider)
    assert "Rita Hansen" not in browser.get("/referrals").get_data(as_text=True)
    assert browser.get(_page(referral_id)).status_code == 404
    token = csrf_token_from(browser.get("/referrals").get_data(as_text=True))
    for action in ("try", "close", "accept"):
        answer = browser.post(f"/referrals/{referral_id}/{action}", data={"csrf_token": token})
        assert answer.status_code == 404
    assert _referral(app, referral_id).tries == 0


def test_privacy_purge_wipes_who_a_person_is_in_referrals_nobody_accepted(app, people):
    old = waiting_referral(app, people["team"], days_ago=91, name="Old Waiting")
    recent = waiting_referral(app, people["team"], days_ago=89, name="Recent Waiting")
    with app.app_context():
        closed = db.get(Referral, waiting_referral(app, people["team"], days_ago=120))
        closed.closed_at, closed.closing_reason = utcnow(), ClosingReason.WITHDRAWN
        db.commit()
        closed_id = closed.id
        run = purge_expired(utcnow(), 1826, 90, 90)
        db.commit()
        assert run.removed["unaccepted_referrals"] == 2
    for wiped_id in (old, closed_id):
        referral = _referral(app, wiped_id)
        assert (referral.name, referral.phone, referral.work_wish) == (None, None, None)
        assert referral.wiped_at is not None and referral.created_at.date() < date.today()
    assert _referral(app, closed_id).closing_reason == ClosingReason.WITHDRAWN  # still counted
    assert _referral(app, recent).name == "Recent Waiting"


def test_a_double_tap_on_accept_says_the_person_is_already_in_the_caseload(app, login_as, people):
    referral_id = waiting_referral(app, people["team"])
    mette = login_as("specialist_a")
    token = csrf_token_from(mette.get(_page(referral_id)).get_data(as_text=True))
    url = f"/referrals/{referral_id}/accept"
    assert mette.post(url, data={"csrf_token": token, "way": "paper"}).status_code == 200
    again = mette.post(url, data={"csrf_token": token, "way": "paper"})
    assert again.status_code == 303
    assert "You have already accepted this referral" in mette.get(again.location).get_data(
        as_text=True
    )
    with app.app_context():
        assert len(db.scalars(select(User).where(User.name == "Rita Hansen")).all()) == 1
    # Anyone else still gets 404 for a referral that no longer waits.
    other = login_as("specialist_b")
    assert (
        other.post(
            url,
            data={
                "csrf_token": csrf_token_from(other.get("/").get_data(as_text=True)),
                "way": "paper",
            },
        ).status_code
        == 404
    )
