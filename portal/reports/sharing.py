"""Sharing a quarter's figures with the team: the lead gives the team's specialists a copy of
the report's outcome figures (hidden as on the lead's page), and an e-mail saying they are
there. IPS measures the employment rate every quarter and shares it with the staff; the
fidelity review reads the quarters shared (item O7)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core.authz import led_team_ids, require
from portal.core.dates import date_text
from portal.core.db import db, utcnow
from portal.core.identity import Role, Team, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.reports.cache import cached_report
from portal.reports.labels import FIGURES
from portal.reports.models import SharedFigures
from portal.reports.periods import QUARTER, Period, containing
from portal.reports.services import Figure

SHOWN_ON_HOME_DAYS = 30  # a new share is pointed out on the specialists' home page this long


def may_share(user: User, team_id: int, period: Period) -> bool:
    """A lead shares one of their own teams' figures for a whole quarter."""
    return team_id in led_team_ids(user) and period.kind == QUARTER


def share_figures(lead: User, team: Team, period: Period) -> tuple[SharedFigures, int]:
    """Keep a copy of the team's figures for the quarter and tell its specialists; return
    the copy and how many specialists were told."""
    require(may_share(lead, team.id, period))
    shared = keep_figures(lead, team, period)
    told = _active_specialists(team.id)
    for specialist in told:
        # The figures stay in the portal: an e-mail says only that they are there.
        queue_email_in_language(
            specialist,
            _l("Your team's figures have been shared with you"),
            "email/figures_shared.txt",
            about=None,
            user=specialist,
            lead=lead,
            shared=shared,
            link=external_url("reports.shared"),
        )
    return shared, len(told)


def keep_figures(lead: User, team: Team, period: Period, at: datetime | None = None):
    """The copy of the figures alone (the demo's past quarters were shared at `at`)."""
    report = cached_report([team.id], period)
    shared = SharedFigures(
        team_id=team.id,
        period=period.code,
        period_start=period.start,
        period_end=period.end,
        figures={
            key: {
                "value": None if figure.value is None else str(figure.value),
                "n": None if figure.suppressed else figure.n,
            }
            for key, figure in report.figures.items()
            if key in FIGURES
        },
        shared_by_id=lead.id,
        shared_at=at or utcnow(),
    )
    db.add(shared)
    db.flush()
    return shared


def team_shares(team_id: int) -> list[SharedFigures]:
    """What the team has been given, the newest quarter first: for a quarter shared more than
    once, its latest copy (sharing again gives the figures as they are then)."""
    shares = db.scalars(
        select(SharedFigures)
        .options(selectinload(SharedFigures.shared_by))  # the page names who shared each
        .where(SharedFigures.team_id == team_id)
        .order_by(SharedFigures.period_start.desc(), SharedFigures.shared_at.desc())
    )
    latest = {}
    for shared in shares:
        latest.setdefault(shared.period, shared)
    return list(latest.values())


def newly_shared(team_id: int | None) -> SharedFigures | None:
    """The latest share, while it is new enough to point out on the home page."""
    if team_id is None:
        return None
    since = utcnow() - timedelta(days=SHOWN_ON_HOME_DAYS)
    return db.scalar(
        select(SharedFigures)
        .where(SharedFigures.team_id == team_id, SharedFigures.shared_at >= since)
        .order_by(SharedFigures.shared_at.desc())
        .limit(1)
    )


def quarters_shared(team_id: int, start: date, end: date) -> tuple[int, int]:
    """Of the quarters that begin in [start, end]: how many, and how many had their figures
    shared with the team (at any time after)."""
    quarters = []
    quarter = containing(start, QUARTER)
    while quarter.start <= end:
        if quarter.start >= start:
            quarters.append(quarter.code)
        quarter = containing(quarter.end + timedelta(days=1), QUARTER)
    shared = set(
        db.scalars(
            select(SharedFigures.period).where(
                SharedFigures.team_id == team_id, SharedFigures.period.in_(quarters)
            )
        )
    )
    return len(quarters), len(shared)


def figures_of(shared: SharedFigures) -> dict[str, Figure]:
    """The copy's figures, shaped as the report's (hidden ones hidden)."""
    return {
        key: Figure(
            key,
            None if kept["value"] is None else Decimal(kept["value"]),
            kept["n"] or 0,
            suppressed=kept["n"] is None,
        )
        for key, kept in shared.figures.items()
    }


def quarter_name(shared: SharedFigures) -> str:
    """The quarter in the reader's words: "3rd quarter 2026", "3. kvartal 2026"."""
    return date_text(shared.period_start, "QQQQ y")


def _active_specialists(team_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User).where(
                User.role == Role.SPECIALIST,
                User.team_id == team_id,
                User.deactivated_at.is_(None),
                User.erased_at.is_(None),
            )
        )
    )
