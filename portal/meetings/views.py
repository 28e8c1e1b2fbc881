"""Routes for meetings; each view loads and authorises, calls one service and commits once.
Every route finds its client through load_client: foreign ids are a 404."""

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.core.authz import is_own_client, load_client, signed_in
from portal.core.dates import local_date_and_time, local_today
from portal.core.db import db, utcnow
from portal.core.forms import show_field_error
from portal.core.history import list_history
from portal.core.htmx import after_save, render_page
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import external_url, see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict
from portal.meetings.calendar import calendar_download
from portal.meetings.forms import (
    OUTREACH_WAY_LABELS,
    ConfirmForm,
    CorrectionForm,
    MeetingForm,
    OutreachForm,
    meeting_labels,
)
from portal.meetings.models import Meeting, MeetingMode, OutreachWay
from portal.meetings.outreach import OutreachData, OutreachError, recent_tries, record_try
from portal.meetings.parts import parts_context, save_parts
from portal.meetings.services import (
    MeetingData,
    MeetingError,
    cancel_meeting,
    confirm_summary,
    dispute_summary,
    list_meetings,
    load_meeting,
    mark_notice_seen,
    may_give_feedback_on,
    plan_meeting,
    update_meeting,
)

bp = Blueprint("meetings", __name__)


MEETINGS = "meetings/index.html"
MEETING = "meetings/meeting.html"


def _meeting_data(form: MeetingForm) -> MeetingData:
    return MeetingData(
        on=form.on.data,
        at=form.at.data,
        duration_minutes=form.duration.data,
        mode=MeetingMode(form.mode.data),
        place=form.place.data,
        summary=form.summary.data,
    )


def meetings_context(client: User, form: MeetingForm | None = None, outreach_form=None) -> dict:
    upcoming, earlier = list_meetings(client.id)
    can_plan = is_own_client(current_user, client)
    return {
        "client": client,
        "upcoming": upcoming,
        "earlier": earlier,
        "can_plan": can_plan,
        "form": form or MeetingForm(formdata=None),
        # The tries to get back in touch: the specialist's to record (portal.meetings.outreach).
        "tries": recent_tries(client.id) if can_plan else [],
        "outreach_form": outreach_form or OutreachForm(formdata=None, tried_on=local_today()),
        "way_labels": OUTREACH_WAY_LABELS,
        "now": utcnow(),
        **meeting_labels(),
        **parts_context(client),
    }


@bp.route("/clients/<int:client_id>/meetings")
@signed_in
def index(client_id: int):
    return render_template(MEETINGS, **meetings_context(load_client(client_id)))


@bp.route("/clients/<int:client_id>/meetings", methods=["POST"])
@signed_in
def new_meeting(client_id: int):
    client = load_client(client_id)
    form = MeetingForm()
    if not form.validate():
        return render_template(MEETINGS, **meetings_context(client, form)), 422
    if already_submitted(form, current_user):
        return see_other(url_for("meetings.index", client_id=client.id))
    try:
        meeting = plan_meeting(current_user, client, _meeting_data(form))
        save_parts(meeting)
    except MeetingError as error:
        db.rollback()
        show_field_error(form, error)
        return render_template(MEETINGS, **meetings_context(client, form)), 422
    db.commit()
    flash(_("The meeting is saved."), "success")
    return see_other(url_for("meetings.meeting", meeting_id=meeting.id))


def _edit_form(meeting: Meeting) -> MeetingForm:
    form = MeetingForm(formdata=None, obj=meeting)
    form.on.data, form.at.data = local_date_and_time(meeting.starts_at)
    form.duration.data = meeting.duration_minutes
    form.mode.data = meeting.mode.value
    return form


