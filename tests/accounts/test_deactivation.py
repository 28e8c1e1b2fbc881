"""Switching an account off and on (someone left the team): by the team lead for their own
team, and by `flask users deactivate` / `reactivate` for anyone. Every session ends at once,
sign-in is refused with the wrong-password message, no e-mail goes out, and it is audited."""

from sqlalchemy import func, select

from portal.accounts.models import LoginSession
from portal.core.audit import AuditEntry
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.outbox import queue_email
from tests.accounts.helpers import invite, link_in
from tests.factories import TEST_PASSWORD, make_team, make_user
from tests.helpers import csrf_token_from, current_code, post_form, sign_in

WRONG = "The e-mail address or the password is not right."


def deactivate(lead, user_id: int):
    return post_form(lead, f"/team/accounts/{user_id}/deactivate", {})


def reactivate(lead, user_id: int):
    return post_form(lead, f"/team/accounts/{user_id}/reactivate", {})


def login_attempt(browser, email: str, password: str = TEST_PASSWORD):
    browser.set_cookie("lang", "en")
    return post_form(browser, "/login", {"email": email, "password": password})


def audit_rows(app, user_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (row.actor_id, row.actor_role, row.action)
            for row in db.scalars(
                select(AuditEntry).where(AuditEntry.client_id == user_id).order_by(AuditEntry.id)
            )
        ]


def test_the_lead_sees_the_team_and_a_confirmation_naming_the_person(login_as, people):
    lead = login_as("admin")
    page = lead.get("/team/accounts").get_data(as_text=True)
    for name in ("Sofie Specialist", "Bo Specialist", "Anna Klient"):
        assert name in page
    assert "Lene Leder" not in page.split("<main", 1)[1]  # not themselves
    assert "Erik Arbejdsgiver" not in page  # employer contacts belong to no team
    confirm = lead.get(f"/team/accounts/{people['specialist_a'].id}/deactivate")
    assert confirm.status_code == 200
    assert "Switch off the account of Sofie Specialist?" in confirm.get_data(as_text=True)


def test_a_copied_cookie_stops_working_at_once_and_sign_in_is_refused(
    app, make_client, people, login_as
):
    mette = people["specialist_a"]
    browser = login_as("specialist_a")
    copy = make_client()
    for cookie in browser._cookies.values():
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    assert copy.get("/").status_code == 200
    lead = login_as("admin")
    assert deactivate(lead, mette.id).status_code == 303
    assert browser.get("/").status_code == 302
    assert copy.get("/").status_code == 302
    with app.app_context():
        assert db.scalar(select(func.count()).where(LoginSession.user_id == mette.id)) == 0
    # The same answer as a wrong password: nobody learns that the account exists.
    refused = login_attempt(make_client(), mette.email)
    wrong = login_attempt(make_client(), mette.email, "not-the-password-at-all")
    assert refused.status_code == wrong.status_code == 422
    assert WRONG in refused.get_data(as_text=True)
    assert refused.get_data(as_text=True).count(WRONG) == wrong.get_data(as_text=True).count(WRONG)
    assert reactivate(lead, mette.id).status_code == 303
    sign_in(make_client(), mette.email)
    assert audit_rows(app, mette.id) == [
        (people["admin"].id, "admin", "deactivate"),
        (people["admin"].id, "admin", "reactivate"),
    ]


def test_someone_half_way_through_two_factor_is_stopped(app, make_client, people, login_as):
    email = people["specialist_a"].email
    browser = make_client()
    assert login_attempt(browser, email).location.endswith("/login/code")
    token = csrf_token_from(browser.get("/login/code").get_data(as_text=True))
    lead = login_as("admin")
    deactivate(lead, people["specialist_a"].id)
    code = current_code(app, email)
    response = browser.post("/login/code", data={"csrf_token": token, "code": code})
    assert response.status_code == 303
    assert response.location.endswith("/login")
    assert browser.get("/").status_code == 302


def test_a_participant_of_the_team_can_be_switched_off_too(app, login_as, people):
    anna = login_as("client_a")
    lead = login_as("admin")
    assert deactivate(lead, people["client_a"].id).status_code == 303
    assert anna.get("/").status_code == 302


