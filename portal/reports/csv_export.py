"""The report file as text: the guarded report of some teams for one whole period, as CSV.

One place for what the team lead downloads (portal.reports.views) and what the installation
administrator prints (`flask reports csv`), so both carry the same suppression.
"""

from sqlalchemy import select

from portal.core.db import db
from portal.core.identity import Team
from portal.reports.export import report_csv
from portal.reports.guard import guarded_report
from portal.reports.periods import Period


def report_file(team_ids: list[int], period: Period, team_name: str) -> str:
    """Return the CSV of these teams' guarded report; `team_name` fills its team column."""
    return report_csv(guarded_report(team_ids, period), team_name)


def all_teams_ids() -> list[int]:
    """The ids of every team, in the order of their names."""
    return list(db.scalars(select(Team.id).order_by(Team.name)))
