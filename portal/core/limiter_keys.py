"""Rate-limit keys that name no one.

Flask-Limiter writes a limit's key into Redis (where every app server counts together) and
into the log line when a limit is hit ("ratelimit ... (key) exceeded"). The portal counts
sign-in attempts per account and per address, so those keys would be an e-mail address and
an IP address. Every key function is therefore wrapped once, here, to return a keyed hash of
its value: the same person still gets the same counter on every server, but neither Redis nor
the log holds anything that can be turned back into an address without the secret key.
"""

import functools
import hashlib
import hmac
from collections.abc import Callable

from flask import current_app
from flask_limiter import Limiter

KeyFunc = Callable[[], str]


@functools.lru_cache(maxsize=4)
def _hash_key(secret: str | bytes) -> bytes:
    # A key of its own, derived from SECRET_KEY, so a hash here can never be replayed as a
    # signature anywhere else the secret key is used (sessions, one-time links).
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"portal rate-limit keys", hashlib.sha256).digest()


def pseudonym(value: str) -> str:
    """Return a keyed hash of `value` (an empty value stays empty: Flask-Limiter skips it)."""
    if not value:
        return value
    digest = hmac.new(_hash_key(current_app.config["SECRET_KEY"]), value.encode(), "sha256")
    return digest.hexdigest()[:32]  # 128 bits: no two people share a counter


def _pseudonymous(key_func: KeyFunc) -> KeyFunc:
    @functools.wraps(key_func)
    def hashed_key() -> str:
        return pseudonym(key_func())

    return hashed_key


class PseudonymousLimiter(Limiter):
    """A Limiter whose every key (the default one and each route's own) is a pseudonym, so no
    view needs to remember to hash the e-mail address or IP address it counts by."""

    def __init__(self, *, key_func: KeyFunc, **kwargs):
        super().__init__(key_func=_pseudonymous(key_func), **kwargs)

    def limit(self, limit_value, *, key_func: KeyFunc | None = None, **kwargs):
        # Without a key function of its own a limit uses the default one, already wrapped.
        wrapped = _pseudonymous(key_func) if key_func else None
        return super().limit(limit_value, key_func=wrapped, **kwargs)

    def shared_limit(self, limit_value, scope, *, key_func: KeyFunc | None = None, **kwargs):
        wrapped = _pseudonymous(key_func) if key_func else None
        return super().shared_limit(limit_value, scope, key_func=wrapped, **kwargs)
