"""Teams are the boundary of need-to-know (issue 18): a team lead sees and manages the teams
they lead and nothing of the others. Another team's team page, participants, staff and figures
answer 404, as if they were not there; a lead of several teams works in each of them.

The teams: IPS Testby (DK, `people`, led by Lene), IPS Botkyrka (SE, led by Britt) and two
Danish teams led by Mona together with Botkyrka: IPS Aarhus and IPS Odder.
"""

import pytest
from sqlalchemy import func, select

from portal.caseload.handover import hand_over
from portal.caseload.models import Handover
from portal.core.authz import NotAllowed
from portal.core.db import db, utcnow
from portal.core.identity import Country, Role, TeamLead, User
from portal.core.outbox import OutboxEmail
from portal.privacy.services import erase_client, restrict_client
from tests.caseload.helpers import answer_confirmation, ask_handover, hidden_fields
from tests.factories import make_team, make_user
from tests.helpers import csrf_token_from, post_form

FOREIGN_NAMES = ("IPS Botkyrka", "Sven Svensson", "Karin Karlsson", "IPS Aarhus", "Aksel Aarhus")


@pytest.fixture
def teams(app, people):
    """`people` and three more teams: their leads, specialists and participants by key."""
    with app.app_context():
        botkyrka = make_team("IPS Botkyrka", Country.SWEDEN)
        aarhus = make_team("IPS Aarhus", Country.DENMARK)
        odder = make_team("IPS Odder", Country.DENMARK)
        britt = make_user(Role.ADMIN, "britt@example.org", "Britt Botkyrka", team=botkyrka)
        mona = make_user(Role.ADMIN, "mona@example.org", "Mona Many", team=aarhus)
        for team in (odder, botkyrka):
            db.add(TeamLead(team_id=team.id, user_id=mona.id))
        db.commit()
        sven = make_user(Role.SPECIALIST, "sven@example.org", "Sven Svensson", team=botkyrka)
        aksel = make_user(Role.SPECIALIST, "aksel@example.org", "Aksel Aarhus", team=aarhus)
        otto = make_user(Role.SPECIALIST, "otto@example.org", "Otto Odder", team=odder)
        everyone = people | {
            "botkyrka": botkyrka,
            "aarhus": aarhus,
            "odder": odder,
            "britt": britt,
            "mona": mona,
            "sven": sven,
            "aksel": aksel,
            "otto": otto,
            "karin": make_user(Role.CLIENT, "karin@example.org", "Karin Karlsson", specialist=sven),
            "asta": make_user(Role.CLIENT, "asta@example.org", "Asta Aarhus", specialist=aksel),
            # In Lene's team, but not someone to hand a participant to: switched off, and
            # invited without a password yet.
            "gone": make_user(
                Role.SPECIALIST,
                "gone@example.org",
                "Gorm Gone",
                team=people["team"],
                deactivated_at=utcnow(),
            ),
            "new": make_user(
                Role.SPECIALIST,
                "new@example.org",
                "Nina New",
                team=people["team"],
                password_hash=None,
            ),
        }
        return everyone


def specialist_of(app, client_id: int) -> int:
    with app.app_context():
        return db.get(User, client_id).specialist_id


def nothing_handed_over(app) -> bool:
    with app.app_context():
        return (
            db.scalar(select(func.count(Handover.id))) == 0
            and db.scalar(select(func.count(OutboxEmail.id))) == 0
        )


def test_another_teams_pages_and_participants_are_not_there(app, login_as, teams):
    lene = login_as(teams["admin"])
    token = csrf_token_from(lene.get("/").text)
    karin = teams["karin"].id
    for team in ("botkyrka", "aarhus"):
        assert lene.get(f"/teams/{teams[team].id}").status_code == 404
    assert lene.get(f"/teams/{teams['team'].id}").status_code == 200
    for url in (f"/clients/{karin}/handover", f"/clients/{karin}/privacy"):
        assert lene.get(url).status_code == 404, url
    posts = {
        f"/clients/{karin}/handover": {"specialist": str(teams["specialist_b"].id)},
        f"/clients/{karin}/restrict": {"restricted": "yes"},
        f"/clients/{karin}/erase": {"confirm": "y"},
    }
    for url, data in posts.items():
        assert lene.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    confirmed = {"specialist": str(teams["specialist_a"].id), "confirmed": "yes"}
    response = lene.post(f"/clients/{karin}/handover", data={"csrf_token": token, **confirmed})
    assert response.status_code == 404
    with app.app_context():
        karin_now = db.get(User, karin)
        assert (karin_now.restricted_at, karin_now.erased_at) == (None, None)
        assert karin_now.specialist_id == teams["sven"].id
    # Their own lead reaches them.
    britt = login_as(teams["britt"])
    assert britt.get(f"/teams/{teams['botkyrka'].id}").status_code == 200
    assert britt.get(f"/clients/{karin}/privacy").status_code == 200
    assert britt.get(f"/teams/{teams['team'].id}").status_code == 404


