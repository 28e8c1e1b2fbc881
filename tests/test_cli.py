"""The command-line tools the README documents."""

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Country, EmployerContactLink, Role, Team, TeamLead, User
from portal.demo.history import HISTORY
from portal.demo.intake import DEMO_USERNAME
from portal.demo.seed import ACCOUNTS, DEMO_PASSWORD
from tests.helpers import post_form, sign_in


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


def test_the_demo_data(app, make_client):
    """Loading the demo data takes seconds, so one load serves each promise about it."""
    loaded = run(app, "demo-data", "--if-empty")
    assert loaded.exit_code == 0, loaded.output
    assert "already has accounts" in run(app, "demo-data", "--if-empty").output
    every_demo_account_signs_in(app, make_client)
    bo_signs_in_with_his_user_name_and_reads_what_was_kept_for_him(app, make_client)
    referrals_wait_at_ips_odense_and_are_listed_on_the_public_page(make_client)
    each_team_keeps_to_its_own_country_lead_and_employer_records(app)
    each_team_lead_and_specialist_sees_nothing_of_the_other_team(app, make_client)
    the_printed_check_in_link_works_for_the_employer(make_client, loaded.output)
    each_contact_sees_the_participants_who_said_yes_and_no_one_else(make_client)


def every_demo_account_signs_in(app, make_client):
    with app.app_context():
        # Bo, the participant without e-mail, besides the accounts of the README's table.
        assert db.scalar(select(func.count(User.id))) == len(ACCOUNTS) + len(HISTORY) + 1
        roles = set(db.scalars(select(User.role)))
        specialists = db.scalars(select(User).where(User.role == Role.SPECIALIST)).all()
        assert roles == set(Role)
        assert sum(1 for s in specialists if len(s.caseload) >= 2) >= 2
    home_headings = {
        Role.CLIENT: "Your goals",
        Role.SPECIALIST: "Your caseload",
        Role.EMPLOYER: "You are the contact person for %(workplace)s.",
        Role.ADMIN: "IPS teams",
        Role.PARTNER: "Participants who share with you",
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


def bo_signs_in_with_his_user_name_and_reads_what_was_kept_for_him(app, make_client):
    browser = make_client()
    browser.set_cookie("lang", "en")
    answer = post_form(browser, "/login", {"email": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert answer.status_code == 303
    home = browser.get("/").get_data(as_text=True)
    with app.test_request_context(), force_locale("da"):  # his account's language
        assert gettext("Hello, %(name)s", name="Bo") in home
        assert gettext("News for you since you last signed in") in home
        assert gettext("You have a new message") in home


def referrals_wait_at_ips_odense_and_are_listed_on_the_public_page(make_client):
    mette = make_client()
    sign_in(mette, "mette@demo.ips-portal.dk", DEMO_PASSWORD)
    page = mette.get("/referrals").get_data(as_text=True)
    assert "Sofie Hansen" in page and "Mikkel Sørensen" in page
    public = make_client().get("/i-would-like-to-work").get_data(as_text=True)
    assert "Jobstøtte Odense" in public and "Jobbstöd Botkyrka" in public
    assert "IPS" not in public


def each_contact_sees_the_participants_who_said_yes_and_no_one_else(make_client):
    """Karen has Anna's yes (Peter was asked and has not answered); Lars has Elin's, on paper."""
    for email, shown, not_shown in (
        ("behandler@demo.ips-portal.dk", "Anna Nielsen", ("Peter", "Elin")),
        ("arbetsformedlingen@demo.ips-portal.se", "Elin Karlsson", ("Anna", "Peter", "Ahmed")),
    ):
        browser = make_client()
        sign_in(browser, email, DEMO_PASSWORD)
        home = browser.get("/").get_data(as_text=True)
        assert shown in home and not any(name in home for name in not_shown), email


def each_team_keeps_to_its_own_country_lead_and_employer_records(app):
    from portal.core.identity import Country, EmployerOrganisation, Team
    from portal.placements.models import EmployerConsent, EmployerContact, Job

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


def each_team_lead_and_specialist_sees_nothing_of_the_other_team(app, make_client):
    """Both sides of the team boundary can be tried on the demo data: Hanne and Mette see
    nothing of IPS Botkyrka, Karin and Sara nothing of IPS Odense (tests/test_team_boundaries.py
    tries every route)."""
    from portal.core.identity import Team

    shared = "postnord@demo.ips-portal.se"  # works with both teams
    odense_specialists = {"mette@demo.ips-portal.dk", "jonas@demo.ips-portal.dk"}
    with app.app_context():
        teams = {team.name: team.id for team in db.scalars(select(Team))}
        elin = db.scalar(select(User.id).where(User.email == "elin@demo.ips-portal.se"))
    sides = {"IPS Odense": [], "IPS Botkyrka": []}
    for _role, email, name, team, specialist, _workplace, _locale in ACCOUNTS:
        if email != shared:
            side = team or ("IPS Odense" if specialist in odense_specialists else "IPS Botkyrka")
            sides[side] += [email, name]
    sides["IPS Odense"] += [text for email, name, *_ in HISTORY for text in (email, name)]
    sides["IPS Odense"] += ["Brugsen Vollsmose", "Odense Zoo"]
    sides["IPS Botkyrka"] += ["Lagerhuset i Tumba AB"]
    pages = ["/", "/team/accounts", "/invitations", "/reports", "/feedback/report"]
    pages += ["/employers", "/job-development", "/messages", "/feedback"]
    for own, other, people in (
        ("IPS Odense", "IPS Botkyrka", ("lead@demo.ips-portal.dk", "mette@demo.ips-portal.dk")),
        ("IPS Botkyrka", "IPS Odense", ("lead@demo.ips-portal.se", "sara@demo.ips-portal.se")),
    ):
        for email in people:
            browser = make_client()
            browser.set_cookie("lang", "en")
            sign_in(browser, email, DEMO_PASSWORD)
            for page in pages:
                text = browser.get(page).get_data(as_text=True)
                assert not [word for word in sides[other] if word in text], (email, page)
            assert browser.get(f"/teams/{teams[other]}").status_code in (403, 404)
        assert browser.get(f"/teams/{teams[own]}").status_code == 403  # the specialist
    hanne = make_client()
    sign_in(hanne, "lead@demo.ips-portal.dk", DEMO_PASSWORD)
    for page in ("privacy", "handover", "goals", "jobs"):
        assert hanne.get(f"/clients/{elin}/{page}").status_code == 404, page


def test_demo_data_is_never_loaded_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    refused = run(app, "demo-data", "--if-empty")
    assert refused.exit_code != 0 and "never loaded in production" in refused.output
    with app.app_context():
        assert db.scalar(select(User.id).where(User.email == ACCOUNTS[0][1])) is None


def the_printed_check_in_link_works_for_the_employer(make_client, output: str):
    link = output.strip().splitlines()[-1].rsplit(" ", 1)[1]
    assert "/check-in/" in link
    page = make_client().get("/check-in/" + link.rsplit("/", 1)[1])
    assert page.status_code == 200
    assert "Anna" in page.get_data(as_text=True)  # Anna consented to her first name


def test_checkins_send_asks_only_for_due_consented_check_ins_once(app, people, outbox):
    from datetime import timedelta

    from portal.placements.models import Category, Disclosure
    from portal.placements.services.consent import get_consent, set_disclosure, set_permission
    from portal.placements.services.jobs import record_job
    from tests.jobs.helpers import job_data

    with app.app_context():
        anna, mette = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        boss = db.merge(people["employer"])
        record_job(mette, anna, job_data(boss, start_date=local_today() - timedelta(days=8)))
        db.commit()
    nobody_told = "check-ins sent: 0; not sent: 0 without a contact person's e-mail, 1 where"
    assert nobody_told in run(app, "checkins", "send").output  # no consent yet
    with app.app_context():
        anna = db.merge(people["client_a"])
        set_permission(anna, get_consent(anna.id, boss.employers[0].id), Category.CONTACT, True)
        db.commit()
    assert nobody_told in run(app, "checkins", "send").output  # nothing may be said yet
    with app.app_context():
        anna = db.merge(people["client_a"])
        set_disclosure(anna, get_consent(anna.id, boss.employers[0].id), Disclosure.YES, None)
        db.commit()
    assert "check-ins sent: 1; not sent: 0 without" in run(app, "checkins", "send").output
    assert "check-ins sent: 0; not sent: 0 without" in run(app, "checkins", "send").output
    assert [email.recipient for email in outbox()] == [people["employer"].email]


def test_digest_send_queues_the_digest_for_clients_with_news(app, people, outbox):
    from datetime import timedelta

    from portal.core.db import utcnow
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


# --- the installation administrator's commands (#18) -------------------------------------


def created(app, role: str, email: str, *options: str):
    args = ["users", "create", "--role", role, "--email", email, "--name", "Nina Ny", *options]
    return run(app, *args, "--password-stdin", input="river-copper-lamp-19\n")


def test_teams_are_created_listed_and_moved_to_another_country(app):
    assert run(app, "teams", "create", "IPS Lund", "--country", "SE").exit_code == 0
    assert run(app, "teams", "create", "IPS Vejle", "--country", "dk").exit_code == 0
    again = run(app, "teams", "create", "ips lund", "--country", "SE")
    assert again.exit_code != 0 and "already a team called ips lund" in again.output
    assert run(app, "teams", "create", "IPS X", "--country", "NO").exit_code != 0
    assert run(app, "teams", "set-country", "IPS Vejle", "SE").exit_code == 0
    missing = run(app, "teams", "set-country", "IPS Nowhere", "SE")
    assert missing.exit_code != 0 and "No team called IPS Nowhere" in missing.output
    with app.app_context():
        assert {team.name: team.country for team in db.scalars(select(Team))} == {
            "IPS Lund": Country.SWEDEN,
            "IPS Vejle": Country.SWEDEN,
        }


def test_a_team_gets_a_public_name_that_never_says_ips(app, make_client):
    run(app, "teams", "create", "IPS Lund", "--country", "SE")
    refused = run(app, "teams", "set-public-name", "IPS Lund", "IPS i Lund")
    assert refused.exit_code != 0 and "must not say IPS" in refused.output
    assert run(app, "teams", "set-public-name", "IPS Lund", " Jobbstöd  Lund ").exit_code == 0
    page = make_client().get("/i-would-like-to-work")  # the only team: straight to its page
    assert "Jobbstöd Lund" in make_client().get(page.location).get_data(as_text=True)
    assert run(app, "teams", "set-public-name", "IPS Lund", "").exit_code == 0
    assert make_client().get(page.location).status_code == 404


def test_teams_list_gives_leads_and_counts_but_no_participant(app, people):
    with app.app_context():
        team = db.get(Team, people["team"].id)
        db.add(User(email="gone@example.org", name="Gone", role=Role.CLIENT, team_id=team.id))
        erased = db.scalar(select(User).where(User.email == "gone@example.org"))
        erased.erased_at = erased.created_at  # an erased participant is no longer counted
        db.commit()
    result = run(app, "teams", "list")
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert header == "id\tname\tcountry\tleads\tspecialists\tparticipants"
    assert row == f"{people['team'].id}\tIPS Testby\tDK\tlead@example.org\t2\t2"
    for person in ("client_a", "client_b"):
        assert people[person].name not in result.output
        assert people[person].email not in result.output


def test_a_team_lead_is_added_to_and_removed_from_teams(app, login_as, people):
    run(app, "teams", "create", "IPS Nord", "--country", "DK")
    lead = people["admin"].email
    added = run(app, "teams", "add-lead", lead, "IPS Nord")
    assert added.exit_code == 0 and "now leads IPS Nord" in added.output
    assert "already leads" in run(app, "teams", "add-lead", lead, "IPS Nord").output
    listing = run(app, "teams", "list").output
    assert "IPS Nord\tDK\tlead@example.org\t0\t0" in listing
    home = login_as("admin").get("/").get_data(as_text=True)
    assert "IPS Nord" in home
    removed = run(app, "teams", "remove-lead", lead, "IPS Testby")
    assert removed.exit_code == 0, removed.output
    assert "no longer leads IPS Testby; leads IPS Nord" in removed.output
    with app.app_context():
        lene = db.get(User, people["admin"].id)
        assert [team.name for team in lene.led_teams] == ["IPS Nord"]
        assert lene.team_id == db.scalar(select(Team.id).where(Team.name == "IPS Nord"))
    lead_page = login_as("admin").get(f"/teams/{people['team'].id}")
    assert lead_page.status_code == 404  # the team they no longer lead
    not_leading = run(app, "teams", "remove-lead", lead, "IPS Testby")
    assert not_leading.exit_code != 0 and "does not lead IPS Testby" in not_leading.output


@pytest.mark.parametrize("who", ["specialist_a", "client_a", "employer"])
def test_only_team_lead_accounts_lead_teams(app, people, who):
    result = run(app, "teams", "add-lead", people[who].email, "IPS Testby")
    assert result.exit_code != 0
    assert "only team lead (admin) accounts lead teams" in result.output
    with app.app_context():
        assert db.scalar(select(func.count()).select_from(TeamLead)) == 1  # Lene's own
    unknown = run(app, "teams", "add-lead", "nobody@example.org", "IPS Testby")
    assert unknown.exit_code != 0 and "No account with the e-mail" in unknown.output


def test_an_employer_contact_is_linked_to_the_named_teams_record(app, people):
    run(app, "teams", "create", "IPS Nord", "--country", "DK")
    no_team = created(app, "employer", "chef@example.org", "--employer", "Bageriet")
    assert no_team.exit_code != 0 and "needs --team" in no_team.output
    typo = created(app, "employer", "chef@example.org", "--employer", "Bageriet", "--team", "Nrd")
    assert typo.exit_code != 0 and "No team called Nrd" in typo.output
    ok = created(
        app, "employer", "chef@example.org", "--employer", "Bageriet", "--team", "IPS Nord"
    )
    assert ok.exit_code == 0, ok.output
    with app.app_context():
        chef = db.scalar(select(User).where(User.email == "chef@example.org"))
        assert [(e.name, e.team.name) for e in chef.employers] == [("Bageriet", "IPS Nord")]
        assert chef.team_id is None
        db.add(EmployerContactLink(user_id=chef.id, employer_id=people["employer"].employers[0].id))
        db.commit()
    listing = run(app, "users", "list").output
    [line] = [line for line in listing.splitlines() if "chef@example.org" in line]
    assert line.endswith("\tBageriet (IPS Nord), Testfirma ApS (IPS Testby)\tactive")


def test_users_list_names_no_restricted_participant(app, people):
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        anna.restricted_at = anna.created_at
        db.commit()
    listing = run(app, "users", "list").output
    assert "Anna Klient" not in listing
    assert f"{people['client_a'].id}\tclient\tclient.a@example.org\t(restricted)\t" in listing
    assert "Bent Klient" in listing  # not restricted


def test_a_new_team_made_for_staff_gets_the_country_asked_for(app):
    result = created(app, "specialist", "s@example.org", "--team", "IPS Malmö", "--country", "SE")
    assert result.exit_code == 0, result.output
    clash = created(app, "specialist", "t@example.org", "--team", "IPS Malmö", "--country", "DK")
    assert clash.exit_code != 0 and "set-country" in clash.output
    with app.app_context():
        assert db.scalar(select(Team.country).where(Team.name == "IPS Malmö")) == Country.SWEDEN


def test_reports_csv_prints_the_guarded_report_of_all_teams(app, people):
    from portal.reports.csv_export import report_file
    from portal.reports.periods import parse

    result = run(app, "reports", "csv", "--period", "2026-Q3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "period_start,period_end,team,specialist,measure,value,group_size"
    assert lines[1].startswith("2026-07-01,2026-09-30,Alle teams,")
    with app.app_context(), force_locale("da"):
        assert result.output == report_file([people["team"].id], parse("2026-Q3"), "Alle teams")
    for person in ("client_a", "client_b", "specialist_a", "specialist_b"):
        assert people[person].name not in result.output
        assert people[person].email not in result.output
    bad = run(app, "reports", "csv", "--period", "2026-07-01/2026-07-15")
    assert bad.exit_code != 0 and "not a whole period" in bad.output


def test_reports_csv_needs_a_team(app):
    result = run(app, "reports", "csv", "--period", "2026")
    assert result.exit_code != 0 and "no teams yet" in result.output
