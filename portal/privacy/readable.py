"""The export as a page a person can read and print (GDPR art. 15): the same rows as the
JSON download, with headings and labels in their language, dates in their time zone, and
without the numbers that tie rows together (they mean nothing to a person, and a foreign
key to a staff account is not the participant's data)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Table

from portal.core.countries import country_of
from portal.core.dates import date_text, moment_text
from portal.core.history import VALUE_LABELS, stored_value
from portal.core.identity import User
from portal.core.numbers import number_text
from portal.privacy.export_labels import (
    COUNTRY_TABLE_VALUE_LABELS,
    HIDDEN_FIELDS,
    TABLE_LABELS,
    TABLE_VALUE_LABELS,
    field_label,
)
from portal.privacy.services import SECRET_COLUMNS, client_rows


@dataclass
class Section:
    heading: str
    records: list[list[tuple[str, str]]]  # each record: (label, value as read) pairs


def shown_columns(table: Table) -> list:
    """The columns a person reads: no secrets, ids, links to other rows or counters."""
    return [
        column
        for column in table.columns
        if column.name not in SECRET_COLUMNS | HIDDEN_FIELDS
        and not column.primary_key
        and not column.foreign_keys
    ]


def _text(table: str, column: str, value, country=None) -> str:
    """A value in words; `country` is the participant's, where the words depend on it."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, Decimal | float):
        return number_text(value)
    if isinstance(value, dict) and column == "changes":  # history: {field: [old, new]}
        return "; ".join(
            f"{_label_of(key)}: {' → '.join(_stored(key, v, country) for v in pair if v)}"
            for key, pair in value.items()
        )
    if isinstance(value, dict):
        return "; ".join(
            f"{_label_of(key)}: {_text(table, key, v, country)}" for key, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_text(table, column, v, country) for v in value if v not in (None, ""))
    by_country = COUNTRY_TABLE_VALUE_LABELS.get((table, column))
    labels = by_country[country] if by_country else TABLE_VALUE_LABELS.get((table, column))
    if labels is not None:
        key = value.split(".")[0] if column == "what" else value
        return str(labels.get(key, value))
    plain = str(value.value if hasattr(value, "value") else value)
    return str(VALUE_LABELS.get((column, plain)) or VALUE_LABELS.get(plain, plain))


def _stored(field: str, value: str, country=None) -> str:
    """A value as the change history keeps it, in the file's own date and time format."""
    return stored_value(field, value, date_text, moment_text, country)


def _label_of(key: str) -> str:
    label = field_label("", key)
    return str(label) if label else key


def readable_export(client: User) -> list[Section]:
    """The client's data by section, in the order of TABLE_LABELS (their account first)."""
    found = {table.name: (table, rows) for table, rows in client_rows(client.id).items()}
    country = country_of(client)
    sections = []
    for name, heading in TABLE_LABELS.items():
        if name not in found:
            continue
        table, rows = found[name]
        columns = shown_columns(table)
        records = [
            [
                (
                    str(field_label(name, column.name)),
                    _text(name, column.name, row[column.name], country),
                )
                for column in columns
                if row[column.name] is not None and row[column.name] != ""
            ]
            for row in rows.values()
        ]
        sections.append(Section(str(heading), records))
    return sections