def test_no_email_goes_to_a_switched_off_account(app, make_client, people, login_as, outbox):
    email = people["specialist_a"].email
    with app.app_context():
        queue_email(email, "Waiting", "queued before")
        db.commit()
    lead = login_as("admin")
    deactivate(lead, people["specialist_a"].id)
    with app.app_context():
        queue_email(email, "Later", "queued after")
        queue_email(people["specialist_b"].email, "Other", "still sent")
        db.commit()
    post_form(make_client(), "/password/forgot", {"email": email})
    assert [mail.recipient for mail in outbox() if mail.recipient == email] == []
    assert people["specialist_b"].email in [mail.recipient for mail in outbox()]


def test_an_open_invitation_link_stops_working(app, client, login_as, people, outbox):
    lead = login_as("admin")
    team = str(people["team"].id)
    invite(lead, role="specialist", name="Nora Ny", email="nora@example.org", team=team)
    path = link_in(outbox()[-1])
    with app.app_context():
        nora = db.scalar(select(User).where(User.email == "nora@example.org"))
    deactivate(lead, nora.id)
    assert client.get(path).status_code == 410


def test_a_lead_cannot_switch_off_themselves_nor_another_team(app, make_client, people, login_as):
    with app.app_context():
        other = make_user(Role.SPECIALIST, "far@example.org", "Far Away", team=make_team("Other"))
    lead = login_as("admin")
    page = lead.get("/team/accounts").get_data(as_text=True)
    token = csrf_token_from(page)
    for user_id in (people["admin"].id, other.id, 10**6):
        for url in (f"/team/accounts/{user_id}/deactivate", f"/team/accounts/{user_id}/reactivate"):
            assert lead.get(url).status_code == 404
            assert lead.post(url, data={"csrf_token": token}).status_code == 404
    assert "Far Away" not in page
    sign_in(make_client(), "far@example.org")
    sign_in(make_client(), people["admin"].email)


def test_only_leads_switch_accounts_off(make_client, people, login_as):
    mette = login_as("specialist_a")
    assert mette.get("/team/accounts").status_code == 403
    url = f"/team/accounts/{people['client_a'].id}/deactivate"
    assert post_form(mette, url, {}, page="/").status_code == 403
    sign_in(make_client(), people["client_a"].email)


def test_the_command_line_switches_anyone_off_and_on(app, make_client, people, login_as):
    runner = app.test_cli_runner()
    lead_email = people["admin"].email
    browser = login_as("admin")
    result = runner.invoke(args=["users", "deactivate", lead_email.upper()])
    assert result.exit_code == 0, result.output
    assert browser.get("/").status_code == 302
    assert login_attempt(make_client(), lead_email).status_code == 422
    listed = runner.invoke(args=["users", "list"]).output
    assert f"{lead_email}\tLene Leder\tIPS Testby\tdeactivated" in listed
    assert runner.invoke(args=["users", "reactivate", lead_email]).exit_code == 0
    sign_in(make_client(), lead_email)
    assert [row[1:] for row in audit_rows(app, people["admin"].id)] == [
        ("command line", "deactivate"),
        ("command line", "reactivate"),
    ]
    unknown = runner.invoke(args=["users", "deactivate", "nobody@example.org"])
    assert unknown.exit_code != 0
    assert "No account" in unknown.output


def test_the_participant_reads_in_plain_words_who_switched_the_account_off_and_on(
    app, login_as, people
):
    """The access log's rows about the account, as the participant reads them (My data)."""
    runner = app.test_cli_runner()
    email = people["client_a"].email
    assert runner.invoke(args=["users", "deactivate", email]).exit_code == 0
    assert runner.invoke(args=["users", "reactivate", email]).exit_code == 0
    lead = login_as("admin")
    assert deactivate(lead, people["client_a"].id).status_code == 303
    assert reactivate(lead, people["client_a"].id).status_code == 303

    page = login_as("client_a").get("/my-data").get_data(as_text=True)
    # One line per person and day: the command line's and the lead's, each naming both.
    assert page.count("switched your account off; switched your account on again") == 2
    assert "s administrator, " in page  # the command line, not a name
    assert people["admin"].name in page
    for raw in ("accounts.", "users deactivate", "command line", "deactivate"):
        assert raw not in page, raw
