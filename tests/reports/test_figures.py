"""Every figure of the outcome and fidelity report on a seeded data set whose answers are
worked out by hand below, for the period 1 January to 30 June 2026 (181 days)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from portal.core.db import db
from portal.core.identity import EmployerOrganisation, Role, User
from portal.feedback.models import Feedback
from portal.placements.models import EmployerContact, EndReason, Job, JobKind
from portal.reports.export import pseudonym, report_csv
from portal.reports.services import outcome_report
from tests.factories import make_user

START, END = date(2026, 1, 1), date(2026, 6, 30)
D = date

# name: (specialist, enrolled, first employer contact or None)
CLIENTS = {
    "c1": ("a", D(2025, 12, 1), D(2026, 1, 10)),  # 40 days to the first contact
    "c2": ("a", D(2026, 1, 5), D(2026, 1, 20)),  # 15
    "c3": ("a", D(2026, 2, 1), D(2026, 2, 11)),  # 10
    "c4": ("a", D(2025, 6, 1), D(2025, 6, 10)),  # before the period: not counted
    "c5": ("a", D(2026, 3, 1), D(2026, 3, 31)),  # 30
    "c6": ("a", D(2026, 5, 1), None),
    "c7": ("b", D(2026, 7, 15), None),  # enrolled after the period: not served
    "c8": ("b", D(2025, 9, 1), D(2025, 9, 5)),
    "c9": ("b", D(2025, 10, 1), D(2026, 1, 2)),  # 93
    "c10": ("b", D(2026, 1, 10), D(2026, 1, 12)),  # 2
    "c11": ("b", D(2025, 11, 1), D(2025, 11, 5)),
}
# (client, kind, employer, start, hours, competitive, end, reason)
JOBS = [
    ("c1", "job", "E1", D(2026, 2, 1), "20", True, D(2026, 3, 15), "resigned"),
    ("c2", "job", "E1", D(2026, 3, 1), "10", True, None, None),
    ("c3", "job", "E2", D(2026, 4, 1), "25", True, None, None),
    ("c4", "job", "E3", D(2025, 5, 1), "15", True, D(2026, 6, 15), "resigned"),  # held at entry
    ("c5", "education", None, D(2026, 4, 15), None, True, D(2026, 6, 20), "completed"),
    ("c8", "job", "E2", D(2025, 10, 1), "30", True, D(2026, 1, 20), "contract_ended"),
    ("c9", "job", "E4", D(2026, 1, 15), "8", False, D(2026, 2, 1), "health"),  # not ordinary
    ("c10", "job", "E1", D(2026, 6, 1), "37", True, None, None),
    ("c11", "job", "E3", D(2026, 1, 20), "12", True, D(2026, 5, 1), "better_job"),
]

# Worked out by hand:
EXPECTED = {
    "clients_served": 10,  # all but c7
    "in_ordinary_job": 7,  # c1 c2 c3 c4 c8 c10 c11 (c9's job is not ordinary)
    "employment_rate": Decimal("67"),  # 6 (c1 c2 c3 c8 c10 c11) of the 9 without a job at entry
    "job_starts": 6,  # c1 c2 c3 c9 c10 c11
    "days_to_first_contact": Decimal("22.5"),  # 2 10 15 | 30 40 93
    "days_to_first_job": Decimal("71.0"),  # 55 59 62 | 80 106 142
    "median_hours": Decimal("17.5"),  # 8 10 12 15 | 20 25 30 37
    "share_20_hours": Decimal("50"),  # 4 of 8
    "retention_90": Decimal("60"),  # day 90 in the period: c1 c2 c3 c9 c11; kept: c2 c3 c11
    "employer_concentration": Decimal("50"),  # E1 has 3 of the 6 starts
}
SUPPRESSED = {
    "education_starts": 1,  # one education start: a group under 5
    # 5 4 3 4 4 (the July answer is outside): 5 answers, but one a month, each hidden, so
    # the average of the five is hidden too (portal.core.suppression, rule b).
    "feedback_average": 5,
}


@pytest.fixture
def seeded(app, people):
    with app.app_context():
        team = db.merge(people["team"])
        specialists = {"a": db.merge(people["specialist_a"]), "b": db.merge(people["specialist_b"])}
        employers = {}
        for name in ("E1", "E2", "E3", "E4"):
            employers[name] = EmployerOrganisation(team_id=team.id, name=f"Employer {name}")
            db.add(employers[name])
        db.flush()
        clients = {}
        for name, (who, enrolled, contact) in CLIENTS.items():
            client = make_user(
                Role.CLIENT,
                f"{name}@example.org",
                f"Client {name.upper()}",
                specialist=specialists[who],
            )
            client.enrolled_on = enrolled
            clients[name] = client
            if contact:
                db.add(
                    EmployerContact(
                        specialist_id=specialists[who].id,
                        employer_id=employers["E1"].id,
                        client_id=client.id,
                        contact_on=contact,
                        in_person=True,
                    )
                )
        for name, kind, employer, start, hours, competitive, end, reason in JOBS:
            db.add(
                Job(
                    client_id=clients[name].id,
                    kind=JobKind(kind),
                    employer_id=employers[employer].id if employer else None,
                    title="Work",
                    start_date=start,
                    hours_per_week=Decimal(hours) if hours else None,
                    competitive=competitive,
                    end_date=end,
                    end_reason=EndReason(reason) if reason else None,
                )
            )
        # Job development without a client: 2 face to face and 1 by phone in the period for A,
        # and one face to face the day after it ends.
        for day, in_person in (
            (D(2026, 3, 3), True),
            (D(2026, 4, 7), True),
            (D(2026, 5, 5), False),
            (D(2026, 7, 1), True),
        ):
            db.add(
                EmployerContact(
                    specialist_id=specialists["a"].id,
                    employer_id=employers["E2"].id,
                    contact_on=day,
                    in_person=in_person,
                )
            )
        for month, rating in ((1, 5), (2, 4), (3, 3), (5, 4), (6, 4), (7, 1)):
            db.add(
                Feedback(
                    team_id=team.id,
                    specialist_id=specialists["a"].id,
                    rating=rating,
                    named=False,
                    month=D(2026, month, 1),
                )
            )
        db.commit()
        return {"team_id": team.id, "a": specialists["a"].id, "b": specialists["b"].id}


def test_every_figure_matches_the_hand_worked_answer(app, seeded):
    with app.app_context():
        report = outcome_report([seeded["team_id"]], START, END)
    values = {key: figure.value for key, figure in report.figures.items() if key in EXPECTED}
    assert values == EXPECTED
    for key, n in SUPPRESSED.items():
        figure = report.figures[key]
        assert (figure.suppressed, figure.value, figure.n) == (True, None, n)


def test_endings_by_reason_are_counted_and_small_groups_hidden(app, seeded):
    with app.app_context():
        report = outcome_report([seeded["team_id"]], START, END)
    # Six endings in the period: resigned 2 (c1, c4), and one each of contract ended (c8),
    # health (c9), better job (c11) and completed (c5's education). Every reason is hidden,
    # so the total is too: else the total less the shown reasons would give a hidden one.
    assert (report.endings_total.count, report.endings_total.suppressed) == (6, True)
    counts = {reason: cell.count for reason, cell in report.endings if cell.count}
    assert counts == {
        EndReason.RESIGNED: 2,
        EndReason.CONTRACT_ENDED: 1,
        EndReason.HEALTH: 1,
        EndReason.BETTER_JOB: 1,
        EndReason.COMPLETED: 1,
    }
    assert all(cell.suppressed for _reason, cell in report.endings if cell.count)


def test_caseloads_and_employer_contacts_per_week(app, seeded, people):
    with app.app_context():
        report = outcome_report([seeded["team_id"]], START, END)
    rows = {row.specialist.id: row for row in report.specialists}
    # A: c1-c6 and the fixture's client A; B: c7-c11 and client B.
    assert (rows[seeded["a"]].caseload, rows[seeded["b"]].caseload) == (7, 6)
    # A: 4 first contacts for clients (c1 c2 c3 c5) + 3 others in the period = 7 in 181/7
    # weeks = 0.27 a week, of which 6 face to face = 0.23. B: c9 and c10 = 2, 0.08.
    assert (rows[seeded["a"]].contacts_per_week, rows[seeded["a"]].in_person_per_week) == (
        Decimal("0.3"),
        Decimal("0.2"),
    )
    assert (rows[seeded["b"]].contacts_per_week, rows[seeded["b"]].in_person_per_week) == (
        Decimal("0.1"),
        Decimal("0.1"),
    )


def test_the_csv_export_names_nobody(app, seeded, people):
    with app.app_context():
        report = outcome_report([seeded["team_id"]], START, END)
        text = report_csv(report, "IPS Testby")
        names = [user.name for user in db.query(User).all()] + [
            u.email for u in db.query(User).all()
        ]
        expected_pseudonym = pseudonym("specialist", seeded["a"])
    rows = list(csv.DictReader(io.StringIO(text)))
    for needle in names:
        assert needle not in text
    specialists = {row["specialist"] for row in rows if row["specialist"]}
    assert expected_pseudonym in specialists and all(s.startswith("S-") for s in specialists)
    by_measure = {row["measure"]: row for row in rows if not row["specialist"]}
    assert by_measure["clients_served"]["value"] == "10"
    assert by_measure["education_starts"] == {
        **by_measure["education_starts"],
        "value": "",
        "group_size": "suppressed",
    }
    assert by_measure["job_endings_resigned"]["value"] == ""  # 2: too few to show
    assert by_measure["employment_rate"]["value"] == "67"
    # No client id or other number that identifies a person: every row is a figure.
    assert set(rows[0]) == {
        "period_start",
        "period_end",
        "team",
        "specialist",
        "measure",
        "value",
        "group_size",
    }


def test_the_report_page_and_file_are_for_team_leads_only(app, login_as, people, seeded):
    lead = login_as("admin")
    page = lead.get(f"/reports?team={seeded['team_id']}&period=2026-H1")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    # Shown: participants served (10) and the employment rate (67 %, of 9), whose group
    # sizes are 5 or more in every month; hidden: the median days to a first contact (6
    # people, but 1 or 2 a month).
    assert "Half-year: first half of 2026" in text and "67 %" in text and 'role="img"' in text
    assert "22.5" not in text
    assert "Client C1" not in text
    download = lead.get("/reports.csv?period=2026-H1")
    assert (
        download.mimetype == "text/csv" and "attachment" in download.headers["Content-Disposition"]
    )
    assert 'filename="ips-report-2026-H1.csv"' in download.headers["Content-Disposition"]
    for who in ("specialist_a", "client_a", "employer"):
        browser = login_as(who)
        assert browser.get("/reports").status_code == 403
        assert browser.get("/reports.csv?period=2026-H1").status_code == 403


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("start=2026-01-01&end=2026-06-30", "2026-H1"),
        ("start=2026-02-03&end=2026-02-27", "2026-02"),
        ("start=2026-04-10&end=2026-05-02", "2026-Q2"),
        ("start=2026-03-01&end=2026-11-30", "2026"),
    ],
)
def test_an_old_address_with_days_shows_the_whole_period_holding_them(
    app, login_as, people, query, code
):
    lead = login_as("admin")
    download = lead.get(f"/reports.csv?{query}")
    assert download.status_code == 200
    assert f'filename="ips-report-{code}.csv"' in download.headers["Content-Disposition"]
    assert lead.get(f"/reports?{query}").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-06-01&end=2026-01-01", "Choose a month, a quarter, a half-year or a year"),
        ("start=2025-12-01&end=2026-01-02", "Choose a month, a quarter, a half-year or a year"),
        ("start=soon&end=2026-01-01", "Choose a month, a quarter, a half-year or a year"),
        ("start=&end=2026-01-01", "Please fill in this field."),
        ("period=2026-Q5", "Choose a month, a quarter, a half-year or a year"),
        ("period=2026-01-01", "Choose a month, a quarter, a half-year or a year"),
        ("period=", "Please fill in this field."),
    ],
)
def test_a_bad_period_is_a_clear_error(app, login_as, people, query, message):
    lead = login_as("admin")
    for url in (f"/reports?{query}", f"/reports.csv?{query}"):
        response = lead.get(url)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
