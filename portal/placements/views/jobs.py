"""Routes for jobs and education starts; each view loads and authorises, calls one service
and commits once. Every route finds its client through load_client: foreign ids are a 404."""

from flask import Blueprint, Flask, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from portal.core.authz import is_own_client, load_client, signed_in
from portal.core.countries import country_of
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.forms import choices_from, show_field_error
from portal.core.history import list_history
from portal.core.htmx import after_save
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict
from portal.occupations.isco import SUB_MAJOR_GROUPS
from portal.occupations.services import imported_list_name
from portal.placements.forms import (
    EDUCATION_END_REASONS,
    END_REASON_LABELS,
    FEELING_LABELS,
    SCHEDULE_LABELS,
    EducationForm,
    EndJobForm,
    JobForm,
    StartForm,
    StrugglingForm,
    SupportPlanForm,
)
from portal.placements.models import EndReason, Job, JobKind, Schedule
from portal.placements.services.benefits import open_reviews
from portal.placements.services.checkins import list_checkins, phone_answerable
from portal.placements.services.consent import get_consent
from portal.placements.services.employers import contacts_by_employer, list_employers
from portal.placements.services.jobs import (
    EducationData,
    JobData,
    JobError,
    end_job,
    handle_signal,
    list_jobs,
    load_job,
    load_signal,
    open_signals,
    record_education,
    record_job,
    report_struggling,
    set_client_sees_answers,
    set_start_date,
    update_job,
    waiting_signal,
)
from portal.placements.services.own_checkins import list_own_checkins
from portal.placements.services.schedule import next_due_date, upcoming_dates
from portal.placements.services.support import may_write_support_plan

bp = Blueprint("jobs", __name__)

JOBS = "jobs/index.html"
JOB = "jobs/job.html"


def _choose_employer(form: JobForm) -> None:
    """Fill the employer and contact choices from the specialist's own team's records; the
    contact list names each one's workplace."""
    employers = [employer for employer, _count in list_employers(current_user.team_id)]
    names = {employer.id: employer.name for employer in employers}
    form.employer.choices = [
        SelectChoice(0, _("Choose an employer")),
        *(SelectChoice(employer.id, employer.name) for employer in employers),
    ]
    contacts = [
        SelectChoice(contact.id, f"{contact.name} ({names.get(employer_id, '')})")
        for employer_id, people in contacts_by_employer(current_user.team_id).items()
        for contact in people
    ]
    form.contact.choices = [SelectChoice(0, _("Nobody yet")), *contacts]


def _job_data(form: JobForm) -> JobData:
    return JobData(
        employer_id=form.employer.data or 0,
        contact_id=form.contact.data or None,
        title=form.title.data,
        start_date=form.start_date.data,
        hours_per_week=form.hours_per_week.data,
        hourly_wage=form.hourly_wage.data,
        competitive=form.competitive.data,
        schedule=Schedule(form.schedule.data),
        occupation=form.occupation.data or None,
    )


def _staff_may_record(client: User) -> bool:
    return is_own_client(current_user, client)


def _jobs_context(client: User, job_form=None, education_form=None, start_form=None) -> dict:
    job_form = job_form or JobForm(formdata=None)
    if start_form is None:
        start_form = StartForm(formdata=None)
        start_form.started_on.data = client.enrolled_on
    _choose_employer(job_form)
    jobs, today = list_jobs(client.id), local_today()
    return {
        "client": client,
        # Each kind by its own rule (Job.has_ended): a course still running is "now".
        "current": [job for job in jobs if not job.has_ended(today)],
        "ended": [job for job in jobs if job.has_ended(today)],
        "today": today,
        "can_record": _staff_may_record(client),
        "benefits_reviews": open_reviews(client.id),
        "job_form": job_form,
        "education_form": education_form or EducationForm(formdata=None),
        "start_form": start_form,
        "start_history": list_history(client.id, "start"),
        "end_reason_labels": END_REASON_LABELS,
        "occupation_list": _occupation_list(client),
    }


def _occupation_list(client: User) -> str | None:
    """The national list the job form suggests titles from, for those who record jobs."""
    return imported_list_name(country_of(client)) if _staff_may_record(client) else None


def _jobs_page(client: User) -> str:
    return url_for("jobs.index", client_id=client.id)


@bp.route("/clients/<int:client_id>/jobs")
@signed_in
def index(client_id: int):
    return render_template(JOBS, **_jobs_context(load_client(client_id)))


