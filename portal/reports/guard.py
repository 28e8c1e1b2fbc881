"""The report for a whole period, with rule (b) of portal.suppression applied: a figure over
several teams or months is hidden when the same figure of any one team in any one month is,
and a total of endings when any of its reasons is."""

from portal.reports.figures import Report, SpecialistRow, outcome_report
from portal.reports.periods import Period
from portal.suppression import Cell, suppress


def guarded_report(team_ids: list[int], period: Period) -> Report:
    report = outcome_report(team_ids, period.start, period.end)
    leaves = [(team_id, month) for team_id in team_ids for month in period.months()]
    if len(leaves) > 1:
        # One small report per team and month (its leaves); the feedback figure is already
        # guarded per team, specialist and month by the query that counts it.
        for team_id, month in leaves:
            leaf = outcome_report([team_id], month.start, month.end, with_specialists=False)
            for key, figure in leaf.figures.items():
                if figure.suppressed:
                    report.figures[key].value, report.figures[key].suppressed = None, True
            for (_reason, cell), (_same, small) in zip(report.endings, leaf.endings, strict=True):
                cell.suppressed = cell.suppressed or small.suppressed
    if any(cell.suppressed for _reason, cell in report.endings):
        report.endings_total.suppressed = True
    _hide_small_caseloads(report.specialists)
    return report


def _hide_small_caseloads(rows: list[SpecialistRow]) -> None:
    """A caseload of 1 to 4 is a small group of clients once the file leaves us; and as a
    team's caseloads add up to about its participants, the next smallest goes too (suppress)."""
    by_team = {}
    for row in rows:
        by_team.setdefault(row.team_id, []).append(row)
    for team_rows in by_team.values():
        cells = [Cell(count=row.caseload) for row in team_rows]
        suppress(Cell(count=sum(cell.count for cell in cells)), cells)
        for row, cell in zip(team_rows, cells, strict=True):
            row.caseload_suppressed = cell.suppressed
