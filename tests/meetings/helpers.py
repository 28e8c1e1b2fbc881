"""Meetings for tests, made straight through the services."""

from datetime import time, timedelta

from portal.core.dates import local_today
from portal.meetings.models import Meeting, MeetingMode
from portal.meetings.services import MeetingData, plan_meeting

MEETING_PLACE = "Jobcentret, Vestergade 1"


def meeting_data(days_from_today: int = 3, summary: str | None = None, **changes) -> MeetingData:
    values = {
        "on": local_today() + timedelta(days=days_from_today),
        "at": time(10, 0),
        "duration_minutes": 60,
        "mode": MeetingMode.IN_PERSON,
        "place": MEETING_PLACE,
        "summary": summary,
    }
    values.update(changes)
    return MeetingData(**values)


def recorded_meeting(
    specialist, client, summary: str = "We agreed on two applications."
) -> Meeting:
    """A meeting two days ago whose summary waits for the client."""
    return plan_meeting(specialist, client, meeting_data(-2, summary))


def planned_meeting(specialist, client, days_from_today: int = 3, **changes) -> Meeting:
    return plan_meeting(specialist, client, meeting_data(days_from_today, **changes))


def meeting_fields(app, **overrides) -> dict:
    fields = {
        "on": in_days(app, 4).isoformat(),
        "at": "9.30",  # the Danish way of writing 09:30
        "duration": "45",
        "mode": "in_person",
        "place": "Jobcentret, Vestergade 1",
        "summary": "",
    }
    fields.update(overrides)
    return fields


def in_days(app, days: int):
    with app.app_context():
        return local_today() + timedelta(days=days)
