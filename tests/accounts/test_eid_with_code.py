"""A participant without e-mail links their eID with the one-time code on paper instead of
choosing a password: the code is spent, and from then on the eID signs them in. A wrong,
used or replaced code links nothing."""

from sqlalchemy import select

from portal.accounts.models import EidLink
from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import eid_sign_in, through_broker
from tests.helpers import post_form
from tests.intake.helpers import shown_code

PAGE = "/login/paper/eid"


def _paper_account(login_as) -> tuple[str, str]:
    mette = login_as("specialist_a")
    page = "/invitations/without-email"
    made = post_form(mette, page, {"name": "Bo Christensen", "language": "en"}, page=page)
    return shown_code(made.get_data(as_text=True))


def _start_with_code(browser, username, code):
    return post_form(browser, PAGE, {"email": username, "code": code})


def _bo(app, username) -> User:
    with app.app_context():
        return db.scalar(select(User).where(User.username == username))


def _english(make_client):
    browser = make_client()
    browser.set_cookie("lang", "en")
    return browser


def test_bo_links_mitid_with_his_paper_code_and_needs_no_password(app, login_as, make_client, eid):
    username, code = _paper_account(login_as)
    browser = _english(make_client)
    assert f'href="{PAGE}"' in browser.get("/login/paper").get_data(as_text=True)
    form = browser.get(PAGE).get_data(as_text=True)
    assert "Sign in with MitID and a code from paper" in form
    answer, _path = through_broker(
        browser, _start_with_code(browser, username, code.lower()), subject="bo-at-the-broker"
    )
    assert answer.status_code == 303 and answer.location.endswith("/")
    home = browser.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Welcome! Your eID is linked and you are signed in." in home
    bo = _bo(app, username)
    assert bo.password_hash is None and bo.activated_at is not None and bo.is_active
    with app.app_context():
        [link] = db.scalars(select(EidLink)).all()
        assert (link.user_id, link.subject) == (bo.id, "bo-at-the-broker")
    # The code is spent: it neither links again nor sets a password.
    again = _english(make_client)
    assert _start_with_code(again, username, code).status_code == 422
    reuse = {"email": username, "code": code, "password": "x" * 14, "confirm": "x" * 14}
    assert post_form(again, "/login/paper", reuse).status_code == 422
    # From now on MitID is Bo's way in.
    later = _english(make_client)
    assert eid_sign_in(later, subject="bo-at-the-broker").location.endswith("/")
    assert username in later.get("/account").get_data(as_text=True)
    # His only way in cannot be removed by mistake.
    removed = post_form(later, "/account/eid/remove", {}, page="/account")
    assert removed.status_code == 303
    assert "Your eID is your only way to sign in." in later.get("/account").get_data(as_text=True)
    with app.app_context():
        assert len(db.scalars(select(EidLink)).all()) == 1


def test_a_wrong_code_does_not_lead_to_the_broker(app, login_as, make_client, eid):
    username, _code = _paper_account(login_as)
    browser = _english(make_client)
    answer = _start_with_code(browser, username, "AAAA-AAAA-AAAA")
    assert answer.status_code == 422
    assert "The user name or the sign-in code is not right." in answer.get_data(as_text=True)


def test_a_code_replaced_while_at_the_broker_links_nothing(app, login_as, make_client, eid):
    username, code = _paper_account(login_as)
    browser = _english(make_client)
    started = _start_with_code(browser, username, code)
    bo = _bo(app, username)
    # Meanwhile the specialist makes a new code: the one on the way no longer works.
    mette = login_as("specialist_a")
    post_form(mette, f"/clients/{bo.id}/sign-in", {}, page=f"/clients/{bo.id}/sign-in")
    answer, _path = through_broker(browser, started, subject="bo-at-the-broker")
    assert answer.location.endswith(PAGE)
    assert "The sign-in code no longer works." in browser.get(PAGE).get_data(as_text=True)
    with app.app_context():
        assert db.scalars(select(EidLink)).all() == []
    assert "Bo Christensen" not in browser.get("/account", follow_redirects=True).get_data(
        as_text=True
    )


def test_wrong_codes_are_throttled_like_passwords(app, login_as, make_client, eid):
    username, code = _paper_account(login_as)
    browser = make_client()
    statuses = [_start_with_code(browser, username, "AAAA-AAAA-AAAA").status_code for _ in range(5)]
    assert statuses == [422] * 5
    assert _start_with_code(browser, username, code).status_code == 429
