"""The job development log: employer contacts with a client only with that client's consent,
counted per week against the IPS target, and only ever the specialist's own."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import EmployerOrganisation, Role, User
from portal.placements.models import EmployerContact
from portal.placements.services.employer_log import weekly_counts
from tests.factories import make_job_development_contact, make_user
from tests.helpers import csrf_token_from, post_form


def entries(app) -> list[EmployerContact]:
    with app.app_context():
        return list(db.scalars(select(EmployerContact).order_by(EmployerContact.id)))


def fields(app, people, **changes) -> dict:
    with app.app_context():
        today = local_today().isoformat()
    values = {
        "contact_on": today,
        "employer": str(people["employer"].employers[0].id),
        "new_employer": "",
        "in_person": "yes",
        "client": "0",
        "note": "Asked about trial days",
    }
    return values | changes


def test_a_contact_for_a_consenting_client_is_logged(app, login_as, people, anna_things):
    mette = login_as("specialist_a")
    data = fields(app, people, client=str(people["client_a"].id))
    assert post_form(mette, "/job-development", data).status_code == 303
    [entry] = entries(app)
    assert (entry.client_id, entry.in_person, entry.specialist_id) == (
        people["client_a"].id,
        True,
        people["specialist_a"].id,
    )
    page = mette.get("/job-development").get_data(as_text=True)
    assert "Asked about trial days" in page and "5 to go" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"client": "client_a"}, "has not allowed you to contact this employer"),
        ({"client": "client_b"}, "Choose one of your participants."),
        ({"contact_on": "2099-01-01"}, "The date cannot be in the future."),
        ({"employer": "0"}, "Choose an employer, or write the name of a new one."),
        ({"new_employer": "Café Ny"}, "Choose an employer or write a new name, not both."),
        ({"in_person": "maybe"}, "Not a valid choice."),
        ({"note": "x" * 501}, "Use at most 500 characters."),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_saved(app, login_as, people, change, message):
    mette = login_as("specialist_a")
    if change.get("client") in people:
        change = change | {"client": str(people[change["client"]].id)}
    response = post_form(mette, "/job-development", fields(app, people, **change))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert entries(app) == []
    with app.app_context():
        assert db.scalar(select(func.count(EmployerOrganisation.id))) == 1  # no new employer


def test_a_new_employer_is_added_with_its_first_contact(app, login_as, people):
    mette = login_as("specialist_a")
    data = fields(app, people, employer="0", new_employer="Café Ny", in_person="no")
    assert post_form(mette, "/job-development", data).status_code == 303
    [entry] = entries(app)
    with app.app_context():
        assert db.get(EmployerOrganisation, entry.employer_id).name == "Café Ny"
    assert entry.in_person is False


def test_weekly_counts_against_the_target(app, people):
    today = date(2026, 11, 26)  # a Thursday; the week began on Monday 23 November
    with app.app_context():
        mette = db.get(User, people["specialist_a"].id)
        employer = people["employer"].employers[0]
        for day, in_person in [
            (date(2026, 11, 23), True),
            (date(2026, 11, 26), True),
            (date(2026, 11, 25), False),
            (date(2026, 11, 22), True),  # Sunday: the week before
            (date(2026, 9, 1), True),  # older than eight weeks
        ]:
            make_job_development_contact(mette, employer, day, in_person)
        other = make_user(Role.SPECIALIST, "x@example.org")
        make_job_development_contact(other, employer, date(2026, 11, 24))
        weeks = weekly_counts(mette, today)
    assert len(weeks) == 8
    assert (weeks[0].starts_on, weeks[0].in_person, weeks[0].other) == (date(2026, 11, 23), 2, 1)
    assert (weeks[1].starts_on, weeks[1].in_person, weeks[1].total) == (date(2026, 11, 16), 1, 1)
    assert sum(week.total for week in weeks) == 4


def test_the_log_is_the_specialists_own(app, login_as, people):
    with app.app_context():
        mette, employer = db.merge(people["specialist_a"]), people["employer"].employers[0]
        yesterday = local_today() - timedelta(days=1)
        entry_id = make_job_development_contact(mette, employer, yesterday).id
    bo = login_as("specialist_b")
    token = csrf_token_from(bo.get("/job-development").get_data(as_text=True))
    assert (
        "Testfirma" not in bo.get("/job-development").get_data(as_text=True).split("log-heading")[1]
    )
    assert (
        bo.post(f"/job-development/{entry_id}/delete", data={"csrf_token": token}).status_code
        == 404
    )
    assert len(entries(app)) == 1
    for who in ("client_a", "employer", "admin"):
        assert login_as(who).get("/job-development").status_code == 403
    mette = login_as("specialist_a")
    response = post_form(mette, f"/job-development/{entry_id}/delete", {}, page="/job-development")
    assert response.status_code == 303 and entries(app) == []


def test_a_contact_follows_one_of_the_participant_s_own_goals(app, login_as, people, anna_things):
    mette = login_as("specialist_a", "da")
    anna_goal = anna_things["goal_id"]
    page = mette.get("/job-development").get_data(as_text=True)
    assert f'value="{anna_goal}">Anna Klient: ' in page  # her wish, named in the list
    data = fields(app, people, client=str(people["client_a"].id), goal=str(anna_goal))
    assert post_form(mette, "/job-development", data).status_code == 303
    [entry] = entries(app)
    assert entry.goal_id == anna_goal


@pytest.mark.parametrize("client", ["0", "client_b"])
def test_a_goal_must_be_the_chosen_participant_s_own(app, login_as, people, anna_things, client):
    mette = login_as("specialist_a", "da")
    if client in people:
        with app.app_context():
            mette_b = db.merge(people["client_b"])
            mette_b.specialist_id = people["specialist_a"].id  # in her caseload, without consent
            db.commit()
        client = str(people[client].id)
    data = fields(app, people, client=client, goal=str(anna_things["goal_id"]))
    response = post_form(mette, "/job-development", data)
    assert response.status_code == 422
    assert "Vælg et af deltagerens ønsker, eller ingen." in response.get_data(as_text=True)
    assert entries(app) == []
