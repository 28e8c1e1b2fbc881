"""Double submits create one row: a create form carries a one-time token, claimed on save.

A second POST of the same form (a double tap on a slow phone, a resent request) finds the
token taken: the database's primary key decides, also when both arrive at the same moment.
"""

import re
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from portal.core.db import Base, UTCDateTime, db, utcnow

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,40}")


class FormSubmission(Base):
    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DuplicateSubmission(Exception):
    """This form was already saved once."""


def submission_field() -> HiddenField:
    """A hidden field with a fresh token each time the form is shown."""
    return HiddenField(default=lambda: secrets.token_urlsafe(16))


def claim_submission(token: str | None, user) -> None:
    """Record the form's token first in this transaction; raise DuplicateSubmission (after
    rolling the transaction back) if an earlier POST of the same form holds it."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return  # a form without a (well-formed) token still works, only without this protection
    db.add(FormSubmission(token=f"{user.id}:{token}", user_id=user.id))
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise DuplicateSubmission from None


def already_submitted(form, user) -> bool:
    """Claim the form's token; return True when this is a repeat of a saved form."""
    try:
        claim_submission(form.submission.data, user)
    except DuplicateSubmission:
        return True
    return False
