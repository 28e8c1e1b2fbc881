"""The user's own settings: name, language and password."""

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import change_password
from tests.factories import TEST_PASSWORD
from tests.helpers import post_form, sign_in

NEW_PASSWORD = "amber-kettle-morning-58"


def test_changing_the_password_signs_out_other_devices_only(client, make_client, people):
    other = make_client()
    sign_in(other, people["client_a"].email)
    sign_in(client, people["client_a"].email)
    response = change_password(client, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 303
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    sign_in(make_client(), people["client_a"].email, NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(app, client, make_client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["client_a"].email)
    response = change_password(client, "not-my-password-at-all", NEW_PASSWORD)
    assert response.status_code == 422
    assert "The current password is not right." in response.get_data(as_text=True)
    sign_in(make_client(), people["client_a"].email, TEST_PASSWORD)


def test_profile_keeps_the_name_and_language(app, client, people):
    sign_in(client, people["client_a"].email)
    data = {"profile-name": "  Anna   Marie Klient ", "profile-language": "sv"}
    response = post_form(client, "/account", data)
    assert response.status_code == 303
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)
    with app.app_context():
        user = db.get(User, people["client_a"].id)
        assert user.name == "Anna Marie Klient"
        assert user.locale == "sv"


def test_an_overlong_name_is_refused_and_the_old_one_kept(app, client, people):
    client.set_cookie("lang", "en")
    sign_in(client, people["client_a"].email)
    response = post_form(client, "/account", {"profile-name": "A" * 121, "profile-language": "en"})
    assert response.status_code == 422
    assert "A name can have at most 120 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.scalar(select(User.name).where(User.id == people["client_a"].id)) == "Anna Klient"


def test_an_unknown_language_is_refused(app, client, people):
    sign_in(client, people["client_a"].email)
    response = post_form(client, "/account", {"profile-name": "Anna", "profile-language": "xx"})
    assert response.status_code == 422
    with app.app_context():
        assert db.get(User, people["client_a"].id).locale is None
