"""Days as the team lives them: today in the team's time zone, and dates marked up for reading."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date, format_time, gettext
from markupsafe import Markup

from portal.db import utcnow


def team_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """Today where the team works (away periods, job and check-in days are local days)."""
    return utcnow().astimezone(team_zone()).date()


def local_moment(on: date, at: time) -> datetime:
    """The moment (in UTC) of a date and a clock time as the team reads them."""
    return datetime.combine(on, at, tzinfo=team_zone()).astimezone(UTC)


def local_date_and_time(value: datetime) -> tuple[date, time]:
    """The team's date and clock time of a moment, as a form shows them."""
    local = value.astimezone(team_zone())
    return local.date(), local.time().replace(second=0, microsecond=0)


def day(value: date, style: str = "medium") -> Markup:
    """A date for reading, marked up with its machine-readable form."""
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), format_date(value, style)
    )


def moment(value: datetime, style: str = "full") -> Markup:
    """A date and time of day for reading (in the team's time zone), marked up the same way."""
    on, _at = local_date_and_time(value)
    at = format_time(value, "short")
    text = gettext("%(date)s at %(time)s", date=format_date(on, style), time=at)
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), text)
