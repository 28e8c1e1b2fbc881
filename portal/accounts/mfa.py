"""Two-factor sign-in with a time-based code (TOTP, RFC 6238) from an authenticator app.

Required for specialists and team leads, who see many clients' health data, and for treatment
and agency contacts, who read what participants share with them (health information too); a
client may switch it on. Each code works once, even inside its 30 seconds; ten one-time
recovery codes (stored only as hashes) let someone in who has lost their phone.
"""

import hashlib
import secrets
from datetime import datetime

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import delete, select, update

from portal.accounts.models import RecoveryCode
from portal.core.db import db, utcnow
from portal.core.identity import Role, User

ISSUER = "IPS portal"
# Everyone who reads participants' data other than their own: treatment and agency contacts too.
STAFF_ROLES = (Role.SPECIALIST, Role.ADMIN, Role.PARTNER)
RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30


def mfa_required(user: User) -> bool:
    return user.role in STAFF_ROLES


def new_secret() -> str:
    return pyotp.random_base32()


def qr_code(user: User, secret: str) -> Markup:
    """The enrolment QR code as inline SVG, drawn on the server (no script, no other host)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.sign_in_name, issuer_name=ISSUER)
    # segno writes only SVG elements and path data for the modules it encodes: no text from
    # users (the e-mail address is inside the QR pattern, not in the markup).
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return Markup(svg)  # noqa: S704  # nosec B704


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _matching_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The time step (the one before, now, or after, for clocks a little off) the code is
    for, unless it was already used."""
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and secrets.compare_digest(
            totp.at(step * STEP_SECONDS), code
        ):
            return step
    return None


def verify_second_factor(user: User, code: str, now: datetime | None = None) -> bool:
    """A current authenticator code, or an unused recovery code; either works only once."""
    code = _normalise(code or "")
    if user.totp_secret is None or not code:
        return False
    if code.isascii() and code.isdigit() and len(code) == 6:
        step = _matching_step(user.totp_secret, code, now or utcnow(), user.totp_last_step)
        if step is None:
            return False
        # Only one request can move the step forward: a replayed code finds it moved.
        moved = db.execute(
            update(User)
            .where(
                User.id == user.id, (User.totp_last_step.is_(None)) | (User.totp_last_step < step)
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        )
        return moved.rowcount == 1
    used = db.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return used.rowcount == 1


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; return them to show once."""
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.flush()
    return codes


def enable_mfa(user: User, secret: str, code: str, now: datetime | None = None) -> list[str] | None:
    """Switch two-factor on once the user shows a code from the new secret; return the
    recovery codes, or None when the code is not right."""
    if not secret or len(secret) < 16:  # no enrolment page was shown in this session
        return None
    step = _matching_step(secret, _normalise(code or ""), now or utcnow(), None)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step, user.mfa_enabled_at = secret, step, utcnow()
    return new_recovery_codes(user)


def disable_mfa(user: User) -> None:
    """Only for clients, for whom it is a choice."""
    if mfa_required(user):
        raise ValueError("two-factor sign-in is required for staff")
    user.totp_secret = user.totp_last_step = user.mfa_enabled_at = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def recovery_codes_left(user: User) -> int:
    return len(
        db.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )
