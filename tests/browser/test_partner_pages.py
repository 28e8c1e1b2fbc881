"""A treatment contact on a phone (390 px): Karen Holm signs in with her code, finds Anna (who
said yes to her goals, plan and meeting summaries) and not Peter (asked, no answer), reads
Anna's goals and plan and nothing else; her pages pass axe and reflow at 320 px in da, sv and
en. Anna then stops sharing on her own page, and Karen's next request shows nothing of her."""

import pytest
from sqlalchemy import delete, func, select

from portal.core.db import db
from portal.core.identity import User
from portal.goals.services import list_goals
from portal.messaging.models import Conversation
from portal.partners.models import LinkState, PartnerLink, PartnerLinkEvent
from portal.plans.models import StepState
from portal.plans.services import list_steps
from portal.profiles.services import get_profile
from tests.browser.helpers import LANGUAGES, checked_page_problems
from tests.browser.server import PHONE, sign_in, switch_language

pytestmark = pytest.mark.browser

KAREN = "behandler@demo.ips-portal.dk"
ANNA = "anna@demo.ips-portal.dk"


def _user(email: str) -> User:
    return db.scalar(select(User).where(User.email == email))


@pytest.fixture
def annas_link(live_server):
    """Anna's yes to Karen, and what Karen may and may not see; the yes is given back after,
    as the demo data has it."""
    app = live_server.app
    with app.app_context():
        events_before = db.scalar(select(func.max(PartnerLinkEvent.id)))
        anna, karen = _user(ANNA), _user(KAREN)
        link = db.scalar(
            select(PartnerLink).where(
                PartnerLink.client_id == anna.id, PartnerLink.partner_id == karen.id
            )
        )
        assert link.shares() == {"goals", "plan", "meetings"}
        profile = get_profile(anna.id)
        texts = {
            "anna_id": anna.id,
            "link_id": link.id,
            "goal": list_goals(anna.id)[0].text,
            "step": next(s.text for s in list_steps(anna.id) if s.state == StepState.AGREED),
            "proposal": next(s.text for s in list_steps(anna.id) if s.state != StepState.AGREED),
            "profile": profile.strengths if profile else None,
            "subject": db.scalar(
                select(Conversation.subject).where(Conversation.client_id == anna.id)
            ),
        }
    yield texts
    with app.app_context():
        link = db.get(PartnerLink, link.id)
        link.state, link.withdrawn_at = LinkState.ACTIVE, None
        link.share_goals = link.share_plan = link.share_meetings = True
        db.execute(delete(PartnerLinkEvent).where(PartnerLinkEvent.id > events_before))
        db.commit()


def test_a_treatment_contact_reads_what_anna_shares_and_nothing_after_she_stops(
    new_page, base_url, live_server, axe_source, annas_link
):
    page = new_page(viewport=PHONE)
    sign_in(page, base_url, KAREN)  # the password, then the code from her phone
    home = page.locator("main").inner_text()
    assert "Anna Nielsen" in home and "Peter" not in home

    shared = f"/shared/{annas_link['anna_id']}"
    with page.expect_navigation():
        page.click(f"main a[href='{shared}']")
    text = page.locator("main").inner_text()
    assert annas_link["goal"] in text and annas_link["step"] in text
    # Nothing else: no proposal she has not decided on, no profile, no messages.
    for hidden in ("proposal", "profile", "subject"):
        if annas_link[hidden]:
            assert annas_link[hidden] not in text, hidden

    problems = []
    for language in LANGUAGES:
        switch_language(page, language)
        for path in ("/", shared):
            problems += checked_page_problems(page, base_url, path, language, axe_source)
    assert not problems, "\n".join(problems)

    # Anna, on her own phone, stops sharing with Karen: one press on her page.
    anna = new_page(viewport=PHONE)
    sign_in(anna, base_url, ANNA)
    anna.goto(f"{base_url}/sharing")
    with anna.expect_navigation():
        anna.click(f"form[action='/sharing/{annas_link['link_id']}/stop'] button")
    assert "Karen Holm" in anna.locator("#flash").inner_text()

    response = page.goto(base_url + shared)
    assert response.status == 404
    assert annas_link["goal"] not in page.locator("main").inner_text()
    page.goto(base_url + "/")
    assert "Anna" not in page.locator("main").inner_text()
