"""A Danish and a Swedish team in one installation (issue 21): each participant meets their
own country's agencies in the plan, data protection authority on "My data", accessibility
authority in the statement and crisis line by the messages, in Danish, Swedish and English,
and never the other country's. The plan's own rules (what is offered, what an edit keeps,
what a forged value gets) are in tests/plans/test_agencies_per_country.py."""

import re

import pytest

from portal.core.identity import Country, Role
from tests.factories import make_team, make_user
from tests.helpers import post_form
from tests.plans.helpers import responsible_options

# What each country's participant must see, by language ...
OWN_WORDS = {
    Country.DENMARK: {
        "job_centre": {
            "da": "Jobcenter",
            "sv": "Jobcenter (dansk kommunal arbetsförmedling)",
            "en": "Job centre (jobcenter)",
        },
        "always": ["www.datatilsynet.dk", "Datatilsynet", "Digitaliseringsstyrelsen", "70 201 201"],
    },
    Country.SWEDEN: {
        "job_centre": {
            "da": "Arbetsförmedlingen (den svenske arbejdsformidling)",
            "sv": "Arbetsförmedlingen",
            "en": "Arbetsförmedlingen (the Swedish Public Employment Service)",
        },
        "always": [
            "www.imy.se",
            "Integritetsskyddsmyndigheten",
            "Myndigheten för digital förvaltning (DIGG)",
            "90101",
        ],
    },
}
# ... and the other country's words they must never see (compared in lower case).
FOREIGN_WORDS = {
    Country.DENMARK: [
        "arbetsförmedlingen",
        "försäkringskassan",
        "a-kassa",
        "integritetsskyddsmyndigheten",
        "www.imy.se",
        "digital förvaltning",
        "www.digg.se",
        "självmordslinjen",
    ],
    Country.SWEDEN: [
        "jobcenter",
        "a-kasse",
        "datatilsynet",
        "digitaliseringsstyrelsen",
        "www.digst.dk",
        "livslinien",
    ],
}
OFFERED = {
    Country.DENMARK: ["me", "specialist", "treatment_team", "job_centre", "unemployment_fund"],
    Country.SWEDEN: [
        "me",
        "specialist",
        "treatment_team",
        "job_centre",
        "forsakringskassan",
        "unemployment_fund",
    ],
}


@pytest.fixture
def participants(app, people):
    """The Danish participant of the `people` team, and a Swedish one of another team."""
    with app.app_context():
        botkyrka = make_team("IPS Botkyrka", Country.SWEDEN)
        sara = make_user(Role.SPECIALIST, "sara@example.org", "Sara Specialist", team=botkyrka)
        elin = make_user(Role.CLIENT, "elin@example.org", "Elin Deltagare", specialist=sara)
    return {Country.DENMARK: people["client_a"], Country.SWEDEN: elin}


@pytest.mark.parametrize("language", ["da", "sv", "en"])
@pytest.mark.parametrize("country", [Country.DENMARK, Country.SWEDEN])
def test_each_participant_meets_their_own_countrys_agencies_authorities_and_crisis_line(
    login_as, participants, country, language
):
    participant = participants[country]
    browser = login_as(participant, lang=language)
    plan = f"/clients/{participant.id}/plan"

    offered = responsible_options(browser.get(plan).get_data(as_text=True), f"{plan}/steps")
    assert list(offered) == [*OFFERED[country], "other"]
    job_centre = OWN_WORDS[country]["job_centre"][language]
    assert offered["job_centre"] == job_centre

    saved = post_form(
        browser, f"{plan}/steps", {"text": "Ringe", "responsible": "job_centre"}, page=plan
    )
    assert saved.status_code == 303
    plan_page = browser.get(plan).get_data(as_text=True)
    step_url = re.search(r'href="(/steps/\d+)"', plan_page).group(1)
    pages = {
        "plan": plan_page,
        "step and its history": browser.get(step_url).get_data(as_text=True),
        "readable export": browser.get("/my-data/export.html").get_data(as_text=True),
        "my data": browser.get("/my-data").get_data(as_text=True),
        "accessibility": browser.get("/accessibility").get_data(as_text=True),
        "messages": browser.get("/messages").get_data(as_text=True),
    }
    for name in ("plan", "step and its history", "readable export"):
        assert job_centre in pages[name], name
    assert job_centre in pages["step and its history"].split('class="history"')[1]
    every_page = "\n".join(pages.values())
    for word in OWN_WORDS[country]["always"]:
        assert word in every_page, word
    for word in FOREIGN_WORDS[country]:
        for name, page in pages.items():
            assert word not in page.lower(), (word, name)


def test_the_team_decides_not_the_installation_and_a_reader_without_a_team_gets_the_installations(
    app, monkeypatch, make_client, login_as, participants
):
    monkeypatch.setitem(app.config, "PORTAL_COUNTRY", "SE")
    danish = login_as(participants[Country.DENMARK])
    for url in ("/my-data", "/accessibility"):
        page = danish.get(url).get_data(as_text=True)
        assert "Datatilsynet" in page or "Digitaliseringsstyrelsen" in page
        assert "www.imy.se" not in page and "www.digg.se" not in page
    anonymous = make_client().get("/accessibility").get_data(as_text=True)
    assert "www.digg.se" in anonymous and "www.digst.dk" not in anonymous
    monkeypatch.setitem(app.config, "PORTAL_COUNTRY", "DK")
    anonymous = make_client().get("/accessibility").get_data(as_text=True)
    assert "www.digst.dk" in anonymous and "www.digg.se" not in anonymous
