"""The whole calendar periods a report may cover: a month, a quarter, a half-year or a year.

A report never covers an arbitrary range of days: two downloads whose periods differ by one
day would tell that day's events, so one person's, by subtraction. Each period has a code
that is also its address and its file name: 2026-07, 2026-Q3, 2026-H2 or 2026.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from portal.core.dates import date_text

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
LENGTHS = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
SHOWN = {MONTH: 12, QUARTER: 8, HALF: 4, YEAR: 3}  # how many of each kind the form offers


@dataclass(frozen=True)
class Period:
    kind: str
    start: date

    @property
    def end(self) -> date:
        return _shift(self.start, LENGTHS[self.kind]) - timedelta(days=1)

    @property
    def code(self) -> str:
        year, month = self.start.year, self.start.month
        return {
            MONTH: f"{year}-{month:02d}",
            QUARTER: f"{year}-Q{(month - 1) // 3 + 1}",
            HALF: f"{year}-H{(month - 1) // 6 + 1}",
            YEAR: f"{year}",
        }[self.kind]

    def label(self) -> str:
        """The period's name in the form's list, with its kind, as the list mixes them."""
        if self.kind == MONTH:
            return _("Month: %(month)s", month=date_text(self.start, "MMMM y"))
        if self.kind == QUARTER:
            return _("Quarter: %(quarter)s", quarter=date_text(self.start, "QQQ y"))
        if self.kind == HALF:
            if self.start.month == 1:
                return _("Half-year: first half of %(year)d", year=self.start.year)
            return _("Half-year: second half of %(year)d", year=self.start.year)
        return _("Year: %(year)d", year=self.start.year)

    def months(self) -> list["Period"]:
        return [Period(MONTH, _shift(self.start, step)) for step in range(LENGTHS[self.kind])]


def _shift(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def containing(day: date, kind: str) -> Period:
    length = LENGTHS[kind]
    return Period(kind, date(day.year, (day.month - 1) // length * length + 1, 1))


def parse(code: str | None) -> Period | None:
    """The period a code names, or None for anything else."""
    text = (code or "").strip()
    try:
        if len(text) == 4 and text.isdigit():
            return Period(YEAR, date(int(text), 1, 1))
        year, rest = int(text[:4]), text[5:]
        if text[4:5] != "-" or not 1900 < year < 3000:
            return None
        if rest[:1] in ("Q", "H") and rest[1:].isdigit():
            kind = QUARTER if rest[0] == "Q" else HALF
            number, length = int(rest[1:]), LENGTHS[kind]
            if not 1 <= number <= 12 // length:
                return None
            return Period(kind, date(year, (number - 1) * length + 1, 1))
        if len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
            return Period(MONTH, date(year, int(rest), 1))
    except ValueError:
        return None
    return None


def smallest_containing(first: date, last: date) -> Period | None:
    """The shortest whole period holding both days (for old start/end addresses), if any."""
    for kind in LENGTHS:
        period = containing(first, kind)
        if period.start <= last <= period.end:
            return period
    return None


def offered(today: date) -> list[Period]:
    """The periods the form offers, newest first within each kind, the current ones included."""
    periods = []
    for kind, count in SHOWN.items():
        current = containing(today, kind)
        periods += [
            Period(kind, _shift(current.start, -LENGTHS[kind] * back)) for back in range(count)
        ]
    return periods
