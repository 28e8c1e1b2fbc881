"""A meeting as an iCalendar file, so the client can put it in the phone's calendar."""

from urllib.parse import urlsplit

from flask import Response
from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.core.dates import local_date_and_time
from portal.core.db import utcnow
from portal.core.downloads import attachment
from portal.core.identity import User
from portal.meetings.forms import MODE_LABELS
from portal.meetings.models import Meeting

# Not even the product id names IPS: the file ends up in calendars others may see.
PRODUCT_ID = "-//Client portal//Meetings//EN"


def _title(meeting: Meeting, viewer: User) -> str:
    # Calendars are often shared or synced: the title names the other person, nothing about
    # IPS or health.
    other = meeting.client if viewer.id != meeting.client_id else meeting.specialist
    return _("Meeting with %(name)s", name=other.name) if other else _("Meeting")


def calendar_file(meeting: Meeting, viewer: User, page_url: str) -> bytes:
    """Return the .ics text of one meeting; a cancelled one says so, so calendars update."""
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{urlsplit(page_url).hostname}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", _title(meeting, viewer))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", f"{MODE_LABELS[meeting.mode]}\n{page_url}")
    event.add("url", page_url)
    # A calendar replaces its copy when it sees a higher sequence number.
    event.add("sequence", meeting.version)
    event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_download(meeting: Meeting, viewer: User, page_url: str) -> Response:
    """The meeting as a calendar file to download, for whoever may see it (the participant,
    her specialist, or a contact invited to it)."""
    on, _at = local_date_and_time(meeting.starts_at)
    body = calendar_file(meeting, viewer, page_url)
    return attachment(body, f"meeting-{on}.ics", "text/calendar")
