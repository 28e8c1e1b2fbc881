"""Optimistic locking: a form carries the version it was made from, and an older one loses.

Models name their `version` column as SQLAlchemy's version_id_col, so two saves that pass the
check at the same moment still cannot both win: the second UPDATE matches no row.
"""

from collections.abc import Callable
from functools import wraps

from flask import flash
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import db
from portal.core.htmx import render_page

CHANGED_MEANWHILE = _l(
    "Someone else changed this at the same time, so your change was not saved. "
    "This is how it looks now; please try again."
)


class EditConflict(Exception):
    """Someone saved a newer version since this form was opened; `current` is that version."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def check_version(obj, submitted: int | None) -> None:
    """Raise EditConflict when the form was made from an older version of `obj`."""
    try:
        current = submitted is not None and int(submitted) == obj.version
    except (TypeError, ValueError):
        current = False  # a tampered form: made from no version we know
    if not current:
        raise EditConflict(obj)


def shows_newer_state(template: str, block: str, context: Callable[..., dict]):
    """Make a view answer a conflicting save with 409 and the page (or, for htmx, its `block`)
    as it is now, drawn from `context(**view_args)`. For buttons that carry no version (move,
    archive, tick): two at once on the same rows make the later UPDATE match too few rows."""

    def decorate(view):
        @wraps(view)
        def guarded(**view_args):
            try:
                return view(**view_args)
            except StaleDataError:
                db.rollback()  # the whole change goes: nothing half-saved
                flash(str(CHANGED_MEANWHILE), "error")
                return render_page(template, block, **context(**view_args)), 409

        return guarded

    return decorate


__all__ = ["EditConflict", "StaleDataError", "check_version", "shows_newer_state"]
