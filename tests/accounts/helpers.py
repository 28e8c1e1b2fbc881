"""Steps that several account tests take."""

import re
from datetime import timedelta

from sqlalchemy import update

from portal.accounts.models import LoginSession
from portal.config import DEVELOPMENT_PUBLIC_URL
from portal.core.db import db, utcnow
from tests.factories import TEST_PASSWORD
from tests.helpers import post_form


def new_recovery_codes(browser) -> list[str]:
    """Make a signed-in person's recovery codes anew (with their password); return them."""
    page = post_form(
        browser,
        "/account/two-factor/recovery-codes",
        {"renew-password": TEST_PASSWORD},
        page="/account/two-factor",
    )
    return re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", page.get_data(as_text=True))


BACK_AGAIN = "You were signed out before this was saved. What you wrote is here again"


def end_sessions(app) -> None:
    """Let every sign-in session go idle past the limit."""
    with app.app_context():
        idle = app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=1)
        db.execute(update(LoginSession).values(last_seen_at=utcnow() - idle))
        db.commit()


# E-mailed links are built on PUBLIC_URL (in development the address `make run` serves).
LINK = re.compile(re.escape(DEVELOPMENT_PUBLIC_URL) + r"(/invitation/\S+)")


def invite(client, headers=None, **fields):
    data = {"role": "client", "name": "Nina Ny", "email": "nina@example.org", "language": "en"}
    data.update(fields)
    return post_form(client, "/invitations", data, headers=headers or {})


def link_in(outbox_email) -> str:
    match = LINK.search(outbox_email.body)
    assert match, outbox_email.body
    return match.group(1)


def change_password(client, current, new, confirm=None):
    return post_form(
        client,
        "/account/password",
        {
            "password-current_password": current,
            "password-password": new,
            "password-confirm": confirm or new,
        },
        page="/account",
    )


def password_step(browser, email):
    browser.set_cookie("lang", "en")
    response = post_form(browser, "/login", {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 303
    return response.location


RENEW = "/account/two-factor/recovery-codes"


SETTINGS = "/account/two-factor"


def renew(browser, password: str):
    return post_form(browser, RENEW, {"renew-password": password}, page=SETTINGS)


def through_broker(browser, started, subject="test-person-1", acr=None, choice="sign-in"):
    """Follow the portal's redirect to the test eID broker, say who you are there, and bring
    the broker's answer back: (the portal's response, the address the broker sent back to)."""
    from urllib.parse import urlsplit

    import requests

    from tests.eid_broker import SUBSTANTIAL

    assert started.status_code == 302, started.get_data(as_text=True)[:1000]
    form = {"subject": subject, "acr": acr or SUBSTANTIAL, "choice": choice}
    answer = requests.post(started.location, data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return_path = f"{back.path}?{back.query}"
    return browser.get(return_path), return_path


def start_eid_sign_in(browser, next_page=""):
    return post_form(browser, "/login/eid", {"next": next_page}, page="/login")


def eid_sign_in(browser, **at_broker):
    """Sign in with the test eID from the sign-in page: the portal's last response."""
    return through_broker(browser, start_eid_sign_in(browser), **at_broker)[0]


def link_eid_of(browser, **at_broker):
    """Link the test eID from My account: the portal's last response."""
    started = post_form(browser, "/account/eid", {}, page="/account")
    return through_broker(browser, started, **at_broker)[0]


def eid_links(app) -> list:
    """Every eID link in the database."""
    from sqlalchemy import select

    from portal.accounts.models import EidLink
    from portal.core.db import db

    with app.app_context():
        return list(db.scalars(select(EidLink)))


def account_page(browser) -> str:
    """The page of My account, or the sign-in page for someone signed out."""
    return browser.get("/account", follow_redirects=True).get_data(as_text=True)


def english_browser(make_client):
    browser = make_client()
    browser.set_cookie("lang", "en")
    return browser


def sign_out(browser) -> None:
    from tests.helpers import csrf_token_from

    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    browser.post("/logout", data={"csrf_token": token})


def link_identity(app, person, issuer, subject="someone", acr=None) -> None:
    """Link an eID to `person` directly, as if they had linked it under My account."""
    from portal.accounts.eid import EidIdentity, link_eid
    from portal.core.db import db
    from portal.core.identity import User

    with app.app_context():
        link_eid(db.get(User, person.id), EidIdentity(issuer, subject, acr))
        db.commit()
