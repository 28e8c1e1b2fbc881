"""One-time links sent by e-mail: an invitation, a password reset, an employer's check-in.

Each carries a random token, signed with the portal's secret and a salt of its own purpose (a
link made for one purpose never opens another), and the database keeps only the token's hash,
so a copy of it opens no link. The feature keeps the row behind the link (the hash, when it
was used, when it expires); this module makes and reads the signed form and says, with one
exception, why a link cannot be used, so every such page answers alike.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.core.db import utcnow


class LinkProblem(Exception):
    """A link that cannot be used. `reason` is "invalid", "expired" or "used" (a feature may
    add its own, as check-ins add "closed"); `row` is what a used or expired link was for, so
    its page can speak the language of the person it was sent to."""

    def __init__(self, reason: str, row=None):
        super().__init__(reason)
        self.reason = reason
        self.row = row


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    """Tokens are stored only as this hash, so a copy of the database opens no link.

    Links already sent were stored with it: changing it would close every open link."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign(payload, salt: str) -> str:
    """The signed, dated form of `payload` for a link of the purpose `salt` names."""
    return _serializer(salt).dumps(payload)


def read(signed: str, salt: str, max_age: timedelta | None = None):
    """The payload of a link signed for `salt`, or raise LinkProblem ("expired" when older
    than `max_age`, "invalid" for anything else). Without `max_age` only the signature counts."""
    seconds = int(max_age.total_seconds()) if max_age is not None else None
    try:
        return _serializer(salt).loads(signed, max_age=seconds)
    except SignatureExpired:
        raise LinkProblem("expired") from None
    except BadSignature:
        raise LinkProblem("invalid") from None


def refuse_spent(row, used_at: datetime | None, expires_at: datetime) -> None:
    """Raise LinkProblem when the link behind `row` was used already or its row has expired
    (the row's clock counts too: it may be shorter than the signature's)."""
    if used_at is not None:
        raise LinkProblem("used", row)
    if expires_at <= utcnow():
        raise LinkProblem("expired", row)