def test_the_services_refuse_another_teams_participant_too(app, teams):
    with app.app_context():
        lene, karin = db.get(User, teams["admin"].id), db.get(User, teams["karin"].id)
        for attempt in (
            lambda: hand_over(lene, karin, teams["specialist_a"].id, None, None),
            lambda: restrict_client(lene, karin, True),
            lambda: erase_client(lene, karin),
        ):
            with pytest.raises(NotAllowed):
                attempt()
        db.rollback()


def test_another_teams_staff_are_not_managed_nor_listed(app, login_as, teams):
    lene = login_as(teams["admin"])
    page = lene.get("/team/accounts").text
    token = csrf_token_from(page)
    assert "Sofie Specialist" in page
    for name in ("Sven Svensson", "Britt Botkyrka", "Karin Karlsson", "Mona Many"):
        assert name not in page
    sven = teams["sven"].id
    for action in ("deactivate", "reactivate", "two-factor/reset"):
        url = f"/team/accounts/{sven}/{action}"
        assert lene.get(url).status_code == 404, url
        assert lene.post(url, data={"csrf_token": token}).status_code == 404, url
    with app.app_context():
        person = db.get(User, sven)
        assert person.deactivated_at is None and person.mfa_enabled_at is not None


def test_the_home_page_lists_only_the_leads_teams(login_as, teams):
    lene = login_as(teams["admin"]).get("/").text
    assert "IPS Testby" in lene
    assert not [name for name in ("IPS Botkyrka", "IPS Aarhus", "IPS Odder") if name in lene]
    mona = login_as(teams["mona"]).get("/").text
    assert all(name in mona for name in ("IPS Botkyrka", "IPS Aarhus", "IPS Odder"))
    assert "IPS Testby" not in mona


def test_the_reports_hold_no_other_teams_names_and_refuse_their_ids(login_as, teams):
    lene = login_as(teams["admin"])
    for url in ("/reports?team=0&period=2026", "/feedback/report"):
        page = lene.get(url).text
        assert "Sofie Specialist" in page, url
        assert not [name for name in FOREIGN_NAMES if name in page], url
    botkyrka = teams["botkyrka"].id
    for url in (
        f"/reports?team={botkyrka}&period=2026",
        f"/reports.csv?team={botkyrka}&period=2026",
        f"/feedback/report?team={botkyrka}",
        "/reports?team=987654&period=2026",  # no team at all: the same answer
    ):
        assert lene.get(url).status_code == 404, url
    csv = lene.get("/reports.csv?team=0&period=2026")
    assert csv.status_code == 200 and "IPS Testby" in csv.text
    mona = login_as(teams["mona"])
    page = mona.get("/reports?period=2026").text
    assert "All teams" in page and "Aksel Aarhus" in page and "Sven Svensson" in page
    assert "Sofie Specialist" not in page and "IPS Testby" not in page
    feedback = mona.get(f"/feedback/report?team={botkyrka}").text
    assert "Sven Svensson" in feedback and "Aksel Aarhus" not in feedback
    assert mona.get(f"/feedback/report?team={teams['team'].id}").status_code == 404


def test_the_handover_offers_only_active_specialists_of_led_teams_in_the_same_country(
    login_as, teams
):
    lene = login_as(teams["admin"])
    form = lene.get(f"/clients/{teams['client_a'].id}/handover").text
    assert "Bo Specialist (IPS Testby)" in form
    for name in (
        "Sofie Specialist (",
        "Gorm Gone",
        "Nina New",
        "Aksel Aarhus",
        "Otto Odder",
        "Sven Svensson",
    ):
        assert name not in form, name
    mona = login_as(teams["mona"])
    form = mona.get(f"/clients/{teams['asta'].id}/handover").text
    assert "Otto Odder (IPS Odder)" in form
    for name in ("Sven Svensson", "Aksel Aarhus (", "Bo Specialist", "Sofie Specialist"):
        assert name not in form, name


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("aksel", "Choose an employment specialist from the list."),  # another team
        ("sven", "Choose an employment specialist from the list."),  # another team and country
        ("gone", "This specialist cannot sign in now"),
        ("new", "This specialist cannot sign in now"),
    ],
)
def test_a_forged_choice_is_refused_with_or_without_confirming(app, login_as, teams, who, message):
    lene = login_as(teams["admin"])
    anna = teams["client_a"].id
    for extra in ({}, {"confirmed": "yes"}):
        fields = {"specialist": str(teams[who].id), **extra}
        response = ask_handover(lene, anna, **fields)
        assert response.status_code == 422
        assert message in response.text
    assert specialist_of(app, anna) == teams["specialist_a"].id
    assert nothing_handed_over(app)


