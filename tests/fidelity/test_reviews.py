"""A team lead's fidelity review from start to finish, as the lead and as a lead of another
team see it: the items, the reviewer's scores, finishing, and what cannot change after."""

import csv
import io
import re
from datetime import date

from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role, Team, User
from portal.fidelity.items import ENTERED, ITEMS, MEASURED
from portal.fidelity.models import FidelityItemScore, FidelityReview
from portal.fidelity.services import finish_review, review_items, score_item, start_review
from portal.placements.models import Job, JobKind
from portal.privacy.services import erase_client
from portal.reports.periods import YEAR, containing
from tests.factories import make_team, make_user
from tests.helpers import csrf_token_from, sign_in, signed_in

PERIOD = "2026-H1"


def start(browser, period=PERIOD):
    page = browser.get("/fidelity").get_data(as_text=True)
    team = re.search(r'<option[^>]*value="(\d+)"', page).group(1)
    data = {"csrf_token": csrf_token_from(page), "team": team, "period": period}
    return browser.post("/fidelity", data=data)


def started(app, browser, period=PERIOD) -> int:
    response = start(browser, period)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return int(response.location.rsplit("/", 1)[1])


def score(browser, review_id, key, value="3", note="Seen at the team meeting."):
    page = browser.get(f"/fidelity/{review_id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "score": value, "note": note}
    return browser.post(f"/fidelity/{review_id}/items/{key}", data=data)


def test_a_lead_starts_a_review_of_every_item(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    review_id = started(app, lead)
    page = lead.get(f"/fidelity/{review_id}").get_data(as_text=True)
    for item in ITEMS:
        assert f'id="item-{item.key}"' in page, item.key
    # The demo caseload is tiny: every measured item rests on fewer than 5 and is not scored.
    assert page.count("Too few to score from the records") == len(MEASURED)
    assert page.count("Save the score") == len(ITEMS)
    assert "The total comes when every item has a score." in page


def test_the_reviewer_must_say_what_a_score_rests_on(app, make_client, people):
    lead = signed_in(make_client, people, "admin", lang="da")
    review_id = started(app, lead)
    response = score(lead, review_id, "S2", note="  ")
    assert response.status_code == 422
    assert "Udfyld dette felt." in response.get_data(as_text=True)
    response = score(lead, review_id, "S2", value="6")
    assert response.status_code == 422
    with app.app_context():
        assert db.scalars(select(FidelityItemScore)).all() == []
    assert score(lead, review_id, "S2", value="4").status_code == 303
    with app.app_context():
        row = db.scalar(select(FidelityItemScore))
        assert (row.item, row.score, row.note) == ("S2", 4, "Seen at the team meeting.")


def test_a_finished_review_is_kept_as_it_was(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    review_id = started(app, lead)
    page = lead.get(f"/fidelity/{review_id}").get_data(as_text=True)
    response = lead.post(
        f"/fidelity/{review_id}/finish", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 422
    assert "Score every item first." in response.get_data(as_text=True)
    for number, item in enumerate(ITEMS):
        assert score(lead, review_id, item.key, value=str(number % 5 + 1)).status_code == 303
    expected_total = sum(number % 5 + 1 for number in range(len(ITEMS)))
    page = lead.get(f"/fidelity/{review_id}").get_data(as_text=True)
    assert f"{expected_total} of 125" in page
    response = lead.post(
        f"/fidelity/{review_id}/finish", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 303
    with app.app_context():
        review = db.get(FidelityReview, review_id)
        assert review.total == expected_total and review.finished_at is not None
    response = score(lead, review_id, "S2", value="5")
    assert response.status_code == 422
    assert "This review is finished" in response.get_data(as_text=True)
    with app.app_context():
        assert db.get(FidelityReview, review_id).total == expected_total
    assert "Save the score" not in lead.get(f"/fidelity/{review_id}").get_data(as_text=True)


def test_two_reviews_of_a_team_never_overlap(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    started(app, lead)
    response = start(lead, "2026")
    assert response.status_code == 422
    assert "already has a review that covers part of this period" in response.get_data(as_text=True)
    assert "(Half-year: first half of 2026)" in response.get_data(as_text=True)
    assert start(lead, "2025").status_code == 303


def test_a_lead_of_another_team_sees_nothing_of_it(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    review_id = started(app, lead)
    with app.app_context():
        other = make_user(Role.ADMIN, "other.lead@example.org", team=make_team("IPS Andetby"))
    stranger = make_client()
    sign_in(stranger, other.email)
    assert f"/fidelity/{review_id}" not in stranger.get("/fidelity").get_data(as_text=True)
    assert stranger.get(f"/fidelity/{review_id}").status_code == 404
    assert stranger.get(f"/fidelity/{review_id}.csv").status_code == 404
    token = csrf_token_from(stranger.get("/fidelity").get_data(as_text=True))
    for path in ("items/S2", "actions", "finish"):
        data = {"csrf_token": token, "score": "5", "note": "x", "item": "S2", "text": "x"}
        assert stranger.post(f"/fidelity/{review_id}/{path}", data=data).status_code == 404
    assert people["team"].name not in stranger.get("/fidelity").get_data(as_text=True)


def test_the_file_holds_scores_and_counts_only(app, make_client, people):
    lead = signed_in(make_client, people, "admin")
    review_id = started(app, lead)
    for item in ENTERED:
        score(lead, review_id, item.key, value="2", note="Anna Klient said so")
    response = lead.get(f"/fidelity/{review_id}.csv")
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="ips-fidelity-{PERIOD}.csv"'
    )
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["item"] for row in rows} == {item.key for item in ITEMS} | {"total"}
    assert "Anna" not in text and "Klient" not in text  # the reviewer's notes stay on the page
    too_few = {row["item"] for row in rows if row["measure"] == "too_few_to_score"}
    assert too_few == {item.key for item in MEASURED}


def test_erasing_a_participant_leaves_a_finished_review_as_it_was(app, people):
    with app.app_context():
        lead, team = db.merge(people["admin"]), db.merge(people["team"])
        sofie = db.merge(people["specialist_a"])
        clients = [
            User(
                role=Role.CLIENT,
                name=f"P{n}",
                email=f"p{n}@example.org",
                team_id=team.id,
                specialist_id=sofie.id,
                enrolled_on=date(2025, 1, 1),
            )
            for n in range(6)
        ]
        db.add_all(clients)
        db.flush()
        for client in clients:
            db.add(
                Job(
                    client_id=client.id,
                    kind=JobKind.JOB,
                    title="Lager",
                    start_date=date(2025, 3, 1),
                    competitive=True,
                )
            )
        review = start_review(lead, team, containing(date(2025, 6, 1), YEAR), local_today())
        for result in review_items(review):
            if result.needs_reviewer:
                score_item(lead, review, result.item.key, 3, "Interviews")
        finish_review(lead, review)
        db.commit()
        before = [(r.item.key, r.score, r.value, r.numbers) for r in review_items(review)]
        assert ("V10", 5, 100, {"jobs": 6, "ordinary": 6}) in [
            (key, score, value, numbers) for key, score, value, numbers in before
        ]
        erase_client(lead, db.get(User, clients[0].id))
        db.commit()
        review = db.get(FidelityReview, review.id)
        assert [(r.item.key, r.score, r.value, r.numbers) for r in review_items(review)] == before
        assert db.get(Team, team.id) is not None


def test_the_worksheet_draws_the_team_s_own_participants_and_keeps_its_draw(
    app, make_client, people
):
    lead = signed_in(make_client, people, "admin")
    review_id = started(app, lead, period="2026-H2")  # the demo caseload started this year
    with app.app_context():
        stranger = make_user(Role.SPECIALIST, "far@example.org", team=make_team("IPS Andetby"))
        make_user(Role.CLIENT, "elsewhere@example.org", "Ella Elsewhere", specialist=stranger)
        team = db.merge(people["team"])
        for number in range(14):
            db.add(
                User(
                    role=Role.CLIENT,
                    name=f"Person {number:02d}",
                    email=f"p{number}@example.org",
                    team_id=team.id,
                    specialist_id=people["specialist_a"].id,
                    enrolled_on=date(2026, 7, 1),
                )
            )
        db.commit()

    def drawn() -> list[str]:
        page = lead.get(f"/fidelity/{review_id}").get_data(as_text=True)
        section = page.split('id="worksheet"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'<th scope="row">([^<]+)</th>', section)

    first = drawn()
    assert len(first) == 10  # of the team's 16 participants
    assert "Ella Elsewhere" not in first
    assert drawn() == first  # the same people at every view
    with app.app_context():
        other = start_review(
            db.merge(people["admin"]),
            db.merge(people["team"]),
            containing(date(2025, 6, 1), YEAR),
            local_today(),
        )
        db.commit()
        other_id = other.id
    # Another review draws its own sample (of the people served in its own period: none).
    assert "The team served nobody in the period." in lead.get(f"/fidelity/{other_id}").get_data(
        as_text=True
    )
