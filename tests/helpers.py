"""Helpers for driving the portal through a test client: forms with their CSRF token, signing in.

Fixtures live in tests/conftest.py; `login_as` there is the usual way to get a signed-in client.
"""

import re

import pyotp
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from portal.core.security import security_headers
from tests.factories import TEST_PASSWORD

CSRF_PATTERN = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, page: str | None = None, **kwargs):
    """GET the page holding the form (default: `url`), then POST `data` with its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token_from(html), **data}, **kwargs)


def current_code(app, email: str) -> str:
    """The authenticator code of a test account now. Each code is good once, so the record
    of the last one used is cleared first: tests sign the same person in many times a minute."""
    with app.app_context():
        user = db.scalar(select(User).where(User.email == email.strip().lower()))
        user.totp_last_step = None
        db.commit()
        return pyotp.TOTP(user.totp_secret).now()


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    if response.location.endswith("/login/code"):
        code = current_code(client.application, email)
        response = post_form(client, "/login/code", {"code": code})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def signed_in(make_client, people, who: str, lang: str = "en"):
    """A new browser signed in as people[who], reading the pages in `lang` (tests with the
    `login_as` fixture write `login_as(who, lang)` instead)."""
    browser = make_client()
    browser.set_cookie("lang", lang)
    sign_in(browser, people[who].email)
    return browser


def assert_every_header(response, https: bool = False) -> None:
    """Every header of security_headers() is there, with its value."""
    for name, value in security_headers(https):
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    assert ("Strict-Transport-Security" in response.headers) == https
