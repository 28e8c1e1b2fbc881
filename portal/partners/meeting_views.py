"""An invited contact's calendar file of a meeting (blueprint "partner_meetings"); the
meeting itself is shown on the contact's home and page of the participant, through the
template globals registered here."""

from flask import Blueprint, Flask
from flask_login import current_user

from portal.core.authz import roles_required
from portal.core.identity import Role
from portal.core.navigation import external_url
from portal.meetings.calendar import calendar_download
from portal.meetings.parts import register_meeting_part
from portal.partners.meetings import (
    FIELD,
    contact_meetings,
    contact_upcoming_meetings,
    invite_contacts,
    invite_context,
    load_contact_meeting,
)
from portal.partners.sharing import load_shared_client

bp = Blueprint("partner_meetings", __name__)


@bp.route("/shared/<int:client_id>/meetings/<int:meeting_id>/calendar.ics")
@roles_required(Role.PARTNER)
def calendar(client_id: int, meeting_id: int):
    client, _link = load_shared_client(client_id)
    meeting = load_contact_meeting(client, meeting_id)
    page_url = external_url("shared.participant", client_id=client.id)
    return calendar_download(meeting, current_user, page_url)


def init_app(app: Flask) -> None:
    register_meeting_part(
        app,
        invite_context,
        lambda actor, meeting, form: invite_contacts(actor, meeting, form.getlist(FIELD)),
    )
    app.jinja_env.globals["contact_meetings"] = contact_meetings
    app.jinja_env.globals["contact_upcoming_meetings"] = contact_upcoming_meetings
