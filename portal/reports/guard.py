"""The report for a whole period, with rule (b) of portal.core.suppression applied: a figure over
several teams or months is hidden when the same figure of any one team in any one month is,
and a total of endings when any of its reasons is."""

from portal.core.suppression import Cell, suppress
from portal.reports.leaves import hidden_leaves
from portal.reports.periods import Period
from portal.reports.services import Report, SpecialistRow, outcome_report


def guarded_report(team_ids: list[int], period: Period) -> Report:
    report = outcome_report(team_ids, period.start, period.end)
    # The feedback figure is guarded per team, specialist and month by the query counting it.
    hidden = hidden_leaves(team_ids, period) if len(team_ids) * len(period.months()) > 1 else ()
    hidden_keys = {key for key, _team, _month in hidden}
    for key, figure in report.figures.items():
        if key in hidden_keys:
            figure.value, figure.suppressed = None, True
    for reason, cell in report.endings:
        cell.suppressed = cell.suppressed or f"job_endings_{reason.value}" in hidden_keys
    # Endings without a reason are in the total only: they are a hidden part when 1 to 4.
    if "job_endings_none" in hidden_keys or any(cell.suppressed for _r, cell in report.endings):
        report.endings_total.suppressed = True
    hide_small_caseloads(report.specialists)
    return report


def hide_small_caseloads(rows: list[SpecialistRow]) -> None:
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