def _meeting_context(meeting: Meeting, client: User, **forms) -> dict:
    viewer_is_client = current_user.id == client.id
    can_edit = is_own_client(current_user, client) and meeting.cancelled_at is None
    return {
        "meeting": meeting,
        "client": client,
        "viewer_is_client": viewer_is_client,
        "can_edit": can_edit,
        "now": utcnow(),
        "edit_form": forms.get("edit_form") or (_edit_form(meeting) if can_edit else None),
        "confirm_form": ConfirmForm(formdata=None, obj=meeting),
        "correction_form": forms.get("correction_form")
        or CorrectionForm(formdata=None, obj=meeting),
        "conflict": forms.get("conflict", False),
        "feedback_open": viewer_is_client and may_give_feedback_on(meeting),
        "history": list_history(client.id, "meeting", meeting.id),
        **meeting_labels(),
        **parts_context(client, meeting),
    }


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@signed_in
def meeting(meeting_id: int):
    meeting, client = load_meeting(meeting_id)
    if request.method == "GET":
        if meeting.client_notice is not None and current_user.id == client.id:
            mark_notice_seen(current_user, meeting)  # what changed is on this page
            db.commit()
        return render_template(MEETING, **_meeting_context(meeting, client))
    form = MeetingForm()
    if not form.validate():
        return render_template(MEETING, **_meeting_context(meeting, client, edit_form=form)), 422
    try:
        update_meeting(current_user, meeting, _meeting_data(form), form.version.data)
        save_parts(meeting)
        db.commit()
    except MeetingError as error:
        db.rollback()
        show_field_error(form, error)
        meeting, client = load_meeting(meeting_id)
        return render_template(MEETING, **_meeting_context(meeting, client, edit_form=form)), 422
    except (EditConflict, StaleDataError):
        db.rollback()
        newer, client = load_meeting(meeting_id)
        form.version.data = newer.version  # saving again now replaces the newer text on purpose
        context = _meeting_context(newer, client, edit_form=form, conflict=True)
        return render_template(MEETING, **context), 409
    flash(_("Your changes are saved."), "success")
    return see_other(url_for("meetings.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@signed_in
def cancel(meeting_id: int):
    meeting, _client = load_meeting(meeting_id)
    cancel_meeting(current_user, meeting)
    db.commit()
    flash(_("The meeting is cancelled."), "success")
    return see_other(url_for("meetings.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/notice-seen", methods=["POST"])
@signed_in
def notice_seen(meeting_id: int):
    meeting, _client = load_meeting(meeting_id)
    mark_notice_seen(current_user, meeting)
    db.commit()
    flash(_("Noted."), "success")
    return see_other(url_for("site.home"))


def _answered(meeting: Meeting, client: User, message: str):
    db.commit()
    flash(message, "success")
    return after_save(
        url_for("meetings.meeting", meeting_id=meeting.id),
        MEETING,
        "summary",
        lambda: _meeting_context(meeting, client),
    )


def _answer_failed(meeting_id: int, error: Exception, correction_form=None):
    """Show the summary as it is saved now, with why the answer was not saved."""
    db.rollback()
    meeting, client = load_meeting(meeting_id)
    context = _meeting_context(meeting, client, correction_form=correction_form)
    if isinstance(error, MeetingError):
        flash(str(error.message), "error")
        return render_page(MEETING, "summary", **context), 422
    context["summary_changed"] = True
    return render_page(MEETING, "summary", **context), 409


@bp.route("/meetings/<int:meeting_id>/confirm", methods=["POST"])
@signed_in
def confirm(meeting_id: int):
    meeting, client = load_meeting(meeting_id)
    form = ConfirmForm()
    try:
        confirm_summary(current_user, meeting, form.version.data)
        db.flush()
    except (MeetingError, EditConflict, StaleDataError) as error:
        return _answer_failed(meeting_id, error)
    return _answered(meeting, client, _("Thank you. The summary is confirmed."))


@bp.route("/meetings/<int:meeting_id>/correction", methods=["POST"])
@signed_in
def correction(meeting_id: int):
    meeting, client = load_meeting(meeting_id)
    form = CorrectionForm()
    if not form.validate():
        context = _meeting_context(meeting, client, correction_form=form)
        return render_page(MEETING, "summary", **context), 422
    try:
        dispute_summary(current_user, meeting, form.correction.data, form.version.data)
        db.flush()
    except (MeetingError, EditConflict, StaleDataError) as error:
        return _answer_failed(meeting_id, error, correction_form=form)
    message = _("Your correction is saved. Your employment specialist will see it.")
    return _answered(meeting, client, message)


@bp.route("/meetings/<int:meeting_id>/calendar.ics")
@signed_in
def calendar(meeting_id: int):
    meeting, _client = load_meeting(meeting_id)
    page_url = external_url("meetings.meeting", meeting_id=meeting.id)
    return calendar_download(meeting, current_user, page_url)


def init_app(app: Flask) -> None:
    register_participant_tab(app, "meetings.index", _l("Meetings"), position=60)
    register_menu_entry(
        app, Role.CLIENT, "meetings.index", _l("Meetings"), position=60, takes_client=True
    )


@bp.route("/clients/<int:client_id>/outreach", methods=["POST"])
@signed_in
def outreach(client_id: int):
    client = load_client(client_id)
    if not is_own_client(current_user, client):
        abort(403)  # the participant's specialist keeps trying; others read the page
    form = OutreachForm()
    if not form.validate():
        return render_template(MEETINGS, **meetings_context(client, outreach_form=form)), 422
    data = OutreachData(
        form.tried_on.data, OutreachWay(form.way.data), form.reached.data, form.note.data
    )
    try:
        record_try(current_user, client, data)
    except OutreachError as error:
        db.rollback()
        show_field_error(form, error)
        return render_template(MEETINGS, **meetings_context(client, outreach_form=form)), 422
    db.commit()
    flash(_("The try is noted."), "success")
    return see_other(url_for("meetings.index", client_id=client.id, _anchor="outreach-heading"))
