"""The national list at work: while a specialist types a job title the form suggests titles of
their own country's list, and a type of work left unchosen follows from a title the list
names under one group. Without an imported list the form is as before."""

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import Country, Role
from portal.occupations.files import ListedOccupation
from portal.occupations.services import DISCO, SSYK, group_of_title, replace_list
from portal.placements.models import Job
from tests.factories import make_team, make_user
from tests.helpers import post_form
from tests.jobs.helpers import job_fields

DISCO_TITLES = [
    ("512010", "Kok", "51"),
    ("512020", "Kokkeelev", "51"),
    ("512030", "Skibskok", "51"),
    ("941210", "Køkkenmedhjælper", "94"),
    ("941220", "Opvasker", "94"),
    ("522310", "Assistent", "52"),
    ("411010", "Assistent", "41"),  # the same title under two groups
]
SSYK_TITLES = [("5120", "Kockar och kallskänkor", "51")]


@pytest.fixture
def lists(app):
    with app.app_context():
        replace_list(DISCO, [ListedOccupation(*line) for line in DISCO_TITLES])
        replace_list(SSYK, [ListedOccupation(*line) for line in SSYK_TITLES])
        db.commit()


def suggestions(browser, typed: str) -> list[str]:
    html = browser.get("/occupations/titles", query_string={"title": typed}).get_data(as_text=True)
    return [line.split('"')[1] for line in html.splitlines() if line.startswith("<option")]


def test_the_form_suggests_titles_only_once_a_list_is_imported(app, login_as, people):
    mette = login_as("specialist_a", "da")
    url = f"/clients/{people['client_a'].id}/jobs"
    assert 'list="job-title-suggestions"' not in mette.get(url).get_data(as_text=True)
    with app.app_context():
        replace_list(DISCO, [ListedOccupation(*line) for line in DISCO_TITLES])
        db.commit()
    form = mette.get(url).get_data(as_text=True)
    assert 'list="job-title-suggestions"' in form
    assert 'data-hx-get="/occupations/titles"' in form
    assert "når DISCO-08 kender titlen" in form  # the hint names the list


def test_suggestions_hold_what_was_typed_those_starting_with_it_first(login_as, lists):
    mette = login_as("specialist_a", "da")
    assert suggestions(mette, "kok") == ["Kok", "Kokkeelev", "Skibskok"]
    assert suggestions(mette, "KØK") == ["Køkkenmedhjælper"]  # folded beyond ASCII
    assert suggestions(mette, "k_k") == []  # typed characters are never patterns
    assert suggestions(mette, "k") == []  # one letter would list half the list
    assert suggestions(mette, "Kockar") == []  # the other country's list is not hers


def test_a_swedish_specialist_gets_ssyk_and_no_one_else_gets_anything(
    app, login_as, make_client, lists
):
    with app.app_context():
        malmo = make_team("IPS Malmö", Country.SWEDEN)
        sara = make_user(Role.SPECIALIST, "sara@example.org", "Sara Specialist", team=malmo)
    assert suggestions(login_as(sara, "sv"), "kock") == ["Kockar och kallskänkor"]
    assert suggestions(login_as(sara, "sv"), "kok") == []
    refused = login_as("client_a").get("/occupations/titles?title=kok")
    assert refused.status_code == 403
    anonymous = make_client().get("/occupations/titles?title=kok")
    assert anonymous.status_code == 401 and not anonymous.text  # asked by the page's script


def test_a_type_left_unchosen_follows_from_a_title_the_list_names(app, login_as, people, lists):
    mette = login_as("specialist_a", "da")
    url = f"/clients/{people['client_a'].id}/jobs"
    for title, chosen in (
        ("  køkkenmedhjælper ", ""),  # any case, any spaces
        ("Køkkenmedhjælper", "52"),  # a chosen type stays
        ("Assistent", ""),  # two groups: left unchosen
        ("Pakkeassistent", ""),  # not in the list
    ):
        fields = job_fields(people, title=title, occupation=chosen)
        assert post_form(mette, url, fields).status_code == 303
    with app.app_context():
        assert list(db.scalars(select(Job.occupation).order_by(Job.id))) == ["94", "52", None, None]
        assert group_of_title(Country.SWEDEN, "Kok") is None  # Sweden reads SSYK only
        assert group_of_title(Country.SWEDEN, "kockar och kallskänkor") == "51"


def test_changing_the_title_of_a_job_without_a_type_gives_it_one(app, login_as, people, lists):
    mette = login_as("specialist_a", "da")
    url = f"/clients/{people['client_a'].id}/jobs"
    assert post_form(mette, url, job_fields(people, title="Pakkeassistent")).status_code == 303
    with app.app_context():
        job = db.scalar(select(Job))
        job_id, version = job.id, job.version
    edit = job_fields(people, title="Opvasker", version=str(version))
    assert post_form(mette, f"/jobs/{job_id}", edit).status_code == 303
    with app.app_context():
        assert db.get(Job, job_id).occupation == "94"


def test_after_a_long_pause_typing_never_moves_the_form_to_the_sign_in_page(app, login_as, lists):
    mette = login_as("specialist_a", "da")
    with mette.session_transaction() as session:
        session.clear()  # as after the idle time: the session has ended
    answer = mette.get("/occupations/titles?title=kok", headers={"HX-Request": "true"})
    assert answer.status_code == 401
    assert "HX-Redirect" not in answer.headers  # the half-written job form stays on screen
    assert answer.headers["HX-Trigger"] == "session-ended"  # portal.js says what happened
