"""Route for the participant's own check-in: one tap on their home page."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import require, signed_in
from portal.core.db import db
from portal.core.navigation import see_other
from portal.placements.models import Feeling
from portal.placements.services.jobs import load_job
from portal.placements.services.own_checkins import answer_own_checkin

bp = Blueprint("own_checkins", __name__)


@bp.route("/jobs/<int:job_id>/own-check-in", methods=["POST"])
@signed_in
def answer(job_id: int):
    job, client = load_job(job_id)
    require(current_user.id == client.id)  # only the participant answers for themselves
    try:
        feeling = Feeling(request.form.get("feeling", ""))
    except ValueError:  # the page's buttons always send one; say so all the same
        flash(_("Choose one of the answers."), "error")
        return see_other(url_for("site.home"))
    if not answer_own_checkin(current_user, job, feeling):
        flash(_("This check-in is already answered. Thank you."), "info")
    elif feeling == Feeling.HARD:
        flash(
            _("Thank you. Your employment specialist has been told and will contact you soon."),
            "success",
        )
    else:
        flash(_("Thank you. Your employment specialist sees your answer."), "success")
    db.commit()
    return see_other(url_for("site.home"))
