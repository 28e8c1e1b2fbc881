"""Consent per employer: only the client gives and withdraws, each with one press; every
change is kept with its time and the exact wording shown."""

from sqlalchemy import select

from portal.core.db import db
from portal.placements.models import ConsentEvent, EmployerConsent
from tests.helpers import csrf_token_from, post_form


def ask_for_consent(login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/consent"
    response = post_form(mette, url, {"employer": people["employer"].employers[0].id})
    assert response.status_code == 303
    return url


def the_consent(app) -> EmployerConsent:
    with app.app_context():
        return db.scalar(select(EmployerConsent))


def events(app) -> list[ConsentEvent]:
    with app.app_context():
        return list(db.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


def test_the_client_gives_and_withdraws_consent_with_one_press_each(app, people, login_as):
    url = ask_for_consent(login_as, people)
    consent = the_consent(app)
    assert not consent.may_contact and not consent.share_name  # asking gives nothing
    anna = login_as("client_a", lang="da")
    page = anna.get(url).get_data(as_text=True)
    assert "Testfirma ApS" in page
    press = f"/consents/{consent.id}/permission"
    give = {"category": "contact", "given": "yes"}
    assert post_form(anna, press, give, page=url).status_code == 303
    assert the_consent(app).may_contact
    withdraw = {"category": "contact", "given": "no"}
    assert post_form(anna, press, withdraw, page=url).status_code == 303
    assert not the_consent(app).may_contact
    given, withdrawn = events(app)
    assert (given.category.value, given.value, withdrawn.value) == ("contact", "given", "withdrawn")
    assert given.wording_version and given.locale == "da"
    # The wording is the sentence she saw, in her language, with the names filled in.
    assert "Sofie Specialist" in given.wording and "Testfirma ApS" in given.wording
    assert given.wording in page
    assert given.created_at <= withdrawn.created_at
    history = anna.get(url).get_data(as_text=True)
    assert history.count(given.wording) >= 3  # on the page, and twice in the history


def test_a_repeated_press_adds_no_history(app, people, login_as):
    url = ask_for_consent(login_as, people)
    consent = the_consent(app)
    anna = login_as("client_a")
    for _ in range(2):
        post_form(
            anna,
            f"/consents/{consent.id}/permission",
            {"category": "name", "given": "yes"},
            page=url,
        )
    assert [e.value for e in events(app)] == ["given"]


def test_disclosure_with_a_note_in_the_clients_words(app, people, login_as):
    url = ask_for_consent(login_as, people)
    consent = the_consent(app)
    anna = login_as("client_a")
    answer = {
        f"c{consent.id}-disclosure": "agreed",
        f"c{consent.id}-note": "Only that I need breaks",
    }
    assert (
        post_form(anna, f"/consents/{consent.id}/disclosure", answer, page=url).status_code == 303
    )
    consent = the_consent(app)
    assert (consent.disclosure.value, consent.disclosure_note) == (
        "agreed",
        "Only that I need breaks",
    )
    [event] = events(app)
    assert (event.category.value, event.value, event.note) == (
        "disclosure",
        "agreed",
        "Only that I need breaks",
    )
    mette = login_as("specialist_a")
    assert "Only that I need breaks" in mette.get(url).get_data(as_text=True)
    # No choice, or one that does not exist: a clear error, nothing changed.
    for bad in ({}, {f"c{consent.id}-disclosure": "maybe"}):
        response = post_form(anna, f"/consents/{consent.id}/disclosure", bad, page=url)
        assert response.status_code == 422
        assert "error-summary" in response.get_data(as_text=True)
    assert len(events(app)) == 1


def test_only_the_client_decides(app, people, login_as):
    url = ask_for_consent(login_as, people)
    consent = the_consent(app)
    mette = login_as("specialist_a")
    page = mette.get(url).get_data(as_text=True)
    assert "Give consent" not in page  # no buttons for the specialist
    token = csrf_token_from(page)
    response = mette.post(
        f"/consents/{consent.id}/permission",
        data={"csrf_token": token, "category": "contact", "given": "yes"},
    )
    assert response.status_code == 403
    response = mette.post(
        f"/consents/{consent.id}/disclosure",
        data={"csrf_token": token, f"c{consent.id}-disclosure": "yes"},
    )
    assert response.status_code == 403
    assert not the_consent(app).may_contact and events(app) == []


def test_asking_for_an_unknown_employer_is_a_clear_error(app, login_as, people):
    mette = login_as("specialist_a")
    url = f"/clients/{people['client_a'].id}/consent"
    for bad in ("987654", "x", ""):
        response = post_form(mette, url, {"employer": bad})
        assert response.status_code == 422
        assert "Choose an employer from the list." in response.get_data(as_text=True)
    assert the_consent(app) is None


def test_the_htmx_press_answers_with_the_updated_list(app, people, login_as):
    url = ask_for_consent(login_as, people)
    consent = the_consent(app)
    anna = login_as("client_a")
    token = csrf_token_from(anna.get(url).get_data(as_text=True))
    response = anna.post(
        f"/consents/{consent.id}/permission",
        data={"csrf_token": token, "category": "contact", "given": "yes"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "Withdraw consent" in html and "Your consent is saved." in html
