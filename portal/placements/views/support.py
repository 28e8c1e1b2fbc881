"""The route that saves a job's support plan (portal.placements.services.support); the plan
is shown and edited on the job's page (portal.placements.views.jobs)."""

from flask import Blueprint, abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import signed_in
from portal.core.db import db
from portal.core.navigation import see_other
from portal.placements.forms import SupportPlanForm
from portal.placements.services.jobs import load_job
from portal.placements.services.support import may_write_support_plan, save_support_plan
from portal.placements.views.job_pages import JOB, job_context

bp = Blueprint("job_support", __name__)


@bp.route("/jobs/<int:job_id>/support", methods=["POST"])
@signed_in
def save(job_id: int):
    job, client = load_job(job_id)
    if not may_write_support_plan(current_user, job):
        abort(403)  # the participant reads the plan; the specialist writes it
    form = SupportPlanForm()
    if not form.validate():
        return render_template(JOB, **job_context(job, client, support_form=form)), 422
    save_support_plan(current_user, job, form.plan.data)
    db.commit()
    flash(_("The support plan is saved."), "success")
    return see_other(url_for("jobs.job", job_id=job.id, _anchor="support-heading"))
