"""The team lead's outcome and fidelity report: a page with charts and tables, and a CSV file,
for the teams the lead leads (one, or all of them together). Another team's id in the address
is answered 404, as everywhere: the figures of all teams are the installation's administrator's,
from the command line."""

from datetime import date

from flask import Blueprint, Flask, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from portal.core.authz import deny, led_team_ids, roles_required
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.downloads import attachment
from portal.core.identity import Role, Team
from portal.core.menu import register_menu_entry
from portal.core.navigation import see_other
from portal.core.numbers import number_text
from portal.core.suppression import MIN_GROUP
from portal.placements.forms import END_REASON_LABELS
from portal.reports import cache, csv_export
from portal.reports.cache import cached_report
from portal.reports.charts import Bar, bar_layout
from portal.reports.forms import ReportForm, ShareFiguresForm
from portal.reports.labels import FIGURES
from portal.reports.periods import QUARTER, containing, offered, parse, smallest_containing
from portal.reports.sharing import (
    figures_of,
    may_share,
    quarter_name,
    share_figures,
    team_shares,
)

bp = Blueprint("reports", __name__)


def _led_teams() -> list[Team]:
    """The teams the current user leads, by name: the only ones their report covers."""
    ids = led_team_ids(current_user)
    return list(db.scalars(select(Team).where(Team.id.in_(ids)).order_by(Team.name)))


def _form(teams: list[Team]) -> ReportForm:
    form = ReportForm(_with_whole_period(request.args))
    # "All teams" is all the lead's teams; with one team that is just the team.
    every = [SelectChoice(0, _("All teams"))] if len(teams) > 1 else []
    form.team.choices = [*every, *(SelectChoice(team.id, team.name) for team in teams)]
    if form.team.data and form.team.data not in {team.id for team in teams}:
        deny()  # another team's (or no team's) id, typed into the address
    periods = offered(local_today())
    asked = parse(form.period.data)
    if asked and asked not in periods:  # an older period, asked for by its address
        periods.append(asked)
    form.period.choices = [SelectChoice(period.code, period.label()) for period in periods]
    return form


def _with_whole_period(args) -> MultiDict:
    """An old address with start and end days asks for the shortest whole period holding
    both, never for those days; days that no whole period holds are an error in the form."""
    query = args.to_dict()
    if "period" in query:
        return args
    if not ({"start", "end"} & set(query)):  # the first visit: the current quarter
        return MultiDict({**query, "period": containing(local_today(), QUARTER).code})
    texts = [query.pop(name, "").strip() for name in ("start", "end")]
    if not all(texts):
        query["period"] = ""  # a missing day, as before: "Please fill in this field."
        return MultiDict(query)
    first, last = (_day(text) for text in texts)
    period = smallest_containing(first, last) if first and last and first <= last else None
    query["period"] = period.code if period else "/".join(texts)  # not a period: an error
    return MultiDict(query)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _chosen(form: ReportForm, teams: list[Team]) -> tuple[list[Team], str]:
    chosen = [team for team in teams if team.id == form.team.data] or teams
    name = chosen[0].name if len(chosen) == 1 else _("All teams")
    return chosen, name


def _charts(report) -> dict:
    hidden = _("fewer than %(num)d", num=MIN_GROUP)
    endings = [
        Bar(
            str(END_REASON_LABELS[reason]),
            None if cell.suppressed else cell.count,
            hidden if cell.suppressed else number_text(cell.count),
        )
        for reason, cell in report.endings
        if cell.count
    ]
    # The bars' words are the table's words: numbers as the reader's language writes them.
    caseloads = [
        Bar(row.specialist.name, row.caseload, number_text(row.caseload))
        for row in report.specialists
    ]
    contacts = [
        Bar(row.specialist.name, row.in_person_per_week, number_text(row.in_person_per_week))
        for row in report.specialists
    ]
    return {
        "endings": bar_layout(endings),
        "caseloads": bar_layout(caseloads, report.guideline),
        "contacts": bar_layout(contacts, report.weekly_target),
    }


def _empty(form: ReportForm):
    context = {"form": form, "report": None, "figure_texts": FIGURES, "min_group": MIN_GROUP}
    return render_template("reports/report.html", **context), 422


@bp.route("/reports")
@roles_required(Role.ADMIN)
def report():
    teams = _led_teams()
    form = _form(teams)
    if not form.validate():
        return _empty(form)
    context = {"form": form, "report": None, "figure_texts": FIGURES, "min_group": MIN_GROUP}
    if teams:
        chosen, name = _chosen(form, teams)
        period = parse(form.period.data)
        report = cached_report([team.id for team in chosen], period)
        context |= {
            "report": report,
            "period": period,
            "team_name": name,
            "charts": _charts(report),
            "end_reason_labels": END_REASON_LABELS,
            "csv_args": {"team": form.team.data, "period": period.code},
        }
        if len(chosen) == 1 and may_share(current_user, chosen[0].id, period):
            context |= _share_context(chosen[0], period)
    return render_template("reports/report.html", **context)


def _share_context(team: Team, period) -> dict:
    form = ShareFiguresForm(formdata=None, team=team.id, period=period.code)
    earlier = [shared for shared in team_shares(team.id) if shared.period == period.code]
    return {"share_form": form, "shared_before": earlier[0] if earlier else None}


@bp.route("/reports/share", methods=["POST"])
@roles_required(Role.ADMIN)
def share():
    """Give the team's specialists a copy of one quarter's figures, and tell them."""
    form = ShareFiguresForm()
    period = parse(form.period.data)
    team_id = int(form.team.data) if (form.team.data or "").isdigit() else None
    if not form.validate() or period is None or not may_share(current_user, team_id, period):
        deny()  # a forged team or period: the button only offers the lead's own quarters
    team = db.get(Team, team_id)
    shared, told = share_figures(current_user, team, period)
    db.commit()
    flash(
        ngettext(
            "The figures for %(quarter)s are shared with %(num)d specialist of %(team)s.",
            "The figures for %(quarter)s are shared with %(num)d specialists of %(team)s.",
            told,
            quarter=quarter_name(shared),
            team=team.name,
        ),
        "success",
    )
    return see_other(url_for("reports.report", team=team.id, period=period.code))


@bp.route("/team/figures")
@roles_required(Role.SPECIALIST)
def shared():
    """What the specialist's team lead has shared with the team, the newest quarter first."""
    shares = [(shared, figures_of(shared)) for shared in team_shares(current_user.team_id)]
    return render_template(
        "reports/shared.html",
        shares=shares,
        quarter_name=quarter_name,
        figure_texts=FIGURES,
        min_group=MIN_GROUP,
    )


@bp.route("/reports.csv")
@roles_required(Role.ADMIN)
def report_file():
    teams = _led_teams()
    form = _form(teams)
    if not form.validate() or not teams:
        return _empty(form)
    chosen, name = _chosen(form, teams)
    period = parse(form.period.data)
    body = csv_export.report_file([team.id for team in chosen], period, name)
    return attachment(body, f"ips-report-{period.code}.csv", "text/csv")


def init_app(app: Flask) -> None:
    cache.init_app(app)
    register_menu_entry(app, Role.ADMIN, "reports.report", _l("Report"), position=65)
