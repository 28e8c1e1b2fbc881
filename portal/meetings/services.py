"""Planning and recording meetings, and the client's answer to the "what we agreed" summary.

The specialist plans a meeting and afterwards writes what was agreed; the client confirms the
summary with one tap or writes a correction, which marks it as disputed for both of them.
A new summary asks the client again; the history keeps every earlier text and correction.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from portal.core.authz import is_own_client, load_client_record, require
from portal.core.dates import local_moment, local_today
from portal.core.db import db, utcnow
from portal.core.forms import FieldError
from portal.core.history import changed_fields, new_values, record_change
from portal.core.identity import User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted
from portal.core.versioning import check_version
from portal.meetings.models import Meeting, MeetingMode, MeetingNotice, SummaryResponse

MOST_YEARS_AHEAD = 2
MOST_YEARS_BACK = 5
# A meeting's feedback invitation stays on the client's home page this long.
FEEDBACK_INVITATION_DAYS = 30
PAST_MEETINGS_SHOWN = 100
# A change to one of these in a coming meeting is told to the participant (a new summary, or
# a correction to a past meeting's record, is not a change to their plans).
WHAT_THEY_PLAN_BY = {"starts_at", "duration_minutes", "mode", "place"}
NOTICE_SUBJECTS = {
    MeetingNotice.CHANGED: _l("A meeting has been changed"),
    MeetingNotice.CANCELLED: _l("A meeting has been cancelled"),
}


class MeetingError(FieldError):
    """Input that cannot be saved; `field` names the form field it concerns."""


@dataclass
class MeetingData:
    on: date
    at: time
    duration_minutes: int
    mode: MeetingMode
    place: str | None
    summary: str | None


def _values(data: MeetingData) -> dict:
    """Check the data and return the meeting's column values."""
    today = local_today()
    if data.on > today + timedelta(days=366 * MOST_YEARS_AHEAD):
        raise MeetingError(_l("Choose a date at most two years ahead."), "on")
    if data.on < today - timedelta(days=366 * MOST_YEARS_BACK):
        raise MeetingError(_l("Choose a date in the last five years."), "on")
    if data.summary and data.on > today:
        message = _l("Write what you agreed once the meeting has taken place.")
        raise MeetingError(message, "summary")
    values = asdict(data)
    values["starts_at"] = local_moment(values.pop("on"), values.pop("at"))
    values["place"] = data.place or None
    values["summary"] = data.summary or None
    return values


def plan_meeting(actor: User, client: User, data: MeetingData) -> Meeting:
    """Record a meeting with the client: a coming one, or one that took place (with summary)."""
    require(is_own_client(actor, client))
    values = _values(data)
    meeting = Meeting(client_id=client.id, specialist_id=actor.id, **values)
    if meeting.summary:
        meeting.summary_at = utcnow()
    db.add(meeting)
    db.flush()
    record_change(actor, client.id, "meeting", meeting.id, "created", new_values(values))
    return meeting


def update_meeting(actor: User, meeting: Meeting, data: MeetingData, version: int | None):
    """Change a meeting; a changed summary goes back to the client to confirm."""
    require(is_own_client(actor, meeting.client) and meeting.cancelled_at is None)
    values = _values(data)
    check_version(meeting, version)
    was = meeting.starts_at
    changes = changed_fields(meeting, values)
    if was > utcnow() and changes.keys() & WHAT_THEY_PLAN_BY:
        tell_client(meeting, MeetingNotice.CHANGED, was)
    if "summary" in changes:
        meeting.summary_at = utcnow() if meeting.summary else None
        changes |= _answer(meeting, None, None)
        meeting.response_at = None
    if changes:
        record_change(actor, meeting.client_id, "meeting", meeting.id, "edited", changes)
    db.flush()


def cancel_meeting(actor: User, meeting: Meeting) -> None:
    require(is_own_client(actor, meeting.client))
    if meeting.cancelled_at is None:
        meeting.cancelled_at = utcnow()
        record_change(actor, meeting.client_id, "meeting", meeting.id, "cancelled")
        if meeting.starts_at > meeting.cancelled_at:
            tell_client(meeting, MeetingNotice.CANCELLED, meeting.starts_at)
        db.flush()


def tell_client(meeting: Meeting, notice: MeetingNotice, was: datetime) -> None:
    """The participant finds the change on their home page until they have seen it, and in
    an e-mail that gives the times only: nothing of where, with whom or why (an e-mail may be
    read by others; quality bar P5)."""
    if meeting.client_notice is None:  # changed twice before they looked: the time they knew
        meeting.notice_was_at = was
    meeting.client_notice = notice
    client = meeting.client
    queue_email_in_language(
        client,
        NOTICE_SUBJECTS[notice],
        "meetings/email/changed.txt",
        about=client,
        user=client,
        meeting=meeting,
        link=external_url("meetings.meeting", meeting_id=meeting.id),
    )


def mark_notice_seen(actor: User, meeting: Meeting) -> None:
    """The participant has seen what changed: the home page no longer says it."""
    require(actor.id == meeting.client_id)
    if meeting.client_notice is not None:
        meeting.client_notice = meeting.notice_was_at = None
        db.flush()


def _answer_summary(actor: User, meeting: Meeting, version: int | None) -> None:
    # Only the client answers for their own summary; staff get "not allowed", not a save.
    require(actor.id == meeting.client_id)
    if meeting.summary is None or meeting.cancelled_at is not None:
        raise MeetingError(_l("There is no summary of this meeting to answer yet."), "version")
    check_version(meeting, version)
    meeting.response_at = utcnow()


