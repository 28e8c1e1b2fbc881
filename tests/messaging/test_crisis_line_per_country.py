"""The crisis box names the crisis lines of the participant's own country: a Danish and a
Swedish team may share one installation, and a Swedish participant must never be sent to
Livslinien (issue 21), whatever language either reads the portal in."""

import pytest

from portal.core.identity import Country, Role
from tests.factories import make_team, make_user
from tests.helpers import post_form

LINES = {Country.DENMARK: "70 201 201", Country.SWEDEN: "90101"}


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_each_participant_sees_their_own_countrys_crisis_line_in_every_language(
    app, login_as, people, language
):
    with app.app_context():
        botkyrka = make_team("IPS Botkyrka", Country.SWEDEN)
        sara = make_user(Role.SPECIALIST, "sara@example.org", "Sara Specialist", team=botkyrka)
        elin = make_user(Role.CLIENT, "elin@example.org", "Elin Deltagare", specialist=sara)
    for participant, country in ((people["client_a"], Country.DENMARK), (elin, Country.SWEDEN)):
        browser = login_as(participant, lang=language)
        inbox = browser.get("/messages").get_data(as_text=True)
        started = post_form(browser, "/messages", {"subject": "", "body": "Hej, kan vi tale?"})
        conversation = browser.get(started.location).get_data(as_text=True)
        for page in (inbox, conversation):
            assert LINES[country] in page
            other = next(line for c, line in LINES.items() if c != country)
            assert other not in page
