"""Routes for feedback: the client gives it, the specialist reads named feedback, the team
lead reads the figures. Meeting feedback finds its meeting through load_meeting (404)."""

from flask import Blueprint, Flask, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core.authz import deny, led_team_ids, roles_required, signed_in
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.identity import Role, Team
from portal.core.menu import register_menu_entry
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.feedback.forms import (
    BY_MONTH,
    NAMED,
    RATING_LABELS,
    FeedbackForm,
    ReportFilterForm,
)
from portal.feedback.report import MIN_GROUP, feedback_report
from portal.feedback.services import (
    AlreadyAnswered,
    decline_feedback,
    give_feedback,
    list_named_feedback,
    load_meetings_of,
    load_own_meeting,
)
from portal.meetings.models import Meeting
from portal.meetings.services import may_give_feedback_on

bp = Blueprint("feedback", __name__)

FEEDBACK = "feedback/index.html"
MEETING_FEEDBACK = "feedback/meeting.html"
REPORT = "feedback/report.html"


def _index_context(form: FeedbackForm | None = None) -> dict:
    feedback = list_named_feedback(current_user)
    return {
        "form": form or FeedbackForm(formdata=None),
        "feedback": feedback,
        "meetings": load_meetings_of(feedback),
        "rating_labels": RATING_LABELS,
    }


def _thanks(named: bool) -> None:
    if named:
        flash(_("Thank you for your feedback. Your employment specialist can see it."), "success")
    else:
        flash(_("Thank you for your feedback. It is counted without your name."), "success")


@bp.route("/feedback")
@roles_required(Role.CLIENT, Role.SPECIALIST)
def index():
    return render_template(FEEDBACK, **_index_context())


@bp.route("/feedback", methods=["POST"])
@roles_required(Role.CLIENT)
def give():
    form = FeedbackForm()
    if not form.validate():
        return render_template(FEEDBACK, **_index_context(form)), 422
    if not already_submitted(form, current_user):
        named = form.sharing.data == NAMED
        give_feedback(current_user, int(form.rating.data), form.comment.data, named)
        db.commit()
        _thanks(named)
    return see_other(url_for("feedback.index"))


def _meeting_page(meeting: Meeting, form: FeedbackForm | None = None, status: int = 200):
    context = {
        "meeting": meeting,
        "form": form or FeedbackForm(formdata=None),
        "open": may_give_feedback_on(meeting),
    }
    return render_template(MEETING_FEEDBACK, **context), status


@bp.route("/meetings/<int:meeting_id>/feedback", methods=["GET", "POST"])
@signed_in
def meeting_feedback(meeting_id: int):
    meeting = load_own_meeting(meeting_id)
    if request.method == "GET":
        return _meeting_page(meeting)
    form = FeedbackForm()
    if not form.validate():
        return _meeting_page(meeting, form, 422)
    named = form.sharing.data == NAMED
    try:
        give_feedback(current_user, int(form.rating.data), form.comment.data, named, meeting)
    except AlreadyAnswered:
        db.rollback()
        flash(_("You have already answered for this meeting. Thank you!"), "success")
        return see_other(url_for("meetings.meeting", meeting_id=meeting_id))
    db.commit()
    _thanks(named)
    return see_other(url_for("meetings.meeting", meeting_id=meeting_id))


@bp.route("/meetings/<int:meeting_id>/feedback/no-thanks", methods=["POST"])
@signed_in
def no_thanks(meeting_id: int):
    meeting = load_own_meeting(meeting_id)
    try:
        decline_feedback(current_user, meeting)
    except AlreadyAnswered:
        db.rollback()
    else:
        db.commit()
        flash(_("All right. You will not be asked about this meeting again."), "success")
    return see_other(url_for("site.home"))


@bp.route("/feedback/report")
@roles_required(Role.ADMIN)
def report():
    # The teams the lead leads, no other: each team's feedback is that team's to read.
    led = led_team_ids(current_user)
    teams = db.scalars(select(Team).where(Team.id.in_(led)).order_by(Team.name)).all()
    form = ReportFilterForm(request.args)
    every = [SelectChoice(0, _("All teams"))] if len(teams) > 1 else []
    form.team.choices = [*every, *(SelectChoice(team.id, team.name) for team in teams)]
    if form.team.data:
        if form.team.data not in led:
            deny()  # another team's (or no team's) id, typed into the address
        teams = [team for team in teams if team.id == form.team.data]
    by = BY_MONTH if form.by.data == BY_MONTH else "quarter"
    context = {
        "form": form,
        "reports": feedback_report(teams, local_today(), by) if teams else [],
        "by": by,
        "min_group": MIN_GROUP,
    }
    return render_template(REPORT, **context)


def init_app(app: Flask) -> None:
    register_menu_entry(
        app, Role.SPECIALIST, "feedback.index", _l("Feedback"), position=70, whole_section=True
    )
    register_menu_entry(app, Role.ADMIN, "feedback.report", _l("Feedback"), position=70)
