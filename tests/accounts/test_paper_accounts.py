"""Participants without e-mail: an account made by their specialist, a one-time code on paper
to choose a password with, a short user name to sign in with, a new code for a lost password
(logged where the participant reads who did what), and what would be e-mailed kept for them."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import AccountToken, TokenPurpose
from portal.core.db import db, utcnow
from portal.core.identity import User
from portal.core.outbox import HeldEmail, OutboxEmail
from portal.messaging.services import start_conversation
from portal.privacy.services import restrict_client
from tests.helpers import csrf_token_from, post_form
from tests.intake.helpers import shown_code

NEW_PASSWORD = "green-kettle-morning-19"


def _make_paper_account(browser, name="Bo Christensen"):
    page = "/invitations/without-email"
    answer = post_form(browser, page, {"name": name, "language": "en"}, page=page)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    return shown_code(answer.get_data(as_text=True))


def _use_code(browser, username, code, password=NEW_PASSWORD, confirm=None):
    data = {"email": username, "code": code, "password": password, "confirm": confirm or password}
    return post_form(browser, "/login/paper", data, page="/login/paper")


def _account(app, username) -> User:
    with app.app_context():
        return db.scalar(select(User).where(User.username == username))


def test_a_participant_without_email_signs_in_with_the_code_and_then_the_password(
    app, login_as, make_client, people
):
    mette = login_as("specialist_a")
    assert 'href="/invitations/without-email"' in mette.get("/invitations").get_data(as_text=True)
    username, code = _make_paper_account(mette)
    bo = _account(app, username)
    assert (bo.email, bo.specialist_id, bo.password_hash) == (None, people["specialist_a"].id, None)
    assert username.startswith("bo") and code.count("-") == 2
    with app.app_context():  # only a hash of the code is kept
        token = db.scalar(select(AccountToken).where(AccountToken.user_id == bo.id))
        assert token.purpose == TokenPurpose.SIGN_IN_CODE and code not in token.token_hash
    browser = make_client()
    browser.set_cookie("lang", "en")
    assert 'href="/login/paper"' in browser.get("/login").get_data(as_text=True)
    forgot = browser.get("/password/forgot").get_data(as_text=True)
    assert "Ask your employment specialist for a new sign-in code on paper." in forgot
    wrong = _use_code(browser, username, "AAAA-AAAA-AAAA")
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert "The user name or the sign-in code is not right." in page and username in page
    # Typed from paper: small letters and spaces instead of dashes are the same code.
    answer = _use_code(browser, username.upper(), code.lower().replace("-", " "))
    assert answer.status_code == 303
    home = browser.get("/").get_data(as_text=True)
    assert "Hello, Bo" in home and "add a passkey under My account" in home
    # The code worked once; from now on the user name and the password.
    assert _use_code(make_client(), username, code).status_code == 422
    again = post_form(make_client(), "/login", {"email": username, "password": NEW_PASSWORD})
    assert again.status_code == 303


def test_a_new_code_replaces_the_old_one_and_the_participant_sees_who_made_it(
    app, login_as, make_client, people
):
    mette = login_as("specialist_a")
    username, first = _make_paper_account(mette)
    bo = _account(app, username)
    page = mette.get(f"/clients/{bo.id}/sign-in").get_data(as_text=True)
    assert f"signs in with the user name {username}" in page
    answer = post_form(mette, f"/clients/{bo.id}/sign-in", {}, page=f"/clients/{bo.id}/sign-in")
    _same, second = shown_code(answer.get_data(as_text=True))
    assert second != first
    assert _use_code(make_client(), username, first).status_code == 422  # spent
    browser = make_client()
    browser.set_cookie("lang", "en")
    assert _use_code(browser, username, second).status_code == 303
    my_data = browser.get("/my-data").get_data(as_text=True)
    assert "Sofie Specialist" in my_data and "made a sign-in code for your account" in my_data


def test_another_specialist_cannot_make_a_code_and_an_old_code_expires(
    app, login_as, make_client, people
):
    username, code = _make_paper_account(login_as("specialist_a"))
    bo = _account(app, username)
    bent_specialist = login_as("specialist_b")
    assert bent_specialist.get(f"/clients/{bo.id}/sign-in").status_code == 404
    token = csrf_token_from(bent_specialist.get("/").get_data(as_text=True))
    answer = bent_specialist.post(f"/clients/{bo.id}/sign-in", data={"csrf_token": token})
    assert answer.status_code == 404
    with app.app_context():
        for token_row in db.scalars(select(AccountToken).where(AccountToken.user_id == bo.id)):
            token_row.expires_at = utcnow() - timedelta(minutes=1)
        db.commit()
    assert _use_code(make_client(), username, code).status_code == 422


def test_a_participant_with_email_can_get_a_paper_code_too(app, login_as, make_client, people):
    mette = login_as("specialist_a")
    anna_id = people["client_a"].id
    page = mette.get(f"/clients/{anna_id}/sign-in").get_data(as_text=True)
    assert "signs in with the e-mail address client.a@example.org" in page
    answer = post_form(mette, f"/clients/{anna_id}/sign-in", {}, page=f"/clients/{anna_id}/sign-in")
    address, code = shown_code(answer.get_data(as_text=True))
    assert address == "client.a@example.org"
    assert _use_code(make_client(), address, code).status_code == 303
    # Her old password no longer works: the new one does.
    assert (
        post_form(make_client(), "/login", {"email": address, "password": NEW_PASSWORD}).status_code
        == 303
    )


def test_guessing_codes_is_throttled_like_passwords(app, login_as, make_client, people):
    username, code = _make_paper_account(login_as("specialist_a"))
    browser = make_client()
    statuses = [_use_code(browser, username, f"AAAA-AAAA-AAA{n}").status_code for n in range(6)]
    assert statuses[:5] == [422] * 5 and statuses[5] == 429
    # Even the right code waits now: the account's counter is full.
    assert _use_code(make_client(), username, code).status_code == 429


def test_what_would_be_emailed_waits_for_the_next_sign_in(app, login_as, make_client, people):
    mette = login_as("specialist_a")
    username, code = _make_paper_account(mette)
    bo = _account(app, username)
    browser = make_client()
    browser.set_cookie("lang", "en")
    _use_code(browser, username, code)
    with app.app_context():
        mails_before = db.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id.desc()))
        start_conversation(
            db.merge(people["specialist_a"]), db.get(User, bo.id), "Friday", "I will call you."
        )
        db.commit()
        assert db.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id.desc())) == mails_before
        [held] = db.scalars(select(HeldEmail).where(HeldEmail.user_id == bo.id)).all()
    home = browser.get("/").get_data(as_text=True)
    assert "News for you since you last signed in" in home and held.subject in home
    # The e-mail's link to the conversation is a link here.
    assert re.search(r'<a href="http[^"]+/conversations/\d+"', home)
    read = post_form(browser, "/held-emails/read", {"up_to": held.id}, page="/")
    assert read.status_code == 303
    assert "News for you since you last signed in" not in browser.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.scalars(select(HeldEmail)).all() == []


def test_every_page_a_participant_without_email_reaches_works(app, login_as, make_client):
    """Each page linked from Bo's pages (his account, two-factor sign-in, his data and its
    export among them) answers without an error, though he has no e-mail address."""
    username, code = _make_paper_account(login_as("specialist_a"))
    browser = make_client()
    browser.set_cookie("lang", "en")
    _use_code(browser, username, code)
    seen, waiting, answers = set(), ["/"], {}
    while waiting and len(seen) < 60:
        url = waiting.pop()
        if url in seen or url.startswith(("/static", "/logout")):
            continue
        seen.add(url)
        answer = browser.get(url)
        answers[url] = answer.status_code
        if answer.mimetype == "text/html":
            body = answer.get_data(as_text=True)
            waiting += [link for link in re.findall(r'href="(/[^"#]*)', body) if link not in seen]
    assert {"/account", "/my-data"} <= seen
    assert all(status < 500 for status in answers.values()), answers
    account = browser.get("/account").get_data(as_text=True)
    assert f"You are signed in as {username}" in account
    assert "E-mail me when there is news" not in account  # he has no address to e-mail


def test_restricting_a_participant_drops_the_news_kept_for_him(app, login_as, make_client, people):
    """Nothing about a restricted participant goes out (GDPR art. 18): neither e-mails nor
    what was kept for his next sign-in, which would be stale once the restriction is lifted."""
    username, code = _make_paper_account(login_as("specialist_a"))
    bo = _account(app, username)
    _use_code(make_client(), username, code)
    with app.app_context():
        start_conversation(db.merge(people["specialist_a"]), db.get(User, bo.id), "A", "B")
        db.commit()
        assert len(db.scalars(select(HeldEmail)).all()) == 1
        restrict_client(db.merge(people["admin"]), db.get(User, bo.id), True)
        db.commit()
        assert db.scalars(select(HeldEmail)).all() == []


def test_a_nul_or_a_line_break_in_a_user_name_or_code_is_a_clear_error(make_client):
    """Refused by the form, before any database sees it (PostgreSQL cannot store a NUL)."""
    browser = make_client()
    browser.set_cookie("lang", "en")
    for page, fields in (
        ("/login", {"email": "bo\x00101", "password": "x"}),
        ("/login/paper", {"email": "bo101", "code": "ABCD\nEFGH", "password": "x", "confirm": "x"}),
    ):
        answer = post_form(browser, page, fields, page=page)
        assert answer.status_code == 422, page
        assert "error-summary" in answer.get_data(as_text=True)


def test_a_double_tap_makes_one_account_and_says_what_to_do(app, login_as, people):
    mette = login_as("specialist_a")
    page = mette.get("/invitations/without-email").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "submission": re.search(r'name="submission"[^>]*value="([^"]+)"', page).group(1),
        "name": "Dorte Dobbelt",
        "language": "da",
    }
    assert mette.post("/invitations/without-email", data=data).status_code == 200
    again = mette.post("/invitations/without-email", data=data)
    assert again.status_code == 303
    home = mette.get(again.location).get_data(as_text=True)
    assert "The account is already made, and its code was shown once." in home
    with app.app_context():
        assert len(db.scalars(select(User).where(User.name == "Dorte Dobbelt")).all()) == 1
