"""Password hashing (argon2id) and the password policy: long enough and not easy to guess."""

import re

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn's score 3 means "safely unguessable"; below that the password is in or near a
# list of common and breached passwords, names and keyboard patterns.
MIN_STRENGTH_SCORE = 3

# argon2id with RFC 9106's parameters (64 MiB, 3 passes): about 0.1 s a password, on purpose.
STANDARD_HASHER = PasswordHasher()
# The test suite signs people in thousands of times, and each sign-in would pay that 0.1 s
# again: its apps set FAST_PASSWORD_HASHING for argon2's cheapest parameters. Production
# refuses the setting (portal.config.check_config); it cannot be set from the environment.
FAST_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
# Verifying against one of these when the e-mail is unknown keeps the response time the same.
_DUMMY_HASHES = {
    hasher: hasher.hash("not a real password, only for timing")
    for hasher in (STANDARD_HASHER, FAST_HASHER)
}


def _hasher() -> PasswordHasher:
    fast = has_app_context() and current_app.config.get("FAST_PASSWORD_HASHING")
    return FAST_HASHER if fast else STANDARD_HASHER


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return True when the password matches; unknown accounts take as long as known ones."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _DUMMY_HASHES[hasher], password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


# A password is refused when at least this share of it is the person's own e-mail address or
# name: those are the first guesses of anyone who knows whom the account belongs to.
MAX_PERSONAL_SHARE = 0.5


def personal_words(user_inputs: tuple[str, ...]) -> list[str]:
    """The whole of each value (e-mail address, name), the parts around its "@" and its words."""
    words: list[str] = []
    for value in user_inputs:
        value = (value or "").strip().lower()
        if not value:
            continue
        words += [value, *value.split("@"), *re.split(r"[\W_]+", value)]
    return list(dict.fromkeys(word for word in words if word))


def _too_personal(password: str, words: list[str], sequence: list[dict]) -> bool:
    emails = [word for word in words if "@" in word]
    if any(email in password.lower() for email in emails):
        return True
    personal = sum(
        len(match["token"]) for match in sequence if match.get("dictionary_name") == "user_inputs"
    )
    return personal >= min(len(password), 100) * MAX_PERSONAL_SHARE


def password_problem(password: str, user_inputs: tuple[str, ...] = ()):
    """Return a translated reason the password is refused, or None when it is fine.

    `user_inputs` are the person's e-mail address and name: the password may not be, contain
    the whole address, or mostly consist of them."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        return lazy_ngettext(
            "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_LENGTH
        )
    words = personal_words(user_inputs)
    result = zxcvbn(password[:100], user_inputs=words)
    if _too_personal(password, words, result["sequence"]):
        return _l(
            "The password is too close to your e-mail address or your name. "
            "Choose something that has nothing to do with you."
        )
    if result["score"] < MIN_STRENGTH_SCORE:
        return _l(
            "This password is too common or too easy to guess. "
            "A few unrelated words in a row are easy to remember and hard to guess."
        )
    return None
