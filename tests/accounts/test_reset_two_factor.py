"""S7: a lost phone. The team lead resets a staff member's two-factor sign-in: the old
authenticator and recovery codes stop working, every session ends, and at the next sign-in
the staff member sets up a new authenticator before they are in. Audited."""

import re

import pyotp
from sqlalchemy import func, select

from portal.accounts.models import LoginSession, RecoveryCode
from portal.core.audit import AuditEntry
from portal.core.db import db
from portal.core.identity import Role, User
from tests.accounts.helpers import password_step, renew
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, make_team, make_user
from tests.helpers import csrf_token_from, post_form


def reset_url(user_id: int) -> str:
    return f"/team/accounts/{user_id}/two-factor/reset"


def test_the_lead_resets_and_the_specialist_sets_up_a_new_authenticator(
    app, make_client, people, login_as
):
    sofie = people["specialist_a"]
    browser = login_as("specialist_a")
    codes = re.findall(r"<code>([0-9a-f-]{17})</code>", renew(browser, TEST_PASSWORD).text)
    lead = login_as("admin")
    assert "Reset two-factor sign-in" in lead.get("/team/accounts").text
    confirm = lead.get(reset_url(sofie.id))
    assert "Reset two-factor sign-in for Sofie Specialist?" in confirm.text
    assert post_form(lead, reset_url(sofie.id), {}).status_code == 303
    assert browser.get("/").status_code == 302  # signed out everywhere at once
    with app.app_context():
        user = db.get(User, sofie.id)
        assert (user.totp_secret, user.mfa_enabled_at, user.totp_last_step) == (None, None, None)
        assert db.scalar(select(func.count()).where(RecoveryCode.user_id == sofie.id)) == 0
        assert db.scalar(select(func.count()).where(LoginSession.user_id == sofie.id)) == 0
        assert [
            (row.actor_id, row.action)
            for row in db.scalars(select(AuditEntry).where(AuditEntry.client_id == sofie.id))
        ] == [(people["admin"].id, "reset-2fa")]
    # The old authenticator and recovery codes are worth nothing: the set-up page comes next.
    again = make_client()
    assert password_step(again, sofie.email).endswith("/login/setup")
    page = again.get("/login/setup").text
    token = csrf_token_from(page)
    old_code = again.post("/login/code", data={"csrf_token": token, "code": codes[0]})
    assert old_code.location.endswith("/login")
    assert again.get("/").status_code == 302
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert secret != TEST_TOTP_SECRET
    done = again.post("/login/setup", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    assert again.get("/").status_code == 200


def test_not_for_participants_nor_for_another_team_nor_oneself(app, login_as, people):
    with app.app_context():
        far = make_user(Role.SPECIALIST, "far@example.org", "Far Away", team=make_team("Other"))
    lead = login_as("admin")
    page = lead.get("/team/accounts").text
    token = csrf_token_from(page)
    for user_id in (far.id, people["admin"].id):
        assert lead.get(reset_url(user_id)).status_code == 404
        assert lead.post(reset_url(user_id), data={"csrf_token": token}).status_code == 404
    # A participant has no required two-factor sign-in to reset: back to the list.
    anna = lead.post(reset_url(people["client_a"].id), data={"csrf_token": token})
    assert anna.status_code == 303
    with app.app_context():
        assert db.get(User, far.id).totp_secret == TEST_TOTP_SECRET
        assert db.scalar(select(func.count(AuditEntry.id))) == 0


def test_a_specialist_cannot_reset_anyone(login_as, people):
    mette = login_as("specialist_a")
    url = reset_url(people["specialist_b"].id)
    assert post_form(mette, url, {}, page="/").status_code == 403
