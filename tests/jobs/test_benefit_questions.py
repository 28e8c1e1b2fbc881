"""Each team's benefits questions: its country's starting list, naming that country's benefits
in every language, and the team lead's edits, which change what the next job start puts on a
participant's plan. Another team's list is not there for a lead (404)."""

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import Country, Role
from portal.placements.models import BenefitQuestion
from portal.plans.models import ItemKind, PlanItem
from tests.factories import make_job, make_team, make_user
from tests.helpers import csrf_token_from, post_form

DANISH = ("kontanthjælp", "ressourceforløb", "fleksjob", "ledighedsydelse")
SWEDISH = ("aktivitetsersättning", "sjukersättning", "etableringsersättning")
# A word of each language's own sentences: the questions are really in the reader's language.
SENTENCE = {"da": "Hvad sker der", "sv": "Vad händer", "en": "What happens"}


def _benefit_texts(client_id: int) -> list[str]:
    query = select(PlanItem.text).where(
        PlanItem.client_id == client_id,
        PlanItem.kind == ItemKind.BENEFIT,
        PlanItem.removed_at.is_(None),
    )
    return list(db.scalars(query.order_by(PlanItem.id)))


def _team_with_a_job(name: str, country: Country, lang: str, key: str) -> dict:
    """A team in `country` with a lead, a specialist and a participant reading `lang`, whose
    job start has put the team's questions on the plan."""
    team = make_team(name, country)
    lead = make_user(Role.ADMIN, f"lead.{key}@example.org", team=team)
    specialist = make_user(Role.SPECIALIST, f"es.{key}@example.org", team=team)
    client = make_user(Role.CLIENT, f"p.{key}@example.org", specialist=specialist, locale=lang)
    contact = make_user(Role.EMPLOYER, f"boss.{key}@example.org", team=team)
    make_job(specialist, client, contact)
    return {"team": team.id, "lead": lead, "client": client, "texts": _benefit_texts(client.id)}


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_each_countrys_starting_list_names_its_own_benefits(app, login_as, lang):
    with app.app_context():
        danish = _team_with_a_job("IPS Roskilde", Country.DENMARK, lang, "dk")
        swedish = _team_with_a_job("IPS Botkyrka", Country.SWEDEN, lang, "se")
    for side, own, other in ((danish, DANISH, SWEDISH), (swedish, SWEDISH, DANISH)):
        # On the participant's plan, as written there, and on the lead's page, in `lang`.
        plan = login_as(side["client"], lang).get(f"/clients/{side['client'].id}/plan")
        lead_page = login_as(side["lead"], lang).get(f"/team/{side['team']}/benefits-questions")
        assert lead_page.status_code == 200
        for text in ("\n".join(side["texts"]), plan.get_data(as_text=True), lead_page.text):
            assert all(word in text for word in own), (lang, own)
            assert not any(word in text for word in other), (lang, other)
            assert SENTENCE[lang] in text
        assert 5 <= len(side["texts"]) <= 7


def test_the_leads_edits_change_what_the_next_job_start_adds(app, login_as, people):
    lead = login_as("admin")
    team_id = people["team"].id
    url = f"/team/{team_id}/benefits-questions"
    assert lead.get(url).status_code == 200
    with app.app_context():
        first, second, *_rest = db.scalars(
            select(BenefitQuestion)
            .where(BenefitQuestion.team_id == team_id)
            .order_by(BenefitQuestion.position)
        ).all()
    reworded = post_form(
        lead,
        f"/benefits-questions/{first.id}",
        {f"q{first.id}-text": "What happens to my kontanthjælp in the first month?"},
        page=url,
    )
    assert reworded.status_code == 303
    assert post_form(lead, f"/benefits-questions/{second.id}/remove", {}, page=url).status_code
    added = post_form(lead, url, {"new-text": "Do I need a new tax card (forskudsopgørelse)?"})
    assert added.status_code == 303
    # An empty question is a clear error, and nothing is saved.
    empty = post_form(lead, url, {"new-text": "  "})
    assert empty.status_code == 422 and "Please fill in this field." in empty.text

    with app.app_context():
        anna = db.merge(people["client_a"])
        make_job(db.merge(people["specialist_a"]), anna, db.merge(people["employer"]))
        texts = _benefit_texts(anna.id)
    assert "What happens to my kontanthjælp in the first month?" in texts
    assert "Do I need a new tax card (forskudsopgørelse)?" in texts
    assert not any("ressourceforløb" in text for text in texts)  # the removed one
    assert not any("how much more will I have each month" in text for text in texts)
    assert len(texts) == 7

    # Restored, the next job start (Bent's) gets the starting list again.
    assert post_form(lead, f"/team/{team_id}/benefits-questions/restore", {}, page=url).status_code
    with app.app_context():
        bent = db.merge(people["client_b"])
        make_job(db.merge(people["specialist_b"]), bent, db.merge(people["employer"]))
        texts = _benefit_texts(bent.id)
    assert any("ressourceforløb" in text for text in texts)
    assert not any("tax card" in text or "first month" in text for text in texts)
    assert len(texts) == 7


def test_another_teams_list_is_not_there_for_a_lead(app, login_as, people):
    with app.app_context():
        other = make_team("IPS Andetsteds", Country.SWEDEN)
        theirs = make_user(Role.ADMIN, "other.lead@example.org", team=other)
        other_id = other.id
    login_as(theirs).get(f"/team/{other_id}/benefits-questions")  # their list now exists
    with app.app_context():
        question = db.scalar(select(BenefitQuestion).where(BenefitQuestion.team_id == other_id))
    lead = login_as("admin")
    token = csrf_token_from(lead.get("/account").text)
    assert lead.get(f"/team/{other_id}/benefits-questions").status_code == 404
    for address in (
        f"/team/{other_id}/benefits-questions",
        f"/team/{other_id}/benefits-questions/restore",
        f"/benefits-questions/{question.id}",
        f"/benefits-questions/{question.id}/remove",
    ):
        sent = lead.post(address, data={"csrf_token": token, "new-text": "X", "q-text": "X"})
        assert sent.status_code == 404, address
    specialist = login_as("specialist_a")
    assert specialist.get(f"/team/{people['team'].id}/benefits-questions").status_code == 403
    with app.app_context():
        unchanged = db.get(BenefitQuestion, question.id)
        assert unchanged.removed_at is None and unchanged.text is None
        assert (
            db.scalar(
                select(BenefitQuestion).where(
                    BenefitQuestion.team_id == other_id, BenefitQuestion.text == "X"
                )
            )
            is None
        )


@pytest.mark.parametrize(
    ("country", "own", "other"), [("DK", DANISH, SWEDISH), ("SE", SWEDISH, DANISH)]
)
def test_without_a_team_the_installations_country_decides(app, people, country, own, other):
    from portal.placements.services.benefit_questions import questions_for

    old = app.config["PORTAL_COUNTRY"]
    app.config["PORTAL_COUNTRY"] = country
    try:
        with app.app_context():
            anna = db.merge(people["client_a"])
            anna.team_id, anna.locale = None, "en"
            db.flush()
            db.refresh(anna)
            text = "\n".join(questions_for(anna))
            db.rollback()
    finally:
        app.config["PORTAL_COUNTRY"] = old
    assert all(word in text for word in own) and not any(word in text for word in other)


def test_a_participant_without_a_language_gets_the_questions_in_the_teams(app):
    with app.app_context():
        swedish = _team_with_a_job("IPS Botkyrka", Country.SWEDEN, None, "se")
    assert any(
        text.startswith("Vad händer med min aktivitetsersättning") for text in swedish["texts"]
    )
