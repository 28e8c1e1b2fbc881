"""What the participant's work pages show: the list of jobs and educations with the forms to
record one, and a job's own page (check-ins, consent, support, the change form), for the
routes in portal.placements.views.jobs and the support plan's."""

from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core.authz import is_own_client
from portal.core.countries import country_of
from portal.core.dates import local_today
from portal.core.db import utcnow
from portal.core.forms import choices_from
from portal.core.history import list_history
from portal.core.identity import User
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
from portal.placements.models import Job, JobKind, Schedule
from portal.placements.services.benefits import open_reviews
from portal.placements.services.checkins import list_checkins, phone_answerable
from portal.placements.services.consent import get_consent
from portal.placements.services.employers import contacts_by_employer, list_employers
from portal.placements.services.jobs import (
    JobData,
    list_jobs,
    open_signals,
    waiting_signal,
)
from portal.placements.services.own_checkins import list_own_checkins
from portal.placements.services.schedule import next_due_date, upcoming_dates
from portal.placements.services.support import may_write_support_plan

JOBS = "jobs/index.html"
JOB = "jobs/job.html"


def choose_employer(form: JobForm) -> None:
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


def job_data(form: JobForm) -> JobData:
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


def staff_may_record(client: User) -> bool:
    return is_own_client(current_user, client)


def jobs_context(client: User, job_form=None, education_form=None, start_form=None) -> dict:
    job_form = job_form or JobForm(formdata=None)
    if start_form is None:
        start_form = StartForm(formdata=None)
        start_form.started_on.data = client.enrolled_on
    choose_employer(job_form)
    jobs, today = list_jobs(client.id), local_today()
    return {
        "client": client,
        # Each kind by its own rule (Job.has_ended): a course still running is "now".
        "current": [job for job in jobs if not job.has_ended(today)],
        "ended": [job for job in jobs if job.has_ended(today)],
        "today": today,
        "can_record": staff_may_record(client),
        "benefits_reviews": open_reviews(client.id),
        "job_form": job_form,
        "education_form": education_form or EducationForm(formdata=None),
        "start_form": start_form,
        "start_history": list_history(client.id, "start"),
        "end_reason_labels": END_REASON_LABELS,
        "occupation_list": occupation_list(client),
    }


def occupation_list(client: User) -> str | None:
    """The national list the job form suggests titles from, for those who record jobs."""
    return imported_list_name(country_of(client)) if staff_may_record(client) else None


def end_form(job: Job, form: EndJobForm) -> EndJobForm:
    if job.kind == JobKind.EDUCATION:
        form.end_reason.choices = choices_from(
            {reason: END_REASON_LABELS[reason] for reason in EDUCATION_END_REASONS}
        )
    return form


def struggling_form(job: Job, form: StrugglingForm | None) -> StrugglingForm:
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
        choose_employer(job_form)
    consent = get_consent(client.id, job.employer_id) if job.employer_id else None
    checkins = list_checkins(job)
    return {
        "job": job,
        "client": client,
        "today": today,
        "viewer_is_client": viewer_is_client,
        "can_record": staff_may_record(client),
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
        "end_form": forms.get("end_form") or end_form(job, EndJobForm(formdata=None, obj=job)),
        "struggling_form": struggling_form(job, forms.get("struggling_form")),
        "sent_signal": waiting_signal(job) if viewer_is_client else None,
        "is_education": job.kind == JobKind.EDUCATION,
        "conflict": forms.get("conflict", False),
        "schedule_labels": SCHEDULE_LABELS,
        "end_reason_labels": END_REASON_LABELS,
        "occupation_names": SUB_MAJOR_GROUPS,
        "occupation_list": occupation_list(client),
        "support_form": forms.get("support_form")
        or SupportPlanForm(formdata=None, plan=job.support_plan),
        "may_write_support_plan": may_write_support_plan(current_user, job),
        "now": utcnow(),
        "history": list_history(client.id, "job", job.id),
    }
