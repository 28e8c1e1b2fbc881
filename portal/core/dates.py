"""Days as the team lives them: today in the team's time zone, and one way per language to
write a date, a time of day and a date with a time (Babel's patterns, British for English)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.core.db import utcnow
from portal.core.i18n import format_locale

# One style each, so that no page mixes "04.12.2026" with "4. dec. 2026":
# 4. december 2026 · 4 december 2026 · 4 December 2026
DATE_STYLE = "long"
# 14.00 · 14:00 · 14:00
TIME_STYLE = "short"
# Babel's named styles: callers that name one (the `dateformat("medium")` of older templates)
# still get the portal's one style.
NAMED_STYLES = ("short", "medium", "long", "full")
TIME_ELEMENT = Markup('<time datetime="{}">{}</time>')


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


def _utc(value: datetime) -> datetime:
    # The database keeps moments in UTC; a naive one is read as UTC, as Babel reads it.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def machine_moment(value: datetime) -> str:
    """A moment as a `<time datetime>` value: UTC to the second (HTML allows no microseconds)."""
    return _utc(value).isoformat(timespec="seconds")


def date_text(value: date | datetime, pattern: str | None = None) -> str:
    """Write a date the portal's one way (a moment: its day in the team's time zone).

    `pattern` is for other things than a day, e.g. a month ("MMMM y")."""
    if isinstance(value, datetime):
        value = _utc(value).astimezone(team_zone()).date()
    if pattern is None or pattern in NAMED_STYLES:
        pattern = DATE_STYLE
    return _formatted_date(value, pattern, format_locale())


@lru_cache(maxsize=4096)
def _formatted_date(value: date, pattern: str, locale) -> str:
    # The same few hundred days fill every list (today, this week's meetings, start dates):
    # Babel's formatting, about 20 µs, done once per day, pattern and locale in the process.
    return babel_dates.format_date(value, pattern, locale=locale)


def time_text(value: datetime | time, _style: str | None = None) -> str:
    """Write a time of day (a moment's in the team's time zone): 14.00, or 14:00."""
    if isinstance(value, datetime):
        value = _utc(value).astimezone(team_zone()).time()
    return babel_dates.format_time(value, TIME_STYLE, locale=format_locale())


def _date_and_time() -> str:
    # "4 December 2026, 14:00"; Danish and Swedish say "4. december 2026 kl. 14.00".
    return gettext("%(date)s, %(time)s")


def moment_text(value: datetime, _style: str | None = None) -> str:
    """Write a date with its time of day, in the team's time zone."""
    local = _utc(value).astimezone(team_zone())
    return _date_and_time() % {"date": date_text(local.date()), "time": time_text(local.time())}


def day(value: date, _style: str | None = None) -> Markup:
    """A date for reading, marked up with its machine-readable form."""
    if isinstance(value, datetime):
        value = _utc(value).astimezone(team_zone()).date()
    return TIME_ELEMENT.format(value.isoformat(), date_text(value))


def moment(value: datetime, _style: str | None = None) -> Markup:
    """A date and time of day for reading, marked up the same way."""
    return TIME_ELEMENT.format(machine_moment(value), moment_text(value))


def moment_formatter() -> Callable[[datetime], Markup]:
    """A function that writes moments exactly as `moment` does, with the locale, time zone and
    patterns looked up once: for pages that show hundreds of them."""
    locale, zone, frame = format_locale(), team_zone(), _date_and_time()
    date_pattern = babel_dates.parse_pattern(babel_dates.get_date_format(DATE_STYLE, locale))
    time_pattern = babel_dates.parse_pattern(babel_dates.get_time_format(TIME_STYLE, locale))
    days: dict[date, str] = {}

    def formatted(value: datetime) -> Markup:
        utc = _utc(value)
        local = utc.astimezone(zone)
        on = local.date()
        day_text = days.get(on)
        if day_text is None:
            day_text = days[on] = date_pattern.apply(on, locale)
        at = time_pattern.apply(local.time(), locale)
        text = frame % {"date": day_text, "time": at}
        return TIME_ELEMENT.format(utc.isoformat(timespec="seconds"), text)

    return formatted


# How far back a day of something done (an employer contact, a try to get in touch) may be.
MOST_DAYS_BACK = 366


def recent_day_problem(day: date):
    """What is wrong with `day` as the day something was done, or None: it cannot be in
    the future, nor more than a year back (a slip of the year)."""
    today = local_today()
    if day > today:
        return _l("The date cannot be in the future.")
    if day < today - timedelta(days=MOST_DAYS_BACK):
        return _l("Choose a date in the last year.")
    return None


def local_days_span(first: date, last: date) -> tuple[datetime, datetime]:
    """The first instant of `first` and the first instant after `last`, where the team
    works: the span of whole local days [first, last] for stored moments."""
    zone = team_zone()
    return (
        datetime.combine(first, time.min, zone),
        datetime.combine(last + timedelta(days=1), time.min, zone),
    )
