"""Static files under fingerprinted names (`css/portal.3f2a9c1b04d7.css`), cached for a year.

A phone on a slow line should fetch the style sheet and scripts once, and a new release must
still reach it at once: the name carries a digest of the content, so a changed file has a new
name and an unchanged one is never asked for again. Templates keep writing
`url_for('static', filename='css/portal.css')`; the digest is added when the URL is built.
(Flask-Static-Digest does this with a build step, but its `digest` command would clash with
ours, and hashing four small files at run time needs no build step at all.)
Compression is Flask-Compress's job (see configure_extensions).
"""

import hashlib
import os
import re
from functools import lru_cache

from flask import Flask, current_app, send_from_directory

ONE_YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 12
FINGERPRINTED = re.compile(
    rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})(?P<ext>\.\w+)$"
)


@lru_cache(maxsize=256)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    # Keyed on the file's time and size too, so an edited file gets a new digest at once.
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:DIGEST_LENGTH]


def digest_of(filename: str) -> str | None:
    """The content digest of a static file, or None when there is no such file."""
    path = os.path.join(current_app.static_folder, filename)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def fingerprinted_name(filename: str) -> str:
    """`css/portal.css` -> `css/portal.<digest>.css` (unchanged for a missing file)."""
    digest = digest_of(filename)
    if digest is None:
        return filename
    stem, ext = os.path.splitext(filename)
    return f"{stem}.{digest}{ext}"


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = fingerprinted_name(values["filename"])


def _send(filename: str, max_age: int):
    response = send_from_directory(current_app.static_folder, filename, max_age=max_age)
    if response.status_code == 200:
        # Read the (small) file now rather than stream it, so Flask-Compress can gzip it for
        # the browsers that do not take brotli; it only gzips whole bodies.
        response.direct_passthrough = False
        response.make_sequence()
    return response


def serve_static(filename: str):
    """Serve a static file; under its current fingerprinted name it may be kept for a year."""
    match = FINGERPRINTED.match(filename)
    if match and digest_of(match["stem"] + match["ext"]) == match["digest"]:
        response = _send(match["stem"] + match["ext"], ONE_YEAR)
        response.cache_control.immutable = True
        return response
    if match:
        # An older page asks for a file that has changed since: give today's, briefly cached.
        filename = match["stem"] + match["ext"]
    response = _send(filename, 0)
    response.cache_control.no_cache = True
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_add_fingerprint)
    app.view_functions["static"] = serve_static
