"""Words written when a session ended are kept on the server until the same person is back.

A form sent after the idle sign-out (or "Sign in again" with text typed in) is held here,
never in the cookie or the browser's storage: the session cookie is signed, not encrypted.
After the same account signs in, the page's form is filled from it once; nothing is saved
until the person sends it again. One per account and page, ignored after a day, purged with
the technical records (portal.privacy), exported and erased as the person's own data.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import flash, request, session
from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

from portal.core.db import Base, UTCDateTime, db, utcnow

HELD_FOR = timedelta(hours=24)
# The hidden field portal.js adds when "Sign in again" sends a form with text typed in.
HOLD_ONLY_FIELD = "hold-only"
# Never held: the form's CSRF token and the marker, and whole areas where forms carry
# passwords or sign-in codes (a password must not lie in a table as plain text).
NOT_KEPT = {"csrf_token", HOLD_ONLY_FIELD}
NEVER_HELD_BLUEPRINTS = {"accounts", "mfa"}
PAGE_MAX_LENGTH = 500
# The pages (paths) the signed-in account has held forms for: only a marker, so a page view
# looks in the table only when there is something to find (no query on every form).
SESSION_KEY = "held_pages"


class HeldForm(Base):
    __tablename__ = "held_forms"
    __table_args__ = (UniqueConstraint("user_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index (user_id first) serves the look-ups by account too.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    page: Mapped[str] = mapped_column(String(PAGE_MAX_LENGTH))
    fields: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def form_fields_to_hold() -> dict[str, list[str]]:
    """The submitted form as {name: [values]}, less what is never kept; {} if nothing is."""
    if request.blueprint in NEVER_HELD_BLUEPRINTS:
        return {}
    fields = request.form.to_dict(flat=False)
    return {name: values for name, values in fields.items() if name not in NOT_KEPT}


def hold_form(user_id: int, page: str, fields: dict[str, list[str]]) -> bool:
    """Keep `fields` for this account and page, replacing an older one; flush.

    Return False when there is nothing to keep (or the page address is too long to store).
    """
    if not fields or len(page) > PAGE_MAX_LENGTH:
        return False
    db.execute(delete(HeldForm).where(HeldForm.user_id == user_id, HeldForm.page == page))
    db.add(HeldForm(user_id=user_id, page=page, fields=fields))
    try:
        db.flush()
    except IntegrityError:  # the same form held twice at once: the other copy is the same words
        db.rollback()
    return True


def _fresh_held_forms(user_id: int):
    return db.scalars(
        select(HeldForm).where(
            HeldForm.user_id == user_id, HeldForm.created_at > utcnow() - HELD_FOR
        )
    )


def note_held_pages(user_id: int) -> None:
    """On sign-in: mark in the session which pages have a form held for this account."""
    pages = sorted({urlsplit(held.page).path for held in _fresh_held_forms(user_id)})
    if pages:
        session[SESSION_KEY] = pages
    else:
        session.pop(SESSION_KEY, None)


def add_held_page(page: str) -> None:
    session[SESSION_KEY] = sorted({*session.get(SESSION_KEY, []), urlsplit(page).path})


def held_formdata(form, user) -> MultiDict | None:
    """On a GET of a page with a form held for `user` whose fields `form` has: hand the held
    values back once (the row is deleted and committed) and say so in a flash message."""
    if request.method != "GET" or request.path not in session.get(SESSION_KEY, ()):
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    names = {field.name for field in form}
    for held in _fresh_held_forms(user.id):
        if urlsplit(held.page).path != request.path or not set(held.fields) <= names:
            continue
        fields = MultiDict([(name, one) for name, values in held.fields.items() for one in values])
        db.delete(held)
        db.commit()  # used once: a reload shows the form as it is without the held words
        session[SESSION_KEY] = [p for p in session[SESSION_KEY] if p != request.path]
        flash(
            _(
                "You were signed out before this was saved. What you wrote is here again: "
                "check it and send it."
            ),
            "info",
        )
        return fields
    return None


def purge_held_forms(now: datetime) -> int:
    """Delete the held forms past their day; return how many."""
    return db.execute(delete(HeldForm).where(HeldForm.created_at < now - HELD_FOR)).rowcount
