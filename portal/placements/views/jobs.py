"""Routes for jobs and education starts; each view loads and authorises, calls one service
and commits once. Every route finds its client through load_client: foreign ids are a 404."""

from flask import Blueprint, Flask, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.core.authz import load_client, signed_in
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.htmx import after_save
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict
from portal.placements.forms import (
    EducationForm,
    EndJobForm,
    JobForm,
    StartForm,
    StrugglingForm,
)
from portal.placements.models import EndReason, JobKind
from portal.placements.services.jobs import (
    EducationData,
    JobError,
    end_job,
    handle_signal,
    load_job,
    load_signal,
    record_education,
    record_job,
    report_struggling,
    set_client_sees_answers,
    set_start_date,
    update_job,
)
from portal.placements.views.job_pages import (
    JOB,
    JOBS,
    choose_employer,
    end_form,
    job_context,
    job_data,
    jobs_context,
)

bp = Blueprint("jobs", __name__)


def _jobs_page(client: User) -> str:
    return url_for("jobs.index", client_id=client.id)


@bp.route("/clients/<int:client_id>/jobs")
@signed_in
def index(client_id: int):
    return render_template(JOBS, **jobs_context(load_client(client_id)))


@bp.route("/clients/<int:client_id>/jobs", methods=["POST"])
@signed_in
def new_job(client_id: int):
    client = load_client(client_id)
    form = JobForm()
    choose_employer(form)
    if not form.validate():
        return render_template(JOBS, **jobs_context(client, job_form=form)), 422
    if already_submitted(form, current_user):
        return see_other(_jobs_page(client))
    try:
        job = record_job(current_user, client, job_data(form))
    except JobError as error:
        db.rollback()  # nothing of the job is kept, and the form keeps what was typed
        show_field_error(form, error)
        return render_template(JOBS, **jobs_context(client, job_form=form)), 422
    db.commit()
    flash(_("The job is recorded."), "success")
    return see_other(url_for("jobs.job", job_id=job.id))


@bp.route("/clients/<int:client_id>/start", methods=["POST"])
@signed_in
def start(client_id: int):
    client = load_client(client_id)
    form = StartForm()
    if form.validate():
        try:
            set_start_date(current_user, client, form.started_on.data)
        except JobError as error:
            db.rollback()
            show_field_error(form, error)
        else:
            db.commit()
            flash(_("Saved: the start in IPS."), "success")
            return see_other(_jobs_page(client) + "#start-heading")
    return render_template(JOBS, **jobs_context(client, start_form=form)), 422


@bp.route("/clients/<int:client_id>/education", methods=["POST"])
@signed_in
def new_education(client_id: int):
    client = load_client(client_id)
    form = EducationForm()
    if not form.validate():
        return render_template(JOBS, **jobs_context(client, education_form=form)), 422
    if not already_submitted(form, current_user):
        data = EducationData(
            form.school.data,
            form.title.data,
            form.start_date.data,
            form.end_date.data,
            form.hours_per_week.data,
        )
        record_education(current_user, client, data)
        db.commit()
        flash(_("The education start is recorded."), "success")
    return see_other(_jobs_page(client))


@bp.route("/jobs/<int:job_id>", methods=["GET", "POST"])
@signed_in
def job(job_id: int):
    job, client = load_job(job_id)
    if request.method == "GET":
        return render_template(JOB, **job_context(job, client))
    if job.kind != JobKind.JOB:
        abort(404)
    form = JobForm()
    choose_employer(form)
    if not form.validate():
        return render_template(JOB, **job_context(job, client, job_form=form)), 422
    try:
        update_job(current_user, job, job_data(form), form.version.data)
        db.commit()
    except JobError as error:
        db.rollback()
        show_field_error(form, error)
        job, client = load_job(job_id)
        return render_template(JOB, **job_context(job, client, job_form=form)), 422
    except (EditConflict, StaleDataError):
        db.rollback()
        newer, client = load_job(job_id)
        form.version.data = newer.version  # saving again now replaces the newer details on purpose
        return render_template(JOB, **job_context(newer, client, job_form=form, conflict=True)), 409
    flash(_("Your changes are saved."), "success")
    return see_other(url_for("jobs.job", job_id=job.id))


@bp.route("/jobs/<int:job_id>/end", methods=["POST"])
@signed_in
def end(job_id: int):
    job, client = load_job(job_id)
    form = end_form(job, EndJobForm())
    if form.validate():
        try:
            end_job(current_user, job, form.end_date.data, EndReason(form.end_reason.data))
        except JobError as error:
            db.rollback()
            show_field_error(form, error)
            job, client = load_job(job_id)
        else:
            db.commit()
            flash(_("Saved: the end date is recorded."), "success")
            return see_other(url_for("jobs.job", job_id=job.id))
    return render_template(JOB, **job_context(job, client, end_form=form)), 422


@bp.route("/jobs/<int:job_id>/struggling", methods=["POST"])
@signed_in
def struggling(job_id: int):
    job, client = load_job(job_id)
    form = StrugglingForm()
    if not form.validate():
        return render_template(JOB, **job_context(job, client, struggling_form=form)), 422
    if not already_submitted(form, current_user):
        report_struggling(current_user, job, form.note.data)
        db.commit()
        flash(_("Your employment specialist has been told and will contact you soon."), "success")
    return see_other(url_for("jobs.job", job_id=job.id))


@bp.route("/jobs/<int:job_id>/answers", methods=["POST"])
@signed_in
def answers(job_id: int):
    job, client = load_job(job_id)
    visible = request.form.get("visible") == "yes"
    set_client_sees_answers(current_user, job, visible)
    db.commit()
    flash(
        _("You will now see the employer's answers.")
        if visible
        else _("You will now only see that a check-in took place."),
        "success",
    )
    return after_save(
        url_for("jobs.job", job_id=job.id) + "#checkins",
        JOB,
        "checkins",
        lambda: job_context(job, client),
    )


@bp.route("/struggling/<int:signal_id>/handled", methods=["POST"])
@signed_in
def signal_handled(signal_id: int):
    signal, _client = load_signal(signal_id)
    handle_signal(current_user, signal)
    db.commit()
    flash(_("Marked as followed up."), "success")
    if request.form.get("back") == "home":
        return see_other(url_for("site.home"))
    return see_other(url_for("jobs.job", job_id=signal.job_id))


def init_app(app: Flask) -> None:
    register_participant_tab(app, "jobs.index", _l("Work"), position=50)
    register_menu_entry(app, Role.CLIENT, "jobs.index", _l("Work"), position=50, takes_client=True)