@bp.route("/clients/<int:client_id>/jobs", methods=["POST"])
@signed_in
def new_job(client_id: int):
    client = load_client(client_id)
    form = JobForm()
    _choose_employer(form)
    if not form.validate():
        return render_template(JOBS, **_jobs_context(client, job_form=form)), 422
    if already_submitted(form, current_user):
        return see_other(_jobs_page(client))
    try:
        job = record_job(current_user, client, _job_data(form))
    except JobError as error:
        db.rollback()  # nothing of the job is kept, and the form keeps what was typed
        show_field_error(form, error)
        return render_template(JOBS, **_jobs_context(client, job_form=form)), 422
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
    return render_template(JOBS, **_jobs_context(client, start_form=form)), 422


@bp.route("/clients/<int:client_id>/education", methods=["POST"])
@signed_in
def new_education(client_id: int):
    client = load_client(client_id)
    form = EducationForm()
    if not form.validate():
        return render_template(JOBS, **_jobs_context(client, education_form=form)), 422
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


def _end_form(job: Job, form: EndJobForm) -> EndJobForm:
    if job.kind == JobKind.EDUCATION:
        form.end_reason.choices = choices_from(
            {reason: END_REASON_LABELS[reason] for reason in EDUCATION_END_REASONS}
        )
    return form


def _struggling_form(job: Job, form: StrugglingForm | None) -> StrugglingForm:
    """The note's hint names who never sees it: the employer, or for a course the school."""
    form = form or StrugglingForm(formdata=None)
    if job.kind == JobKind.EDUCATION:
        form.note.description = _(
            "Your employment specialist reads this. The school never sees it."
        )
    return form


def job_context(job: Job, client: User, **forms) -> dict:
    viewer_is_client = current_user.id == client.id
    today = local_today()
    job_form = forms.get("job_form")
    if job_form is None and job.kind == JobKind.JOB:
        job_form = JobForm(formdata=None, obj=job)
        job_form.employer.data, job_form.contact.data = job.employer_id, job.contact_id or 0
        job_form.schedule.data = job.schedule.value
    if job_form is not None:
        _choose_employer(job_form)
    consent = get_consent(client.id, job.employer_id) if job.employer_id else None
    checkins = list_checkins(job)
    return {
        "job": job,
        "client": client,
        "today": today,
        "viewer_is_client": viewer_is_client,
        "can_record": _staff_may_record(client),
        "show_answers": not viewer_is_client or job.client_sees_answers,
        "checkins": checkins,
        "own_checkins": list_own_checkins(job),
        "feeling_labels": FEELING_LABELS,
        "phone_answerable": phone_answerable(current_user, job, checkins),
        "signals": [] if viewer_is_client else open_signals(job),
        "benefits_reviews": open_reviews(client.id, job.id),
        "consent": consent,
        "next_checkin": next_due_date(job.start_date, job.schedule, today)
        if job.kind == JobKind.JOB and job.is_current(today)
        else None,
        "first_checkins": upcoming_dates(job.start_date, job.schedule, 6),
        "job_form": job_form,
        "end_form": forms.get("end_form") or _end_form(job, EndJobForm(formdata=None, obj=job)),
        "struggling_form": _struggling_form(job, forms.get("struggling_form")),
        "sent_signal": waiting_signal(job) if viewer_is_client else None,
        "is_education": job.kind == JobKind.EDUCATION,
        "conflict": forms.get("conflict", False),
        "schedule_labels": SCHEDULE_LABELS,
        "end_reason_labels": END_REASON_LABELS,
        "occupation_names": SUB_MAJOR_GROUPS,
        "occupation_list": _occupation_list(client),
        "support_form": forms.get("support_form")
        or SupportPlanForm(formdata=None, plan=job.support_plan),
        "may_write_support_plan": may_write_support_plan(current_user, job),
        "now": utcnow(),
        "history": list_history(client.id, "job", job.id),
    }


@bp.route("/jobs/<int:job_id>", methods=["GET", "POST"])
@signed_in
def job(job_id: int):
    job, client = load_job(job_id)
    if request.method == "GET":
        return render_template(JOB, **job_context(job, client))
    if job.kind != JobKind.JOB:
        abort(404)
    form = JobForm()
    _choose_employer(form)
    if not form.validate():
        return render_template(JOB, **job_context(job, client, job_form=form)), 422
    try:
        update_job(current_user, job, _job_data(form), form.version.data)
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
    form = _end_form(job, EndJobForm())
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
