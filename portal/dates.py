"""Days as the team lives them: today in the team's time zone, and dates marked up for reading."""

from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from markupsafe import Markup

from portal.db import utcnow


def local_today() -> date:
    """Today where the team works (away periods, job and check-in days are local days)."""
    return utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def day(value: date, style: str = "medium") -> Markup:
    """A date for reading, marked up with its machine-readable form."""
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), format_date(value, style)
    )
