"""Parts other features add to the meeting form and page, so that meetings need not know
them (portal.partners adds the contacts invited to a meeting)."""

from collections.abc import Callable

from flask import Flask, current_app, request
from flask_login import current_user

from portal.core.identity import User
from portal.meetings.models import Meeting


def register_meeting_part(app: Flask, context: Callable, save: Callable) -> None:
    """Let another feature add a part to the meeting form and page without meetings knowing
    it (portal.partners: the contacts invited). `context(client, meeting)` gives the pages'
    context (meeting is None on the new-meeting form); `save(actor, meeting, form)` runs
    after a meeting is planned or changed, in the same transaction."""
    app.extensions.setdefault("meeting_parts", []).append((context, save))


def parts_context(client: User, meeting: Meeting | None = None) -> dict:
    context = {}
    for part_context, _save in current_app.extensions.get("meeting_parts", []):
        context |= part_context(client, meeting)
    return context


def save_parts(meeting: Meeting) -> None:
    for _context, save in current_app.extensions.get("meeting_parts", []):
        save(current_user, meeting, request.form)
