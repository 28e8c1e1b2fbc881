"""No hidden figure of the report can be worked out from the shown ones (issue 18).

A generated year with a large team and a small one, whose monthly groups sit just under and
over 5. Their team lead (who leads both, and the fixture's own team) downloads every CSV file
they may get for it: each team and "all teams", each month, quarter, half-year and the year.
For each measure that adds up (over teams, over months), every downloaded cell is a sum of
unknown leaves (one team, one month); a hidden cell can be worked out from the shown ones
exactly when its sum is a linear combination of theirs. That is checked by elimination over
the rationals, which covers "all teams minus the shown team", "the quarter minus its shown
months", "the year minus its halves" and every longer chain of them.
"""

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from portal.core.db import db
from portal.core.identity import Role, Team, TeamLead
from portal.core.suppression import MIN_GROUP
from portal.feedback.models import Feedback
from portal.placements.models import EndReason, Job, JobKind
from portal.reports.guard import hide_small_caseloads
from portal.reports.periods import HALF, MONTH, QUARTER, YEAR, Period
from portal.reports.services import Specialist, SpecialistRow
from tests.factories import make_team, make_user

YEAR_SHOWN = 2026
PERIODS = [
    Period(kind, date(YEAR_SHOWN, month, 1))
    for kind, months in ((MONTH, range(1, 13)), (QUARTER, (1, 4, 7, 10)), (HALF, (1, 7)))
    for month in months
] + [Period(YEAR, date(YEAR_SHOWN, 1, 1))]
# Measures that are sums over teams and months: their value, or their group size ("n:").
ADDITIVE_VALUES = ("job_starts", "education_starts", *(f"job_endings_{r.value}" for r in EndReason))
ADDITIVE_SIZES = ("days_to_first_job", "retention_90", "feedback_average", "job_starts")
# Monthly group sizes just under and over MIN_GROUP.
BIG, SMALL = (0, 3, 4, 5, 6), (0, 1, 2, 4)


def _seed_team(rng: random.Random, name: str, clients: int, sizes, lead_id: int) -> None:
    team = make_team(name)
    db.add(TeamLead(team_id=team.id, user_id=lead_id))
    specialists = [
        make_user(Role.SPECIALIST, f"{name}.{n}@example.org".lower().replace(" ", ""), team=team)
        for n in range(2)
    ]
    people = [
        make_user(
            Role.CLIENT,
            f"{name}.client{n}@example.org".lower().replace(" ", ""),
            specialist=specialists[n % 2],
            enrolled_on=date(YEAR_SHOWN - 1, 6, 1),
        )
        for n in range(clients)
    ]
    reasons = list(EndReason)
    for month in range(1, 13):
        first = date(YEAR_SHOWN, month, 1)
        for n in range(rng.choice(sizes)):
            kind = JobKind.EDUCATION if rng.random() < 0.3 else JobKind.JOB
            ends = rng.random() < 0.6
            db.add(
                Job(
                    client_id=rng.choice(people).id,
                    kind=kind,
                    title="Work",
                    start_date=first + timedelta(days=n),
                    hours_per_week=rng.choice((10, 20, 30)),
                    competitive=True,
                    end_date=first + timedelta(days=rng.randint(5, 200)) if ends else None,
                    end_reason=rng.choice(reasons[:3]) if ends else None,
                )
            )
        for specialist in specialists:
            for _answer in range(rng.choice(sizes)):
                db.add(
                    Feedback(
                        team_id=team.id,
                        specialist_id=specialist.id,
                        rating=rng.randint(1, 5),
                        named=False,
                        month=first,
                    )
                )
    db.commit()


@pytest.fixture
def year_of_two_teams(app, people):
    rng = random.Random(18)
    with app.app_context():
        _seed_team(rng, "Big Odense", 30, BIG, people["admin"].id)
        _seed_team(rng, "Small Botkyrka", 4, SMALL, people["admin"].id)
        return {team.name: team.id for team in db.query(Team).all()}


def _downloads(lead, teams: dict[str, int]) -> dict:
    """Every cell of every file: (team ids, period) -> {measure: (value, group size)}."""
    cells = {}
    options = {0: frozenset(teams.values())} | {i: frozenset([i]) for i in teams.values()}
    for option, team_ids in options.items():
        for period in PERIODS:
            response = lead.get(f"/reports.csv?team={option}&period={period.code}")
            assert response.status_code == 200, (option, period.code)
            rows = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
            cells[team_ids, period] = {
                row["measure"]: (row["value"], row["group_size"])
                for row in rows
                if not row["specialist"]
            }
    return cells


