"""A signing key of this installation's own, made once and kept in its instance folder.

Outside production SECRET_KEY may be left unset, yet the portal still signs session cookies
and one-time links (invitations, password resets, check-ins) with it. A key printed in the
source would let anyone who read it forge those, so each installation makes a random one.
"""

import contextlib
import os
import secrets

from portal.config import ConfigError

FILE_NAME = "secret_key"
MIN_LENGTH = 32


def installation_secret(instance_path: str) -> str:
    """Return the key in `instance_path`, making it first if there is none yet."""
    path = os.path.join(instance_path, FILE_NAME)
    if not os.path.exists(path):
        _create(path)
    return _read(path)


def _create(path: str) -> None:
    # Written to a file of our own first, then linked into place: the key file appears whole
    # or not at all, and when two processes start at once only one link succeeds, so the other
    # reads the winner's key instead of a half-written file or a key of its own.
    folder = os.path.dirname(path)
    temporary = os.path.join(folder, f".{FILE_NAME}.{secrets.token_hex(8)}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: its key wins
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        key = file.read().strip()
    if len(key) < MIN_LENGTH:
        # Never make a new key silently: that would end every session and spend every link.
        raise ConfigError(
            f"{path} holds no usable key; delete it to make a new one "
            "(everyone is signed out and links already sent stop working)"
        )
    return key