def test_a_lead_of_a_team_in_another_country_cannot_move_a_participant_there(app, login_as, teams):
    mona = login_as(teams["mona"])
    asta = teams["asta"].id
    for extra in ({}, {"confirmed": "yes"}):
        response = ask_handover(mona, asta, specialist=str(teams["sven"].id), **extra)
        assert response.status_code == 422
        assert "in a team in the same country as the participant" in response.text
    assert specialist_of(app, asta) == teams["aksel"].id
    assert nothing_handed_over(app)


def test_the_confirmation_names_both_and_nothing_is_saved_before_yes(app, login_as, teams):
    lene = login_as(teams["admin"])
    anna = teams["client_a"].id
    notes = {
        "note_to_client": "Bo will help you from Monday.\nSee you soon.",
        "note_to_specialist": 'Anna prefers mornings & "quiet" rooms.',
    }
    confirmation = ask_handover(lene, anna, specialist=str(teams["specialist_b"].id), **notes)
    page = confirmation.text
    assert confirmation.status_code == 200
    assert (
        "Hand Anna Klient over from Sofie Specialist (IPS Testby) to Bo Specialist (IPS Testby)?"
        in page
    )
    assert "Bo will help you from Monday." in page and "Yes, hand over" in page
    carried = hidden_fields(page)
    assert carried["specialist"] == str(teams["specialist_b"].id)
    assert carried["note_to_client"].splitlines() == notes["note_to_client"].splitlines()
    assert carried["note_to_specialist"] == notes["note_to_specialist"]
    assert specialist_of(app, anna) == teams["specialist_a"].id
    assert nothing_handed_over(app)
    # "Change" shows the form again with the choices filled in, still saving nothing.
    back = answer_confirmation(lene, anna, page, button="change")
    assert back.status_code == 200 and "Continue" in back.text and "Yes, hand over" not in back.text
    assert "Anna prefers mornings &amp; &#34;quiet&#34; rooms." in back.text
    assert nothing_handed_over(app)
    done = answer_confirmation(lene, anna, page)
    assert done.status_code == 303
    assert done.location.endswith(f"/teams/{teams['team'].id}")
    with app.app_context():
        [handover] = db.scalars(select(Handover)).all()
        assert (handover.to_specialist_id, handover.note_to_specialist) == (
            teams["specialist_b"].id,
            notes["note_to_specialist"],
        )
        assert handover.note_to_client.splitlines() == notes["note_to_client"].splitlines()
    assert specialist_of(app, anna) == teams["specialist_b"].id
    flashed = lene.get(done.location).text
    assert "Anna Klient now has Bo Specialist as employment specialist." in flashed
    # "Yes" pressed a second time (a slow phone): back on the team page, nothing more saved.
    again = answer_confirmation(lene, anna, page)
    assert again.status_code == 303 and again.location.endswith(f"/teams/{teams['team'].id}")
    with app.app_context():
        assert len(db.scalars(select(Handover)).all()) == 1


def test_a_lead_of_several_teams_works_in_each_of_them(app, login_as, teams):
    mona = login_as(teams["mona"])
    asta, karin = teams["asta"].id, teams["karin"].id
    for team in ("aarhus", "odder", "botkyrka"):
        assert mona.get(f"/teams/{teams[team].id}").status_code == 200
    assert mona.get(f"/clients/{karin}/privacy").status_code == 200
    assert "Sven Svensson" in mona.get("/team/accounts").text
    # Asta goes from Aarhus to Odder, both Mona's, with Otto.
    page = ask_handover(mona, asta, specialist=str(teams["otto"].id)).text
    assert "from Aksel Aarhus (IPS Aarhus) to Otto Odder (IPS Odder)?" in page
    assert answer_confirmation(mona, asta, page).status_code == 303
    with app.app_context():
        moved = db.get(User, asta)
        assert (moved.specialist_id, moved.team_id) == (teams["otto"].id, teams["odder"].id)
    # Two-factor reset and switching off in the Swedish team she leads too.
    sven = teams["sven"].id
    assert post_form(mona, f"/team/accounts/{sven}/two-factor/reset", {}).status_code == 303
    assert post_form(mona, f"/team/accounts/{sven}/deactivate", {}).status_code == 303
    restricted = post_form(
        mona, f"/clients/{karin}/restrict", {"restricted": "yes"}, page=f"/clients/{karin}/privacy"
    )
    assert restricted.status_code == 303
    with app.app_context():
        assert db.get(User, sven).deactivated_at is not None
        assert db.get(User, karin).restricted_at is not None
