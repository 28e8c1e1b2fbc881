"""Days as the team lives them: today in the team's time zone, and dates marked up for reading."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import current_app
from flask_babel import _get_format, format_date, format_time, get_locale, get_timezone, gettext
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


def datetime_formatter(style: str = "short") -> Callable[[datetime], str]:
    """A function that writes moments exactly as the `datetimeformat` filter does, with the
    locale, time zone and patterns looked up once: for pages that show hundreds of them."""
    locale, zone = get_locale(), get_timezone()
    pattern = _get_format("datetime", style)
    if pattern not in ("full", "long", "medium", "short"):  # the app's own pattern
        return partial(babel_dates.format_datetime, format=pattern, tzinfo=zone, locale=locale)
    frame = babel_dates.get_datetime_format(pattern, locale=locale).replace("'", "")
    time_pattern = babel_dates.parse_pattern(babel_dates.get_time_format(pattern, locale=locale))
    date_pattern = babel_dates.parse_pattern(babel_dates.get_date_format(pattern, locale=locale))
    days: dict[date, str] = {}

    def formatted(value: datetime) -> str:
        # Babel's format_datetime step by step, writing each day's date once.
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if zone is not None:
            value = value.astimezone(zone)
            if hasattr(zone, "normalize"):
                value = zone.normalize(value)
        on = value.date()
        day_text = days.get(on)
        if day_text is None:
            day_text = days[on] = date_pattern.apply(on, locale)
        at = time_pattern.apply(value.timetz(), locale, reference_date=on)
        return frame.replace("{0}", at).replace("{1}", day_text)

    return formatted
