"""The team lead's feedback figures, computed on a seeded data set with hand-worked answers,
and the suppression that keeps every answer from being traced to one person."""

from datetime import date
from decimal import Decimal

import pytest

from portal.core.db import db
from portal.core.identity import Role
from portal.core.suppression import Cell, suppress
from portal.feedback.models import Feedback
from portal.feedback.report import feedback_report, period_starts
from tests.factories import make_user

TODAY = date(2026, 11, 15)  # in the fourth quarter of 2026


def cells(*counts: int) -> list[Cell]:
    return [Cell(count=count, total=count * 3) for count in counts]


@pytest.mark.parametrize(
    ("counts", "team_hidden", "hidden"),
    [
        ((7, 1), False, [True, True]),  # 1 is too few, and 8 - 7 would give it away
        ((3, 1), True, [True, True]),  # the whole team has fewer than 5
        ((5, 5), False, [False, False]),
        ((6, 3, 3), False, [False, True, True]),  # the two hidden hold 6 between them
        ((6, 0), False, [False, False]),  # no answers give nothing away
        ((9, 6, 2), False, [False, True, True]),  # 2 alone would show; the 6 goes too
    ],
)
def test_small_groups_are_suppressed_and_cannot_be_derived(counts, team_hidden, hidden):
    people = cells(*counts)
    team = Cell(count=sum(counts), total=sum(cell.total for cell in people))
    suppress(team, people)
    assert team.suppressed is team_hidden
    assert [cell.suppressed for cell in people] == hidden
    for cell in people:
        assert (cell.average is None) is (cell.suppressed or cell.count == 0)


def test_periods_are_the_last_eight_quarters_or_twelve_months():
    quarters = period_starts(TODAY, "quarter")
    assert (len(quarters), quarters[0], quarters[-1]) == (8, date(2025, 1, 1), date(2026, 10, 1))
    months = period_starts(TODAY, "month")
    assert (len(months), months[0], months[-1]) == (12, date(2025, 12, 1), date(2026, 11, 1))


def seed(people, third):
    """Answers for a team of three specialists (A, B and C):

    Q4 2026: A in November 5,4,4,5,3 anonymous + 4 named (6 answers, 25 in all: 4.2); B in
             October 2,3,4,4,5 anonymous (5, 18: 3.6); team 11 answers, 43: 3.9. Ten
             anonymous answers, 5 in each month that has any, so their comments show.
    Q3 2026: A 4,5 anonymous + 3 named; B 2,4 anonymous: team 5 answers, but every
             specialist's month has 1 or 2: all hidden, the team's too (else the quarter
             less the shown months, or the team less a shown specialist, would give one).
             Four anonymous answers: their comment stays hidden.
    Q2 2026: C 5 alone: hidden everywhere. Q3 2024: outside the eight quarters.
    """
    a, b, c, anna = people["specialist_a"], people["specialist_b"], third, people["client_a"]
    team = people["team"].id

    def add(specialist, month, rating, comment=None, named=False):
        row = Feedback(
            team_id=team,
            specialist_id=specialist.id,
            rating=rating,
            comment=comment,
            named=named,
            month=month,
        )
        if named:
            row.client_id, row.created_at = anna.id, None
        db.add(row)

    comments = iter(["banana", "Apple", "cherry"])
    for rating in (5, 4, 4, 5, 3):
        add(a, date(2026, 11, 1), rating, next(comments, None))
    add(a, date(2026, 11, 1), 4, "Named remark", named=True)
    for rating in (2, 3, 4, 4, 5):
        add(b, date(2026, 10, 1), rating)
    add(a, date(2026, 8, 1), 4, "Hidden remark")
    add(a, date(2026, 8, 1), 5)
    add(a, date(2026, 9, 1), 3, named=True)
    add(b, date(2026, 9, 1), 2)
    add(b, date(2026, 7, 1), 4)
    add(c, date(2026, 5, 1), 5)
    add(a, date(2024, 7, 1), 1)
    db.commit()


