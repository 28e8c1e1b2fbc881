"""S7: new recovery codes only after the password. Whoever holds a copied session cookie
must not be able to mint a way past two-factor sign-in; a wrong password changes nothing and
counts as a failed sign-in of that account."""

from sqlalchemy import select

from portal.accounts.models import RecoveryCode
from portal.core.db import db
from portal.core.identity import User
from tests.accounts.helpers import RENEW, SETTINGS, change_password, renew
from tests.factories import TEST_PASSWORD
from tests.helpers import post_form, sign_in


def stored_codes(app, email: str) -> set[str]:
    with app.app_context():
        user = db.scalar(select(User).where(User.email == email))
        return set(
            db.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id))
        )


def test_the_settings_page_asks_for_the_password(login_as, people):
    lead = login_as("admin")
    html = lead.get(SETTINGS).get_data(as_text=True)
    assert 'name="renew-password"' in html
    assert 'autocomplete="current-password"' in html


def test_the_right_password_makes_new_codes(app, login_as, people):
    lead = login_as("admin")
    first = renew(lead, TEST_PASSWORD)
    assert first.status_code == 200
    before = stored_codes(app, people["admin"].email)
    assert len(before) == 10
    assert renew(lead, TEST_PASSWORD).status_code == 200
    assert stored_codes(app, people["admin"].email).isdisjoint(before)


def test_no_password_or_a_wrong_one_changes_nothing(app, login_as, people):
    lead = login_as("admin")
    renew(lead, TEST_PASSWORD)
    before = stored_codes(app, people["admin"].email)
    wrong = renew(lead, "not-the-password-at-all")
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 422
    assert "recovery codes are the same as before" in html
    assert "<code>" not in html
    empty = post_form(lead, RENEW, {}, page=SETTINGS)
    assert empty.status_code == 422
    assert stored_codes(app, people["admin"].email) == before


def test_wrong_passwords_here_count_as_failed_sign_ins(make_client, people, login_as):
    """Five wrong passwords on this form, and the account's sign-in form is throttled too."""
    email = people["admin"].email
    lead = login_as("admin")
    statuses = [renew(lead, f"wrong-password-{n}-xyz").status_code for n in range(5)]
    assert statuses == [422] * 5
    assert renew(lead, TEST_PASSWORD).status_code == 429
    other = make_client()
    response = post_form(other, "/login", {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_failed_sign_ins_count_here_too(make_client, people, login_as):
    email = people["admin"].email
    lead = login_as("admin")
    thief = make_client()
    for n in range(5):
        post_form(thief, "/login", {"email": email, "password": f"guess-{n}-wrong-pass"})
    assert renew(lead, TEST_PASSWORD).status_code == 429


def test_right_passwords_are_not_counted(make_client, people, login_as):
    lead = login_as("admin")
    assert [renew(lead, TEST_PASSWORD).status_code for _ in range(6)] == [200] * 6
    sign_in(make_client(), people["admin"].email)


def test_wrong_current_passwords_elsewhere_count_too(make_client, people, login_as):
    """Changing the password and switching two-factor off ask for it as well: the same count."""
    email = people["client_a"].email
    anna = login_as("client_a")
    for n in range(3):
        response = change_password(anna, f"wrong-password-{n}-xyz", "amber-kettle-morning-58")
        assert response.status_code == 422
    for n in range(2):
        post_form(anna, "/account/two-factor/off", {"password": f"wrong-{n}-pass"}, page="/account")
    response = post_form(make_client(), "/login", {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_a_weak_new_password_is_not_a_wrong_one(make_client, people, login_as):
    anna = login_as("client_a")
    for _ in range(6):
        assert change_password(anna, TEST_PASSWORD, "short").status_code == 422
    sign_in(make_client(), people["client_a"].email)
