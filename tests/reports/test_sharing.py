"""A team lead shares a quarter's figures with the team: the specialists get a copy in the
portal (hidden figures hidden, as on the lead's page) and an e-mail that says only that it is
there; nobody outside the team reads it, and only the team's own lead shares a whole quarter.
The fidelity review reads the quarters shared (item O7)."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role
from portal.fidelity.models import FidelityItemScore
from portal.fidelity.services import finish_review, review_items, score_item, start_review
from portal.placements.services.jobs import record_job
from portal.reports.models import SharedFigures
from portal.reports.periods import HALF, QUARTER, containing
from tests.factories import make_team, make_user
from tests.helpers import post_form
from tests.jobs.helpers import job_data

SUBJECT = "Dit teams tal er blevet delt med dig"  # in the installation's language, Danish


@pytest.fixture
def quarter(app):
    with app.app_context():
        return containing(local_today(), QUARTER)


@pytest.fixture
def served(app, people, quarter):
    """Six more participants of the team (eight in all) since before the quarter, two of them
    in a job in it: "participants served" is shown, "in an ordinary job" (2) is hidden."""
    with app.app_context():
        mette = db.merge(people["specialist_a"])
        for number in range(6):
            client = make_user(
                Role.CLIENT,
                f"served{number}@example.org",
                f"Deltager Nummer{number}",
                specialist=mette,
                enrolled_on=quarter.start - timedelta(days=30),
            )
            if number < 2:
                record_job(mette, client, job_data(people["employer"], start_date=quarter.start))
        db.commit()


def report_url(people, period) -> str:
    return f"/reports?team={people['team'].id}&period={period.code}"


def share(browser, people, period, team_id=None):
    return post_form(
        browser,
        "/reports/share",
        {"team": str(team_id or people["team"].id), "period": period.code},
        page="/reports",
    )


def shares(app) -> int:
    with app.app_context():
        return db.scalar(select(func.count()).select_from(SharedFigures))


@pytest.mark.usefixtures("served")
def test_the_lead_shares_the_quarter_and_the_team_reads_it(app, login_as, people, quarter, outbox):
    lead = login_as("admin")
    assert "Share these figures with the team" in lead.get(report_url(people, quarter)).text
    response = share(lead, people, quarter)
    assert response.status_code == 303
    assert response.location.endswith(report_url(people, quarter))
    page = lead.get(response.location).text
    assert "are shared with 2 specialists of IPS Testby" in page
    assert "Shared with the team on" in page  # sharing again is offered, and says so
    assert share(lead, people, quarter).status_code == 303  # again: the team reads the latest

    mails = [mail for mail in outbox() if mail.subject == SUBJECT]
    assert sorted(mail.recipient for mail in mails) == 2 * ["spec.a@example.org"] + 2 * [
        "spec.b@example.org"
    ]
    for mail in mails:
        assert "Lene Leder har delt teamets tal for" in mail.body
        assert "/team/figures" in mail.body
        # The figures stay in the portal, and no participant is named.
        assert "Deltagere, der har fået støtte" not in mail.body and "Nummer" not in mail.body

    mette = login_as("specialist_a")
    home = mette.get("/").text
    assert "Your team lead has shared the team's figures for" in home
    figures = mette.get("/team/figures").text
    assert figures.count("Shared by Lene Leder on") == 1  # the quarter once, as last shared
    served_figure = figures.split("Participants served", 1)[1]
    assert '<dd class="figure-value">8</dd>' in served_figure.split("</div>", 1)[0]
    in_job = figures.split("In an ordinary job", 1)[1].split("</div>", 1)[0]
    assert "fewer than 5" in in_job  # two people: hidden in the copy as on the lead's page
    assert "Deltager" not in figures


@pytest.mark.usefixtures("served")
def test_no_one_outside_the_team_reads_or_shares_it(app, login_as, people, quarter, outbox):
    assert share(login_as("admin"), people, quarter).status_code == 303
    with app.app_context():
        elsewhere = make_team("IPS Andetby")
        other_lead = make_user(Role.ADMIN, "other.lead@example.org", "Ole Leder", team=elsewhere)
        other_specialist = make_user(Role.SPECIALIST, "o.spec@example.org", team=elsewhere)
    stranger = login_as(other_specialist)
    assert "Nothing has been shared with the team yet." in stranger.get("/team/figures").text
    assert "has shared the team" not in stranger.get("/").text
    # Another team's lead cannot share this team's figures, nor learn that it exists.
    assert share(login_as(other_lead), people, quarter).status_code == 404
    assert login_as("client_a").get("/team/figures").status_code == 403
    assert share(login_as("specialist_a"), people, quarter).status_code == 403
    assert shares(app) == 1
    assert len([mail for mail in outbox() if mail.subject == SUBJECT]) == 2


def test_only_a_whole_quarter_is_shared(app, login_as, people, quarter):
    lead = login_as("admin")
    with app.app_context():
        half = containing(local_today(), HALF)
    assert "Share these figures with the team" not in lead.get(report_url(people, half)).text
    assert share(lead, people, half).status_code == 404  # only a forged form asks this
    assert shares(app) == 0


def test_the_review_shows_the_quarters_shared_and_keeps_them(app, login_as, people, quarter):
    with app.app_context():
        lead = db.merge(people["admin"])
        half = containing(local_today(), HALF)
        review = start_review(lead, lead.team, half, local_today())
        db.commit()
        review_id = review.id
    page = login_as("admin").get(f"/fidelity/{review_id}").text
    o7 = page.split('id="item-O7"', 1)[1].split("</section>", 1)[0]
    assert "Quarters whose figures were shared with the team</dt><dd>0</dd>" in o7
    assert "Save the score" in o7  # the reviewer still scores it

    assert share(login_as("admin"), people, quarter).status_code == 303
    page = login_as("admin").get(f"/fidelity/{review_id}").text
    o7 = page.split('id="item-O7"', 1)[1].split("</section>", 1)[0]
    assert "Quarters in the period</dt><dd>2</dd>" in o7
    assert "Quarters whose figures were shared with the team</dt><dd>1</dd>" in o7

    with app.app_context():
        review = db.merge(review)
        lead = db.merge(people["admin"])
        for result in review_items(review):
            if result.needs_reviewer:
                score_item(lead, review, result.item.key, 3, "Seen at the team meeting.")
        finish_review(lead, review)
        db.commit()
        kept = db.scalar(select(FidelityItemScore).where(FidelityItemScore.item == "O7"))
        assert kept.numbers == {"quarters": 2, "quarters_shared": 1}
        db.execute(SharedFigures.__table__.delete())  # later shares never change a kept review
        db.commit()
    rows = list(
        csv.DictReader(io.StringIO(login_as("admin").get(f"/fidelity/{review_id}.csv").text))
    )
    o7_rows = {row["measure"]: row["value"] for row in rows if row["item"] == "O7"}
    assert o7_rows == {"score": "3", "quarters": "2", "quarters_shared": "1"}
