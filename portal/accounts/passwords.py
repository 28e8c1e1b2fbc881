"""Password hashing (argon2id) and the password policy: long enough and not easy to guess."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn's score 3 means "safely unguessable"; below that the password is in or near a
# list of common and breached passwords, names and keyboard patterns.
MIN_STRENGTH_SCORE = 3

_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps the response time the same.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return True when the password matches; unknown accounts take as long as known ones."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, user_inputs: tuple[str, ...] = ()):
    """Return a translated reason the password is refused, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        return lazy_ngettext(
            "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_LENGTH
        )
    inputs = [part for value in user_inputs if value for part in value.replace("@", " ").split()]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < MIN_STRENGTH_SCORE:
        return _l(
            "This password is too common or too easy to guess. "
            "A few unrelated words in a row are easy to remember and hard to guess."
        )
    return None
