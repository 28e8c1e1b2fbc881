"""A file to download: text in UTF-8, saved under its name, never kept by a cache (every
download of the portal holds someone's data or a team's figures)."""

from flask import Response, make_response


def attachment(body: str, filename: str, mimetype: str) -> Response:
    response = make_response(body)
    response.mimetype = mimetype
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
