"""Optimistic locking: a form carries the version it was made from, and an older one loses.

Models name their `version` column as SQLAlchemy's version_id_col, so two saves that pass the
check at the same moment still cannot both win: the second UPDATE matches no row.
"""

from sqlalchemy.orm.exc import StaleDataError


class EditConflict(Exception):
    """Someone saved a newer version since this form was opened; `current` is that version."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def check_version(obj, submitted: int | None) -> None:
    """Raise EditConflict when the form was made from an older version of `obj`."""
    if submitted is None or int(submitted) != obj.version:
        raise EditConflict(obj)


__all__ = ["EditConflict", "StaleDataError", "check_version"]