def _answer(meeting: Meeting, response: SummaryResponse | None, correction: str | None) -> dict:
    """Set the client's answer; history names it apart from a plan item's "response"."""
    changes = changed_fields(meeting, {"response": response, "correction": correction})
    if "response" in changes:
        changes["summary_answer"] = changes.pop("response")
    return changes


def confirm_summary(actor: User, meeting: Meeting, version: int | None) -> None:
    """The client says the summary is right; not of a text she has disputed (the page offers
    no "yes" under it either): that waits for the specialist's revision."""
    if meeting.disputed and actor.id == meeting.client_id:
        raise MeetingError(
            _l(
                "You asked for a change to this summary. Your employment specialist will change "
                "the text, and then you can confirm it."
            ),
            "version",
        )
    _answer_summary(actor, meeting, version)
    changes = _answer(meeting, SummaryResponse.CONFIRMED, None)
    record_change(actor, meeting.client_id, "meeting", meeting.id, "summary_confirmed", changes)
    db.flush()


def dispute_summary(actor: User, meeting: Meeting, correction: str, version: int | None):
    """The client says what is not right; the summary is marked as disputed for both."""
    _answer_summary(actor, meeting, version)
    changes = _answer(meeting, SummaryResponse.DISPUTED, correction)
    record_change(actor, meeting.client_id, "meeting", meeting.id, "summary_disputed", changes)
    db.flush()


def _client_meetings(client_id: int):
    return (
        select(Meeting)
        .options(joinedload(Meeting.specialist))
        .where(Meeting.client_id == client_id)
    )


def list_meetings(client_id: int) -> tuple[list[Meeting], list[Meeting]]:
    """Return (coming meetings, soonest first; earlier and cancelled ones, newest first)."""
    now = utcnow()
    meetings = db.scalars(_client_meetings(client_id).order_by(Meeting.starts_at.desc())).all()
    upcoming = [meeting for meeting in meetings if meeting.is_upcoming(now)]
    earlier = [meeting for meeting in meetings if not meeting.is_upcoming(now)]
    return upcoming[::-1], earlier[:PAST_MEETINGS_SHOWN]


@dataclass
class MeetingOverview:
    """What the client's home page says about meetings."""

    upcoming: list[Meeting]  # the next few, soonest first
    notices: list[Meeting]  # coming meetings moved, changed or cancelled, not yet seen
    summaries_waiting: list[Meeting]  # summaries to confirm or correct, newest first
    feedback_meeting: Meeting | None  # the latest recent meeting to give feedback on


def meeting_overview(client_id: int, shown: int = 3) -> MeetingOverview:
    """The client's coming meetings, unanswered summaries and feedback invitation, from one
    query (each is a round trip to the database on the page opened most often). The rows
    are few: coming meetings, and recorded ones still waiting for the client."""
    now = utcnow()
    # Meetings are at most a few hours long: one that started earlier today may still be on.
    since = now - timedelta(hours=4)
    feedback_since = now - timedelta(days=FEEDBACK_INVITATION_DAYS)
    # A notice is kept while the meeting, at its old time or its new one, is still to come.
    notice = and_(
        Meeting.client_notice.is_not(None),
        or_(Meeting.starts_at >= since, Meeting.notice_was_at >= since),
    )
    rows = db.scalars(
        _client_meetings(client_id)
        .where(
            or_(
                notice,
                and_(
                    Meeting.cancelled_at.is_(None),
                    or_(
                        Meeting.starts_at >= since,
                        and_(
                            Meeting.summary.is_not(None),
                            or_(
                                Meeting.response.is_(None),
                                and_(
                                    Meeting.feedback_closed_at.is_(None),
                                    Meeting.starts_at >= feedback_since,
                                ),
                            ),
                        ),
                    ),
                ),
            )
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    meetings = [m for m in rows if m.cancelled_at is None]
    newest_first = meetings[::-1]
    return MeetingOverview(
        upcoming=[m for m in meetings if m.starts_at >= since and m.is_upcoming(now)][:shown],
        notices=[m for m in rows if m.client_notice is not None],
        summaries_waiting=[m for m in newest_first if m.waits_for_client],
        feedback_meeting=next(
            (
                m
                for m in newest_first
                if may_give_feedback_on(m) and feedback_since <= m.starts_at <= now
            ),
            None,
        ),
    )


def may_give_feedback_on(meeting: Meeting) -> bool:
    return (
        meeting.summary is not None
        and meeting.cancelled_at is None
        and meeting.feedback_closed_at is None
    )


def disputed_summaries(specialist: User) -> list:
    """Disputed summaries in the specialist's caseload, newest first: rows of only what the
    home page shows (`id`, `starts_at`, `client_name`)."""
    return db.execute(
        select(Meeting.id, Meeting.starts_at, User.name.label("client_name"))
        .join(User, User.id == Meeting.client_id)
        .where(
            User.specialist_id == specialist.id,
            not_restricted(),
            Meeting.response == SummaryResponse.DISPUTED,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.response_at.desc())
    ).all()


def load_meeting(meeting_id: int) -> tuple[Meeting, User]:
    """Return a meeting and its client when the current user may see them, or answer 404."""
    return load_client_record(Meeting, meeting_id)
