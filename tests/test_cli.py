"""The command-line tools the README documents."""

from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.db import db
from portal.demo import ACCOUNTS, DEMO_PASSWORD
from portal.demo_history import HISTORY
from tests.conftest import post_form, sign_in


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_users_create_reads_the_password_from_stdin_and_can_sign_in(app, client):
    result = run(
        app,
        "users",
        "create",
        "--role",
        "specialist",
        "--email",
        "Ny@Example.org",
        "--name",
        "Ny Konsulent",
        "--team",
        "IPS Aarhus",
        "--password-stdin",
        input="river-copper-lamp-19\n",
    )
    assert result.exit_code == 0, result.output
    sign_in(client, "ny@example.org", "river-copper-lamp-19")
    listing = run(app, "users", "list").output
    assert "specialist\tny@example.org\tNy Konsulent\tIPS Aarhus\tactive" in listing


def test_users_create_refuses_weak_passwords_and_duplicates(app):
    args = "users create --role admin --email a@example.org --name A --team T --password-stdin"
    weak = run(app, *args.split(), input="password1234\n")
    assert weak.exit_code != 0 and "too common" in weak.output
    assert run(app, *args.split(), input="river-copper-lamp-19\n").exit_code == 0
    duplicate = run(app, *args.split(), input="river-copper-lamp-19\n")
    assert duplicate.exit_code != 0 and "already an account" in duplicate.output


def test_a_client_is_created_in_a_specialists_caseload(app):
    run(
        app,
        "users",
        "create",
        "--role",
        "specialist",
        "--email",
        "s@example.org",
        "--name",
        "S",
        "--team",
        "T",
        "--password-stdin",
        input="river-copper-lamp-19\n",
    )
    result = run(
        app,
        "users",
        "create",
        "--role",
        "client",
        "--email",
        "c@example.org",
        "--name",
        "C",
        "--specialist",
        "s@example.org",
        "--password-stdin",
        input="river-copper-lamp-19\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        client_user = db.scalar(select(User).where(User.email == "c@example.org"))
        assert client_user.specialist.email == "s@example.org"
    missing = run(
        app,
        "users",
        "create",
        "--role",
        "client",
        "--email",
        "d@example.org",
        "--name",
        "D",
        "--password-stdin",
        input="river-copper-lamp-19\n",
    )
    assert missing.exit_code != 0


def test_demo_data_loads_once_and_every_demo_account_signs_in(app, make_client):
    assert run(app, "demo-data", "--if-empty").exit_code == 0
    assert "already has accounts" in run(app, "demo-data", "--if-empty").output
    with app.app_context():
        assert db.scalar(select(func.count(User.id))) == len(ACCOUNTS) + len(HISTORY)
        roles = set(db.scalars(select(User.role)))
        specialists = db.scalars(select(User).where(User.role == Role.SPECIALIST)).all()
        assert roles == set(Role)
        assert sum(1 for s in specialists if len(s.caseload) >= 2) >= 2
    home_headings = {
        Role.CLIENT: "Your goals",
        Role.SPECIALIST: "Your caseload",
        Role.EMPLOYER: "You are the contact person for %(workplace)s.",
        Role.ADMIN: "IPS teams",
    }
    for role, email, *_, workplace, _locale in ACCOUNTS:
        browser = make_client()
        sign_in(browser, email, DEMO_PASSWORD)
        for language in ("da", "sv", "en"):
            post_form(browser, "/language", {"lang": language, "next": "/"}, page="/")
            page = browser.get("/").get_data(as_text=True)
            with app.test_request_context(), force_locale(language):
                expected = gettext(home_headings[role], workplace=workplace)
            assert f'<html lang="{language}">' in page, (email, language)
            assert str(escape(expected)) in page, (email, language)
    # The participants with a year of history sign in with the same password.
    for email, *_ in HISTORY[:2]:
        sign_in(make_client(), email, DEMO_PASSWORD)


def test_demo_data_keeps_each_team_to_its_own_country_lead_and_employer_records(app):
    from portal.accounts.models import Country, EmployerOrganisation, Team
    from portal.consent.models import EmployerConsent
    from portal.employers.models import EmployerContact
    from portal.jobs.models import Job

    assert run(app, "demo-data").exit_code == 0
    with app.app_context():
        teams = {team.name: team for team in db.scalars(select(Team))}
        assert {name: team.country for name, team in teams.items()} == {
            "IPS Odense": Country.DENMARK,
            "IPS Botkyrka": Country.SWEDEN,
        }
        leads = db.scalars(select(User).where(User.role == Role.ADMIN)).all()
        assert sorted((lead.name, [t.name for t in lead.led_teams]) for lead in leads) == [
            ("Hanne Kristensen", ["IPS Odense"]),
            ("Karin Sjöberg", ["IPS Botkyrka"]),
        ]
        # Every employer record is used by its own team's specialists and participants only.
        for job in db.scalars(select(Job).where(Job.employer_id.is_not(None))):
            assert job.employer.team_id == job.client.team_id, job.title
            assert job.contact is None or job.employer in job.contact.employers
        for consent in db.scalars(select(EmployerConsent)):
            employer = db.get(EmployerOrganisation, consent.employer_id)
            assert employer.team_id == db.get(User, consent.client_id).team_id
        for entry in db.scalars(select(EmployerContact)):
            assert entry.employer.team_id == db.get(User, entry.specialist_id).team_id
        # PostNord's recruiter: one account, linked to each team's own record of PostNord.
        johan = db.scalar(select(User).where(User.email == "postnord@demo.ips-portal.se"))
        assert sorted((e.name, e.team.name) for e in johan.employers) == [
            ("PostNord", "IPS Botkyrka"),
            ("PostNord", "IPS Odense"),
        ]
        others = db.scalars(select(User).where(User.role == Role.EMPLOYER, User.id != johan.id))
        assert all(len(contact.employers) == 1 for contact in others)


def test_demo_data_is_never_loaded_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    refused = run(app, "demo-data", "--if-empty")
    assert refused.exit_code != 0 and "never loaded in production" in refused.output
    with app.app_context():
        assert db.scalar(select(User.id).where(User.email == ACCOUNTS[0][1])) is None


def test_demo_data_prints_a_working_check_in_link_for_the_employer(app, make_client):
    result = run(app, "demo-data")
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1].rsplit(" ", 1)[1]
    assert "/check-in/" in link
    page = make_client().get("/check-in/" + link.rsplit("/", 1)[1])
    assert page.status_code == 200
    assert "Anna" in page.get_data(as_text=True)  # Anna consented to her first name


