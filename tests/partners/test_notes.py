"""A contact writes to the IPS team about the participant (#21): the specialist reads it on
the participant's tab, the participant on "Who can see my information" (a note about
treatment only once she asks to read it), the contact their own earlier notes; nobody else,
and no writing after the participant stops sharing, while what was written stays."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.core.db import db
from portal.partners.models import PartnerKind, PartnerLink, PartnerNote
from portal.partners.services import stop_sharing
from tests.factories import make_partner, make_partner_link
from tests.helpers import csrf_token_from

KAREN = "karen@psykiatrien.example.org"
LARS = "lars@jobcenter.example.org"


def _contact(
    app, people, email=KAREN, name="Karen Holm", kind=PartnerKind.PSYCHIATRY, who="client_a"
):
    with app.app_context():
        contact = make_partner(email, name)
        make_partner_link(db.merge(people[who]), contact, kind=kind, shares=("goals",))
        return contact


def _write(browser, client_id: int, text: str, treatment_only: bool = False):
    page = browser.get(f"/shared/{client_id}")
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "text": text}
    if treatment_only:
        data["treatment_only"] = "y"
    return browser.post(f"/shared/{client_id}/notes", data=data)


def _notes(app) -> list[PartnerNote]:
    with app.app_context():
        return list(db.scalars(select(PartnerNote).order_by(PartnerNote.id)))


def _stop_sharing(app, people, contact) -> None:
    with app.app_context():
        anna = db.merge(people["client_a"])
        link = db.scalar(select(PartnerLink).where(PartnerLink.partner_id == contact.id))
        stop_sharing(anna, link, link.version)
        db.commit()


def _ask_to_read(browser, note_id: int):
    token = csrf_token_from(browser.get("/sharing").get_data(as_text=True))
    return browser.post(f"/sharing/notes/{note_id}/read", data={"csrf_token": token})


def test_a_note_reaches_the_specialist_the_participant_and_its_writer(app, login_as, people):
    karen = _contact(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    assert _write(browser, anna_id, "Anna sleeps better since the new dose").status_code == 303
    assert _write(browser, anna_id, "She may start on Mondays").status_code == 303
    first, _second = _notes(app)
    assert (first.author_id, first.client_id, first.treatment_only) == (karen.id, anna_id, False)

    own = browser.get(f"/shared/{anna_id}").get_data(as_text=True)
    assert "What you wrote earlier" in own and "Anna sleeps better" in own

    team = login_as("specialist_a").get(f"/clients/{anna_id}/contacts").get_data(as_text=True)
    assert team.index("She may start on Mondays") < team.index("Anna sleeps better")  # newest first
    assert "Karen Holm" in team

    mine = login_as("client_a").get("/sharing").get_data(as_text=True)
    assert re.search(r"Karen Holm wrote to your team on <time[^>]*>[^<]+</time>:", mine)
    assert "Anna sleeps better since the new dose" in mine
    assert "I would like to read it" not in mine


def test_a_treatment_only_note_is_hidden_until_she_asks_and_then_shown(app, login_as, people):
    karen = _contact(app, people)
    anna_id = people["client_a"].id
    assert "About treatment only: Anna sees that I wrote, not what" in (
        login_as(karen).get(f"/shared/{anna_id}").get_data(as_text=True)
    )
    _write(login_as(karen), anna_id, "Medication is being changed", treatment_only=True)
    [note] = _notes(app)
    assert note.treatment_only

    anna = login_as("client_a")
    page = anna.get("/sharing").get_data(as_text=True)
    assert "Karen Holm wrote to your team about your treatment on" in page
    assert "Medication is being changed" not in page
    assert "I would like to read it" in page
    team = login_as("specialist_a").get(f"/clients/{anna_id}/contacts").get_data(as_text=True)
    assert "about treatment only" in team and "asked to read it" not in team

    assert _ask_to_read(anna, note.id).status_code == 303
    page = anna.get("/sharing").get_data(as_text=True)
    assert "Medication is being changed" in page and "I would like to read it" not in page
    assert _notes(app)[0].read_requested_at is not None
    team = login_as("specialist_a").get(f"/clients/{anna_id}/contacts").get_data(as_text=True)
    assert "Anna asked to read it on" in team


def test_only_a_treatment_contact_can_keep_the_words_from_her(app, login_as, people):
    lars = _contact(app, people, LARS, "Lars Berg", PartnerKind.JOB_CENTRE)
    browser = login_as(lars)
    page = browser.get(f"/shared/{people['client_a'].id}").get_data(as_text=True)
    assert "Write to the IPS team" in page and "About treatment only" not in page
    # The box sent anyway (a tampered form) is ignored: she reads what the jobcentre wrote.
    _write(browser, people["client_a"].id, "Meeting at the jobcentre", treatment_only=True)
    assert [note.treatment_only for note in _notes(app)] == [False]
    assert "Meeting at the jobcentre" in login_as("client_a").get("/sharing").get_data(as_text=True)


def test_an_empty_or_too_long_note_is_explained_and_kept(app, login_as, people):
    karen = _contact(app, people)
    browser = login_as(karen)
    empty = _write(browser, people["client_a"].id, "   ")
    assert empty.status_code == 422
    assert "Please fill in this field." in empty.get_data(as_text=True)
    long_text = "Ord " * 501
    too_long = _write(browser, people["client_a"].id, long_text)
    body = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "Use at most 2000 characters." in body
    assert long_text.strip() in body  # nothing she wrote is lost
    assert _notes(app) == []
    danish = login_as(karen, lang="da")
    assert "Skriv til IPS-teamet" in danish.get(f"/shared/{people['client_a'].id}").get_data(
        as_text=True
    )


def test_after_she_stops_sharing_the_contact_cannot_write_and_sees_nothing(app, login_as, people):
    karen = _contact(app, people)
    anna_id = people["client_a"].id
    browser = login_as(karen)
    _write(browser, anna_id, "Written while she shared")
    _stop_sharing(app, people, karen)
    assert browser.get(f"/shared/{anna_id}").status_code == 404
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    refused = browser.post(f"/shared/{anna_id}/notes", data={"csrf_token": token, "text": "More"})
    assert refused.status_code == 404
    assert "Written while she shared" not in browser.get("/").get_data(as_text=True)
    assert [note.text for note in _notes(app)] == ["Written while she shared"]
    # What was written stays with the team and with her.
    team = login_as("specialist_a").get(f"/clients/{anna_id}/contacts").get_data(as_text=True)
    assert "Written while she shared" in team
    assert "Written while she shared" in login_as("client_a").get("/sharing").get_data(as_text=True)


def test_nobody_else_writes_or_reads_anna_s_notes(app, login_as, people):
    karen = _contact(app, people)
    # Lars: a contact of Bent's only; Mona: another contact of Anna's.
    lars = _contact(app, people, LARS, "Lars Berg", PartnerKind.JOB_CENTRE, who="client_b")
    mona = _contact(app, people, "mona@laegehuset.example.org", "Mona Lund", PartnerKind.GP)
    anna_id = people["client_a"].id
    _write(login_as(karen), anna_id, "Words from Karen about Anna", treatment_only=True)
    [note] = _notes(app)

    lars_browser = login_as(lars)
    token = csrf_token_from(lars_browser.get("/account").get_data(as_text=True))
    assert (
        lars_browser.post(
            f"/shared/{anna_id}/notes", data={"csrf_token": token, "text": "Sneaky"}
        ).status_code
        == 404
    )
    assert "Words from Karen" not in login_as(mona).get(f"/shared/{anna_id}").get_data(as_text=True)
    assert login_as("specialist_b").get(f"/clients/{anna_id}/contacts").status_code == 404
    bent = login_as("client_b")
    assert "Karen" not in bent.get("/sharing").get_data(as_text=True)
    assert _ask_to_read(bent, note.id).status_code == 404
    assert login_as("specialist_a").post(f"/sharing/notes/{note.id}/read").status_code in (
        400,
        403,
    )
    assert _notes(app)[0].read_requested_at is None
    assert [n.text for n in _notes(app)] == ["Words from Karen about Anna"]


def test_her_export_holds_every_note_asked_for_or_not(app, login_as, people):
    karen = _contact(app, people)
    anna_id = people["client_a"].id
    _write(login_as(karen), anna_id, "Plain words")
    _write(login_as(karen), anna_id, "Treatment words", treatment_only=True)
    export = login_as("client_a").get("/my-data/export.json").get_json()
    assert {row["text"] for row in export["partner_notes"]} == {"Plain words", "Treatment words"}


SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_any_text_is_saved_as_written_or_clearly_refused(app, login_as, people):
    karen = _contact(app, people)
    browser = login_as(karen)
    url = f"/shared/{people['client_a'].id}"
    token = csrf_token_from(browser.get(url).get_data(as_text=True))

    @SETTINGS
    @given(text=st.text(max_size=2100), box=st.sampled_from(["", "y", "\x00", "x" * 300]))
    def post(text, box):
        answer = browser.post(
            f"{url}/notes", data={"csrf_token": token, "text": text, "treatment_only": box}
        )
        assert answer.status_code in (303, 422), (text, answer.status_code)
        if answer.status_code == 422:
            assert "error-summary" in answer.get_data(as_text=True)

    post()
    with app.app_context():
        assert db.scalar(select(func.count(PartnerNote.id))) <= SETTINGS.max_examples