def test_the_report_computes_every_figure(app, people):
    with app.app_context():
        third = make_user(
            Role.SPECIALIST, "spec.c@example.org", "Cai Specialist", team=db.merge(people["team"])
        )
        seed(people, third)
        [report] = feedback_report([db.merge(people["team"])], TODAY, "quarter")
        q4, q3, q2 = date(2026, 10, 1), date(2026, 7, 1), date(2026, 4, 1)
        by_name = {person.name: row for person, row in report.specialists}
        team = report.team_cells

        assert (team[q4].count, team[q4].average) == (11, Decimal("3.9"))
        assert by_name["Sofie Specialist"][q4].average == Decimal("4.2")
        assert by_name["Bo Specialist"][q4].average == Decimal("3.6")
        assert (team[q3].count, team[q3].suppressed, team[q3].average) == (5, True, None)
        assert (
            by_name["Sofie Specialist"][q3].suppressed and by_name["Bo Specialist"][q3].suppressed
        )
        assert team[q2].suppressed and by_name["Cai Specialist"][q2].suppressed
        # Nothing older than the eight quarters is counted.
        assert sum(cell.count for cell in team.values()) == 17

        assert report.anonymous_comments == {q4: ["Apple", "banana", "cherry"]}
        assert [item.comment for item in report.shared_comments] == ["Named remark"]


def test_the_report_page_names_no_client_and_only_the_team_lead_sees_it(app, login_as, people):
    from portal.core.dates import local_today
    from portal.feedback.services import month_of

    with app.app_context():
        this_month = month_of(local_today())
        anna = db.merge(people["client_a"])
        for rating in (5, 4, 3, 4, 4):
            db.add(
                Feedback(
                    team_id=anna.team_id,
                    specialist_id=anna.specialist_id,
                    rating=rating,
                    named=False,
                    month=this_month,
                    comment="Quiet room helped" if rating == 3 else None,
                )
            )
        db.add(
            Feedback(
                team_id=anna.team_id,
                specialist_id=anna.specialist_id,
                rating=2,
                named=True,
                month=this_month,
                client_id=anna.id,
                comment="Named words",
            )
        )
        db.commit()
    lead = login_as("admin")
    for query in ("", "?by=month", f"?team={people['team'].id}", "?team=abc&by=%00"):
        response = lead.get(f"/feedback/report{query}")
        assert response.status_code == 200, query
        text = response.get_data(as_text=True)
        assert "3.7" in text  # (5 + 4 + 3 + 4 + 4 + 2) / 6
        assert "Named words" in text and "Quiet room helped" in text
        assert "Anna Klient" not in text and "client.a@example.org" not in text
    for who in ("client_a", "specialist_a", "employer"):
        assert login_as(who).get("/feedback/report").status_code == 403


def test_no_hidden_figure_is_a_quarter_less_its_months_or_a_team_less_a_specialist(app, people):
    """A: 6 answers in October, 2 in November; B: 5 in October. Shown: A's and B's October.
    and the team's October. Hidden: A's November, and so A's quarter (less October it would
    be November), the team's November and the team's quarter (less its shown October and
    specialists it would be A's November)."""
    a, b, team = people["specialist_a"], people["specialist_b"], people["team"]
    oct_, nov = date(2026, 10, 1), date(2026, 11, 1)
    with app.app_context():
        for specialist, month, answers in ((a, oct_, 6), (a, nov, 2), (b, oct_, 5)):
            for rating in range(answers):
                db.add(
                    Feedback(
                        team_id=team.id,
                        specialist_id=specialist.id,
                        rating=rating % 5 + 1,
                        named=False,
                        month=month,
                        comment=f"{specialist.name} {month:%B} {rating}",
                    )
                )
        db.commit()
        [months] = feedback_report([db.merge(team)], TODAY, "month")
        [quarters] = feedback_report([db.merge(team)], TODAY, "quarter")
    by_month = {person.id: cells for person, cells in months.specialists}
    by_quarter = {person.id: cells for person, cells in quarters.specialists}
    assert not by_month[a.id][oct_].suppressed and not by_month[b.id][oct_].suppressed
    assert by_month[a.id][nov].suppressed
    assert by_quarter[a.id][oct_].suppressed and not by_quarter[b.id][oct_].suppressed
    assert not months.team_cells[oct_].suppressed and months.team_cells[nov].suppressed
    assert quarters.team_cells[oct_].suppressed
    # October's 11 comments show for the month; the quarter's would add November's 2.
    assert set(months.anonymous_comments) == {oct_}
    assert quarters.anonymous_comments == {}
