"""Employers belong to a team: another team's employers, contact persons and notes are not
there for a specialist, in the lists, the forms or a forged request. The same company in two
teams is two records; one contact person's account is linked to each team's record."""

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.core.identity import Country, EmployerContactLink, EmployerOrganisation, Role, User
from portal.placements.models import Category, Disclosure, EmployerContact, Job
from portal.placements.services.checkins import send_checkin
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import record_job
from tests.factories import make_team, make_user
from tests.helpers import post_form
from tests.jobs.helpers import job_data, job_fields, link_path


@pytest.fixture
def other_team(app, people):
    """Team B (in Sweden): a specialist, a participant, an employer called like team A's, with
    its own contact person and a note in the specialist's log."""
    with app.app_context():
        team = make_team("IPS Botkyrka", Country.SWEDEN)
        lars = make_user(Role.SPECIALIST, "lars@example.se", "Lars Specialist", team=team)
        elin = make_user(Role.CLIENT, "elin@example.se", "Elin Deltagare", specialist=lars)
        boss = make_user(
            Role.EMPLOYER, "sven@example.se", "Sven Chefsson", team=team, workplace="Coop Tumba"
        )
        employer = boss.employers[0]
        db.add(
            EmployerContact(
                specialist_id=lars.id,
                employer_id=employer.id,
                contact_on=employer.created_at.date(),
                in_person=True,
                note="Secret note of team B",
            )
        )
        db.commit()
        return {"lars": lars, "elin": elin, "boss": boss, "employer": employer}


def test_a_specialist_sees_only_their_own_teams_employers(people, login_as, other_team):
    mette = login_as("specialist_a")
    listing = mette.get("/employers").get_data(as_text=True)
    assert "Testfirma ApS" in listing  # the control: team A's own employer is listed
    assert "Coop Tumba" not in listing
    employer_id = other_team["employer"].id
    assert mette.get(f"/employers/{employer_id}").status_code == 404
    contact = {"name": "X", "email": "x@example.org", "language": "da"}
    assert post_form(mette, f"/employers/{employer_id}", contact, "/employers").status_code == 404
    invite = f"/employer-contacts/{other_team['boss'].id}/invite"
    assert post_form(mette, invite, {}, "/employers").status_code == 404
    for page in ("/job-development", f"/clients/{people['client_a'].id}/jobs"):
        body = mette.get(page).get_data(as_text=True)
        assert "Coop Tumba" not in body and "Sven Chefsson" not in body, page
        assert "Secret note of team B" not in body, page
    # Team B's specialist does see them: the ids above are right.
    lars = login_as(other_team["lars"])
    assert "Sven Chefsson" in lars.get(f"/employers/{employer_id}").get_data(as_text=True)


def test_a_forged_employer_or_contact_of_another_team_is_refused(app, login_as, people, other_team):
    mette = login_as("specialist_a")
    anna = people["client_a"].id
    theirs = other_team["employer"].id
    job = job_fields(people, employer=str(theirs), contact="0")
    response = post_form(mette, f"/clients/{anna}/jobs", job)
    assert response.status_code == 422
    assert "Choose an employer from the list." in response.get_data(as_text=True)
    ours = people["employer"].employers[0].id
    forged_contact = job | {"employer": str(ours), "contact": str(other_team["boss"].id)}
    response = post_form(mette, f"/clients/{anna}/jobs", forged_contact)
    assert response.status_code == 422
    consent = post_form(mette, f"/clients/{anna}/consent", {"employer": str(theirs)})
    assert consent.status_code == 422
    log = {"contact_on": "2026-11-02", "employer": str(theirs), "in_person": "yes", "client": "0"}
    assert post_form(mette, "/job-development", log).status_code == 422
    with app.app_context():
        assert db.scalar(select(func.count(Job.id))) == 0
        mine = select(func.count(EmployerContact.id)).where(
            EmployerContact.specialist_id == people["specialist_a"].id
        )
        assert db.scalar(mine) == 0


def test_the_same_company_in_two_teams_is_two_records(app, login_as, people, other_team):
    mette = login_as("specialist_a")
    assert post_form(mette, "/employers", {"name": "coop tumba"}).status_code == 303
    log = {"contact_on": "2026-11-02", "employer": "0", "new_employer": "Coop Tumba"}
    response = post_form(mette, "/job-development", log | {"in_person": "yes", "client": "0"})
    assert response.status_code == 303
    with app.app_context():
        records = db.scalars(
            select(EmployerOrganisation).where(
                func.lower(EmployerOrganisation.name) == "coop tumba"
            )
        ).all()
        assert sorted(record.team_id for record in records) == sorted(
            [people["team"].id, other_team["lars"].team_id]
        )
        logged = db.scalar(
            select(EmployerContact).where(
                EmployerContact.specialist_id == people["specialist_a"].id
            )
        )
        assert logged.employer.team_id == people["team"].id


def test_one_contact_person_linked_to_the_records_of_two_teams(
    app, make_client, people, login_as, other_team
):
    """Team A adds Sven, whom team B already has: one account, linked to both records; each
    team's check-in reaches him, and his home page names the workplace once."""
    mette = login_as("specialist_a")
    assert post_form(mette, "/employers", {"name": "Coop Tumba"}).status_code == 303
    with app.app_context():
        ours = db.scalar(
            select(EmployerOrganisation).where(
                EmployerOrganisation.team_id == people["team"].id,
                EmployerOrganisation.name == "Coop Tumba",
            )
        )
    contact = {"name": "Typed By Team A", "email": "SVEN@example.se", "language": "da"}
    assert post_form(mette, f"/employers/{ours.id}", contact).status_code == 303
    with app.app_context():
        assert db.scalar(select(func.count(User.id)).where(User.email == "sven@example.se")) == 1
        links = db.scalars(
            select(EmployerContactLink.employer_id).where(
                EmployerContactLink.user_id == other_team["boss"].id
            )
        ).all()
        assert sorted(links) == sorted([ours.id, other_team["employer"].id])
        sven = db.get(User, other_team["boss"].id)
        assert sven.name == "Sven Chefsson"  # his account: not renamed by another team
        _job, _consent, link = placement_at(people, sven, ours)
        db.commit()
    assert make_client().get(link_path(link)).status_code == 200
    sven_browser = login_as(other_team["boss"])
    home = sven_browser.get("/").get_data(as_text=True)
    assert home.count("Coop Tumba") >= 1
    assert "You are the contact person for Coop Tumba." in home  # named once, not twice


def placement_at(people, contact, employer):
    """A placement of Anna's at team A's record of the contact's workplace, with a check-in."""
    anna = db.get(User, people["client_a"].id)
    job = record_job(
        db.get(User, people["specialist_a"].id), anna, job_data(contact, employer_id=employer.id)
    )
    consent = get_consent(anna.id, employer.id)
    set_permission(anna, consent, Category.CONTACT, True)
    set_disclosure(anna, consent, Disclosure.YES, None)
    return job, consent, send_checkin(job, job.start_date)