def test_checkins_send_asks_only_for_due_consented_check_ins_once(app, people, outbox):
    from datetime import timedelta

    from portal.consent.models import Category, Disclosure
    from portal.consent.services import get_consent, set_disclosure, set_permission
    from portal.db import utcnow
    from portal.jobs.services import record_job
    from tests.jobs.helpers import job_data

    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        record_job(mette, anna, job_data(boss, start_date=utcnow().date() - timedelta(days=8)))
        db.commit()
    assert "check-ins sent: 0" in run(app, "checkins", "send").output  # no consent yet
    with app.app_context():
        anna = db.merge(people["client_a"])
        set_permission(anna, get_consent(anna.id, boss.employers[0].id), Category.CONTACT, True)
        db.commit()
    assert "check-ins sent: 0" in run(app, "checkins", "send").output  # nothing may be said yet
    with app.app_context():
        anna = db.merge(people["client_a"])
        set_disclosure(anna, get_consent(anna.id, boss.employers[0].id), Disclosure.YES, None)
        db.commit()
    assert "check-ins sent: 1" in run(app, "checkins", "send").output
    assert "check-ins sent: 0" in run(app, "checkins", "send").output
    assert [email.recipient for email in outbox()] == [people["employer"].email]


def test_digest_send_queues_the_digest_for_clients_with_news(app, people, outbox):
    from datetime import timedelta

    from portal.db import utcnow
    from tests.meetings.helpers import planned_meeting

    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.digest_opt_in, anna.digest_sent_at = True, utcnow() - timedelta(hours=1)
        planned_meeting(db.get(User, people["specialist_a"].id), anna)
        db.commit()
    result = run(app, "digest", "send")
    assert result.exit_code == 0, result.output
    assert "digests queued: 1" in result.output
    assert [email.recipient for email in outbox()] == [people["client_a"].email]
