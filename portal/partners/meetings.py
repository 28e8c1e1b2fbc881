"""A contact takes part in a meeting (#21): the specialist invites the participant's contacts
who share with her now; an invited contact sees the meeting while she shares with them, and
its summary only once she has confirmed it (or that she corrected it, and her correction).

Whether a contact sees anything is asked of the database at each request through the active
links (portal.partners.sharing), so a withdrawal or a restriction holds on the next request.
"""

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.core.audit import note_access
from portal.core.authz import deny, is_own_client, require
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.core.navigation import external_url
from portal.core.outbox import queue_email_in_language
from portal.core.restriction import not_restricted
from portal.meetings.forms import DURATION_LABELS, MODE_LABELS
from portal.meetings.models import Meeting, SummaryResponse
from portal.partners.models import LinkState, MeetingPartner, PartnerLink
from portal.partners.sharing import _active_links

FIELD = "invite_partner"  # the checkboxes' name in the meeting form
FORM_ENDPOINTS = ("meetings.new_meeting", "meetings.meeting")


def invitable_links(client: User) -> list[PartnerLink]:
    """The client's contacts who share with her now, by name: those the form offers."""
    if client.restricted_at is not None or client.erased_at is not None:
        return []
    return list(
        db.scalars(
            select(PartnerLink)
            .join(User, User.id == PartnerLink.partner_id)
            .where(PartnerLink.client_id == client.id, PartnerLink.state == LinkState.ACTIVE)
            .order_by(User.name, User.id)
        )
    )


def _live(query):
    """Only invitations that count now: the participant shares with the contact, and the
    invitation came after her current yes (one from before a withdrawal does not come back
    with a new yes, which starts from nothing)."""
    return query.join(
        PartnerLink,
        (PartnerLink.client_id == Meeting.client_id)
        & (PartnerLink.partner_id == MeetingPartner.partner_id),
    ).where(
        PartnerLink.state == LinkState.ACTIVE,
        MeetingPartner.created_at >= PartnerLink.answered_at,
    )


def invited_ids(meeting: Meeting | None) -> set[int]:
    if meeting is None:
        return set()
    query = (
        select(MeetingPartner.partner_id)
        .join(Meeting, Meeting.id == MeetingPartner.meeting_id)
        .where(MeetingPartner.meeting_id == meeting.id)
    )
    return set(db.scalars(_live(query)))


def invited_contacts(meeting: Meeting) -> list[User]:
    """Who is invited now, for the meeting page of the participant and the specialist."""
    query = (
        select(User)
        .join(MeetingPartner, MeetingPartner.partner_id == User.id)
        .join(Meeting, Meeting.id == MeetingPartner.meeting_id)
        .where(MeetingPartner.meeting_id == meeting.id)
        .order_by(User.name, User.id)
    )
    return list(db.scalars(_live(query)))


def invite_context(client: User, meeting: Meeting | None = None) -> dict:
    """The meeting form's contacts to offer and which are ticked (as sent, when the form
    comes back with an error), and who is invited, for the meeting pages."""
    may_invite = is_own_client(current_user, client) and (
        meeting is None or meeting.cancelled_at is None
    )
    sent = request.method == "POST" and request.endpoint in FORM_ENDPOINTS
    checked = {int(v) for v in request.form.getlist(FIELD) if v.isdigit()} if sent else None
    return {
        "invite_links": invitable_links(client) if may_invite else [],
        "invite_checked": invited_ids(meeting) if checked is None else checked,
        "invited": invited_contacts(meeting) if meeting else [],
    }


def invite_contacts(actor: User, meeting: Meeting, chosen: list[str]) -> None:
    """Make the invited contacts those ticked among the ones offered now (those who share
    with her now); an id that was never offered is ignored, never invited."""
    require(is_own_client(actor, meeting.client) and meeting.cancelled_at is None)
    offered = {link.partner_id: link for link in invitable_links(meeting.client)}
    wanted = {int(value) for value in chosen if value.isdigit() and int(value) in offered}
    before = invited_ids(meeting)
    for partner_id in (before & offered.keys()) - wanted:
        db.delete(db.get(MeetingPartner, (meeting.id, partner_id)))
    for partner_id in wanted - before:
        row = db.get(MeetingPartner, (meeting.id, partner_id))  # one from before a withdrawal
        if row is None:
            row = MeetingPartner(meeting_id=meeting.id, partner_id=partner_id)
            db.add(row)
        row.invited_by_id, row.created_at = actor.id, utcnow()
        _tell(offered[partner_id].partner, meeting.client)
    db.flush()


def _tell(partner: User, client: User) -> None:
    """A plain e-mail that something waits in the portal: no name, no place, nothing else."""
    queue_email_in_language(
        partner,
        _l("Something is waiting for you in the portal"),
        "partners/_meetings_email.txt",
        about=client,
        user=partner,
        link=external_url("site.home"),
    )


@dataclass
class ContactMeeting:
    """One meeting as an invited contact reads it: `summary` only once confirmed."""

    meeting: Meeting
    client: User
    summary: str | None
    corrected: bool
    correction: str | None
    waiting: bool
    upcoming: bool
    how: str  # in person, by phone or by video
    length: str


def _as_contact_reads(meeting: Meeting, client: User) -> ContactMeeting:
    confirmed = meeting.summary is not None and meeting.response == SummaryResponse.CONFIRMED
    return ContactMeeting(
        meeting=meeting,
        client=client,
        summary=meeting.summary if confirmed else None,
        corrected=meeting.disputed,
        correction=meeting.correction if meeting.disputed else None,
        waiting=meeting.waits_for_client,
        upcoming=meeting.is_upcoming(utcnow()),
        how=str(MODE_LABELS[meeting.mode]),
        length=str(DURATION_LABELS.get(meeting.duration_minutes, meeting.duration_minutes)),
    )


def _invited_to_me():
    return _live(
        select(Meeting)
        .join(MeetingPartner, MeetingPartner.meeting_id == Meeting.id)
        .where(MeetingPartner.partner_id == current_user.id)
    )


def contact_meetings(client: User) -> list[ContactMeeting]:
    """The meetings of `client` the current contact is invited to, newest first, cancelled
    ones included (so the contact learns of it). The caller has loaded `client` with
    load_shared_client, which checks the active link and notes the view."""
    if current_user.role != Role.PARTNER:
        return []
    meetings = db.scalars(
        _invited_to_me().where(Meeting.client_id == client.id).order_by(Meeting.starts_at.desc())
    )
    return [_as_contact_reads(meeting, client) for meeting in meetings]


def contact_upcoming_meetings() -> list[ContactMeeting]:
    """The coming meetings the current contact is invited to, of participants who share with
    them now, soonest first; each such participant's access log notes the look."""
    if current_user.role != Role.PARTNER:
        return []
    sharing = _active_links().with_only_columns(PartnerLink.client_id)
    rows = db.execute(
        _invited_to_me()
        .add_columns(User)
        .join(User, User.id == Meeting.client_id)
        .where(
            Meeting.client_id.in_(sharing),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= utcnow(),
            not_restricted(User),
        )
        .order_by(Meeting.starts_at)
    ).all()
    for client_id in dict.fromkeys(meeting.client_id for meeting, _client in rows):
        note_access(client_id)
    return [_as_contact_reads(meeting, client) for meeting, client in rows]


def load_contact_meeting(client: User, meeting_id: int) -> Meeting:
    """The meeting when the current contact is invited to it (client loaded as above)."""
    meeting = db.scalar(
        _invited_to_me().where(Meeting.id == meeting_id, Meeting.client_id == client.id)
    )
    if meeting is None:
        deny()
    return meeting