def _leaves(team_ids: frozenset, period: Period) -> dict:
    return {(team, month.start): Fraction(1) for team in team_ids for month in period.months()}


class Span:
    """The sums that can be worked out from the shown cells (row reduction over rationals)."""

    def __init__(self):
        self.rows: dict = {}  # pivot -> row with 1 at the pivot

    def reduce(self, vector: dict) -> dict:
        vector = dict(vector)
        for pivot, row in self.rows.items():
            factor = vector.get(pivot, 0)
            if factor:
                for key, value in row.items():
                    vector[key] = vector.get(key, 0) - factor * value
        return {key: value for key, value in vector.items() if value}

    def add(self, vector: dict) -> None:
        rest = self.reduce(vector)
        if rest:
            pivot = min(rest)
            row = {key: value / rest[pivot] for key, value in rest.items()}
            for other in self.rows.values():
                factor = other.get(pivot, 0)
                if factor:
                    for key, value in row.items():
                        other[key] = other.get(key, 0) - factor * value
                    for key in [key for key, value in other.items() if not value]:
                        del other[key]
            self.rows[pivot] = row

    def holds(self, vector: dict) -> bool:
        return not self.reduce(vector)


def _hidden_and_derivable(cells: dict, measure: str) -> tuple[int, list]:
    span, hidden = Span(), []
    for (team_ids, period), row in cells.items():
        if measure not in row:
            continue
        shown = row[measure][1] != "suppressed"
        if shown:
            span.add(_leaves(team_ids, period))
        else:
            hidden.append((team_ids, period))
    derivable = [key for key in hidden if span.holds(_leaves(*key))]
    return len(hidden), derivable


def test_no_hidden_figure_is_a_sum_or_difference_of_shown_ones(
    app, login_as, people, year_of_two_teams
):
    lead = login_as("admin")
    cells = _downloads(lead, year_of_two_teams)
    hidden_in_all = 0
    for measure in (*ADDITIVE_VALUES, *ADDITIVE_SIZES):
        hidden, derivable = _hidden_and_derivable(cells, measure)
        hidden_in_all += hidden
        named = [(sorted(team_ids), period.code) for team_ids, period in derivable]
        assert not named, f"{measure}: hidden cells that the shown ones give away: {named}"
    assert hidden_in_all > 50, "the data set should hide many cells, or the test proves nothing"


def test_no_group_under_5_is_printed_and_no_hidden_leaf_hides_in_a_total(
    app, login_as, people, year_of_two_teams
):
    lead = login_as("admin")
    cells = _downloads(lead, year_of_two_teams)
    hidden_leaves = {
        (measure, team, period.start)
        for (team_ids, period), row in cells.items()
        if period.kind == MONTH and len(team_ids) == 1
        for team in team_ids
        for measure, (_value, size) in row.items()
        if size == "suppressed"
    }
    for (team_ids, period), row in cells.items():
        for measure, (value, size) in row.items():
            if size == "suppressed":
                assert value == "", (measure, period.code)
                continue
            if size:
                assert int(size) == 0 or int(size) >= MIN_GROUP, (measure, period.code, size)
            # A shown figure covers no hidden leaf: not across teams, not across months.
            covered = {
                (measure, team, month.start) for team in team_ids for month in period.months()
            }
            assert not covered & hidden_leaves, (measure, sorted(team_ids), period.code)


def test_a_small_caseload_in_the_file_takes_the_next_smallest_with_it():
    """A team's caseloads add up to about its participants served: with 3 hidden alone, that
    figure less the shown caseloads would give it, so the 8 is hidden too; other teams'
    caseloads are their own."""
    rows = [
        SpecialistRow(Specialist(n, f"S{n}"), caseload, Decimal(0), Decimal(0), team_id=team)
        for n, (team, caseload) in enumerate([(1, 3), (1, 9), (1, 8), (2, 6), (2, 7)])
    ]
    hide_small_caseloads(rows)
    assert [row.caseload_suppressed for row in rows] == [True, False, True, False, False]
