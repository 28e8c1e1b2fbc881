"""Ids in addresses stay within the database's integer range.

Every primary key is an INTEGER, which PostgreSQL keeps in 32 bits: an address asking for
/goals/2147483648 made psycopg refuse the query (NumericValueOutOfRange), and SQLite
overflowed from 2**63, each a 500. The `int` converter of the whole URL map is replaced, so
no such address matches any route and every one is a plain 404, before any view runs.
"""

from flask import Flask
from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1  # PostgreSQL's INTEGER


def _up_to(largest: int) -> str:
    """A regular expression for the numbers 1 to `largest`, without leading zeros."""
    digits = str(largest)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}" if len(digits) > 1 else None
    # As long as `largest`: its first i digits, then a smaller one, then any.
    same_length = []
    for i, digit in enumerate(digits):
        lowest = 1 if i == 0 else 0
        if int(digit) > lowest:
            rest = len(digits) - i - 1
            same_length.append(rf"{digits[:i]}[{lowest}-{int(digit) - 1}]\d{{{rest}}}")
    same_length.append(digits)
    return "(?:" + "|".join(filter(None, [shorter, *same_length])) + ")"


class IdConverter(IntegerConverter):
    """`<int:...>` from 1 to the largest id there can be, decided by the pattern itself.

    A range check after matching (werkzeug's `max`) is not enough: where one address has a
    rule for GET and another for POST, werkzeug answers a failed check with 405, not 404."""

    regex = _up_to(LARGEST_ID)

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Before any blueprint is registered: each rule looks up its converters when added.
    app.url_map.converters["int"] = IdConverter
