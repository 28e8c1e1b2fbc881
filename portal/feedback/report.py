"""The team lead's view of feedback: ratings over time per team and per specialist.

Named feedback of a client whose records are restricted is left out of every figure and
comment (GDPR art. 18: kept, not processed); anonymous feedback leads to nobody and stays.
The leaves of these figures are one specialist's answers in one month (portal.core.suppression):
one with 1 to 4 answers is hidden, and so is every figure that covers it, the specialist's
quarter and the team's month and quarter. So neither the team's figure less its shown
specialists, nor a quarter less its shown months (the team lead may see both), nor the
outcome report's feedback figure, which is guarded on the same leaves, gives a hidden one.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.core.db import db
from portal.core.identity import Role, Team, User
from portal.core.restriction import of_usable_client
from portal.core.suppression import MIN_GROUP, Cell, too_small
from portal.feedback.forms import BY_MONTH
from portal.feedback.models import Feedback

QUARTERS_SHOWN = 8
MONTHS_SHOWN = 12
SHARED_COMMENTS_SHOWN = 100


@dataclass
class TeamReport:
    team: Team
    periods: list[date]
    team_cells: dict[date, Cell]
    specialists: list[tuple[User | None, dict[date, Cell]]]
    shared_comments: list[Feedback] = field(default_factory=list)
    # Per period, the comments given without a name, when there were enough of them.
    anonymous_comments: dict[date, list[str]] = field(default_factory=dict)


def _shift_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_starts(today: date, by: str) -> list[date]:
    """The first days of the periods shown, oldest first, ending with the current one."""
    if by == BY_MONTH:
        current, step, count = today.replace(day=1), 1, MONTHS_SHOWN
    else:
        current, step, count = (
            date(today.year, (today.month - 1) // 3 * 3 + 1, 1),
            3,
            QUARTERS_SHOWN,
        )
    return [_shift_months(current, -step * back) for back in range(count - 1, -1, -1)]


def _period_of(month: date, starts: list[date]) -> date | None:
    chosen = None
    for start in starts:
        if month >= start:
            chosen = start
    return chosen


def _team_specialists(team_ids: list[int]) -> dict[int, list[User]]:
    """The specialists of these teams (no other team's: the lead reads their own teams)."""
    by_team = defaultdict(list)
    for user in db.scalars(
        select(User).where(User.role == Role.SPECIALIST, User.team_id.in_(team_ids))
    ):
        by_team[user.team_id].append(user)
    return by_team


def feedback_report(teams: list[Team], today: date, by: str) -> list[TeamReport]:
    """Ratings per period for each team and each of its specialists, suppressed as above."""
    starts = period_starts(today, by)
    team_ids = [team.id for team in teams]
    rows = db.execute(
        select(
            Feedback.team_id,
            Feedback.specialist_id,
            Feedback.month,
            Feedback.named,
            func.count(Feedback.id),
            func.sum(Feedback.rating),
        )
        .where(
            Feedback.team_id.in_(team_ids),
            Feedback.month >= starts[0],
            of_usable_client(Feedback.client_id),
        )
        .group_by(Feedback.team_id, Feedback.specialist_id, Feedback.month, Feedback.named)
    ).all()
    people = _team_specialists(team_ids)
    users = {user.id: user for team in people.values() for user in team}
    grid = defaultdict(lambda: defaultdict(lambda: defaultdict(Cell)))
    leaves = defaultdict(Cell)  # (team, specialist, month)
    anonymous = defaultdict(int)  # (team, month)
    for team_id, specialist_id, month, named, count, total in rows:
        leaves[team_id, specialist_id, month].add(count, total)
        if not named:
            anonymous[team_id, month] += count
    for (team_id, specialist_id, month), leaf in leaves.items():
        cell = grid[team_id][specialist_id][_period_of(month, starts)]
        cell.add(leaf.count, leaf.total)
        cell.suppressed = cell.suppressed or too_small(leaf.count)
    reports = []
    for team in teams:
        cells_by_person = grid[team.id]
        ids = [user.id for user in sorted(people[team.id], key=lambda user: user.name)]
        ids += sorted((key for key in cells_by_person if key not in ids), key=lambda key: key or 0)
        team_cells = {}
        for period in starts:
            team_cell = Cell()
            for person in ids:
                cell = cells_by_person[person][period]
                team_cell.add(cell.count, cell.total)
                team_cell.suppressed = team_cell.suppressed or cell.suppressed
            team_cells[period] = team_cell
        specialists = [
            (
                (users.get(person) or db.get(User, person)) if person else None,
                cells_by_person[person],
            )
            for person in ids
        ]
        reports.append(TeamReport(team, starts, team_cells, specialists))
    _add_comments(reports, starts, _anonymous_shown(anonymous, starts))
    return reports


def _anonymous_shown(anonymous: dict, starts: list[date]) -> set:
    """The (team, period)s whose comments without a name may be shown: at least MIN_GROUP
    answers without a name, and none of its months with 1 to 4 (else the quarter's comments
    less its months' would be that month's)."""
    totals, blocked = defaultdict(int), set()
    for (team_id, month), count in anonymous.items():
        period = _period_of(month, starts)
        totals[team_id, period] += count
        if too_small(count):
            blocked.add((team_id, period))
    return {key for key, count in totals.items() if count >= MIN_GROUP and key not in blocked}


def _add_comments(reports: list[TeamReport], starts: list[date], anonymous_shown: set) -> None:
    """Add the comments: those given with a name (shown with the specialist and month, never
    the client), and those given without, per period, only where _anonymous_shown allows it
    and in alphabetical order, so neither order nor time points to anyone."""
    by_team = {report.team.id: report for report in reports}
    items = db.scalars(
        select(Feedback)
        .options(joinedload(Feedback.specialist))
        .where(
            Feedback.team_id.in_(list(by_team)),
            Feedback.comment.is_not(None),
            Feedback.month >= starts[0],
            of_usable_client(Feedback.client_id),
        )
        .order_by(Feedback.month.desc(), Feedback.id.desc())
    )
    for item in items:
        report = by_team[item.team_id]
        if item.named:
            if len(report.shared_comments) < SHARED_COMMENTS_SHOWN:
                report.shared_comments.append(item)
            continue
        period = _period_of(item.month, starts)
        if (item.team_id, period) in anonymous_shown:
            report.anonymous_comments.setdefault(period, []).append(item.comment)
    for report in reports:
        for comments in report.anonymous_comments.values():
            comments.sort(key=str.casefold)
