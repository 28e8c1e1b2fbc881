"""`flask reports csv`: the figures of all teams for the installation's administrator, with the
same hiding of small numbers as a team lead's download (portal.reports.csv_export)."""

import click
from flask import current_app
from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="The outcome report of all teams, for analysis.")


@reports_cli.command("csv")
@click.option("--period", required=True, help="A whole period: 2026-07, 2026-Q3, 2026-H2, 2026.")
def reports_csv(period: str) -> None:
    """Print the report of all teams for PERIOD as CSV (the lead's file, same suppression)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from portal.reports.csv_export import all_teams_ids, report_file
    from portal.reports.periods import parse

    chosen = parse(period)
    if chosen is None:
        raise click.ClickException(
            f"{period} is not a whole period: write a month (2026-07), a quarter (2026-Q3), "
            "a half-year (2026-H2) or a year (2026)."
        )
    team_ids = all_teams_ids()
    if not team_ids:
        raise click.ClickException("There are no teams yet.")
    # The team column as in the lead's file of all teams, in the installation's language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        click.echo(report_file(team_ids, chosen, _("All teams")), nl=False)
