"""S4: a password may not be the person's own e-mail address or name, nor mostly made of them.

zxcvbn alone scores `mette@demo.ips-portal.dk` 3 ("safely unguessable") when it is not told
whose account it is; anyone who knows the address guesses it first."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.passwords import password_problem
from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import change_password
from tests.factories import TEST_PASSWORD
from tests.helpers import sign_in

MINE = ("mette@demo.ips-portal.dk", "Mette Hansen")
TOO_CLOSE = "too close to your e-mail address or your name"


@pytest.mark.parametrize(
    "password",
    [
        "mette@demo.ips-portal.dk",  # the whole address
        "METTE@DEMO.IPS-PORTAL.DK",  # in capitals
        "x mette@demo.ips-portal.dk and many more unrelated words",  # containing it
        "mettehansen2024",  # local part and name with a year
        "Mette Hansen Mette",  # the name
        "hansen-mette-1987!",  # parts of the name turned around
        "demo.ips-portal.dk!!",  # the domain
    ],
)
def test_own_address_and_name_are_refused(app, password):
    with app.test_request_context(), force_locale("en"):
        assert TOO_CLOSE in str(password_problem(password, MINE))


@pytest.mark.parametrize(
    "password", ["quiet-harbour-lantern-42", "mette-quiet-harbour-lantern-gravel"]
)
def test_a_good_password_with_little_of_the_name_is_kept(app, password):
    with app.test_request_context():
        assert password_problem(password, MINE) is None


def test_without_the_address_zxcvbn_alone_would_pass_it(app):
    """The check above is what refuses it: the address is not common in itself."""
    with app.test_request_context():
        assert password_problem("mette@demo.ips-portal.dk") is None


def test_changing_to_the_own_address_is_refused_and_the_old_password_kept(
    app, client, make_client, people
):
    client.set_cookie("lang", "en")
    email = people["client_a"].email
    sign_in(client, email)
    response = change_password(client, TEST_PASSWORD, email.upper())
    assert response.status_code == 422
    assert TOO_CLOSE in response.get_data(as_text=True)
    with app.app_context():
        user = db.scalar(select(User).where(User.email == email))
        assert user.password_hash is not None
    sign_in(make_client(), email, TEST_PASSWORD)
