"""Routes for the employer list and the job development log a specialist keeps; employers
and clients never see them."""

from textwrap import shorten

from flask import Blueprint, Flask, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.services import AccountError
from portal.core.authz import deny, roles_required
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.identity import Role
from portal.core.menu import register_menu_entry
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.placements.forms import ContactForm, EmployerContactForm, EmployerForm
from portal.placements.models import EmployerContact
from portal.placements.services.employer_log import (
    WEEKLY_TARGET,
    ContactData,
    LogError,
    log_clients,
    log_employer_contact,
    log_goals,
    recent_contacts,
    remove_employer_contact,
    weekly_counts,
)
from portal.placements.services.employers import (
    add_contact,
    create_employer,
    invite_contact,
    list_contacts,
    list_employers,
    load_contact,
    load_employer,
)

GOAL_SHOWN = 60  # characters of a goal in the list: enough to tell them apart

bp = Blueprint("employers", __name__)


@bp.route("/employers", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def index():
    form = EmployerForm() if request.method == "POST" else EmployerForm(formdata=None)
    if request.method == "POST" and form.validate():
        try:
            employer = create_employer(current_user, form.name.data)
        except AccountError as error:
            db.rollback()
            show_field_error(form, error, fallback="name")
        else:
            db.commit()
            flash(_("%(employer)s is added.", employer=employer.name), "success")
            return see_other(url_for("employers.employer", employer_id=employer.id))
    status = 422 if form.errors else 200
    employers = list_employers(current_user.team_id)
    return render_template("employers/index.html", employers=employers, form=form), status


@bp.route("/employers/<int:employer_id>", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def employer(employer_id: int):
    employer = load_employer(employer_id)
    form = ContactForm() if request.method == "POST" else ContactForm(formdata=None)
    if request.method == "GET":
        form.language.data = current_user.locale or "da"
    elif form.validate():
        try:
            contact = add_contact(
                current_user,
                employer,
                form.name.data,
                form.email.data,
                form.phone.data,
                form.language.data,
                form.invite.data,
            )
        except AccountError as error:
            db.rollback()
            show_field_error(form, error, fallback="email")
        else:
            db.commit()
            message = (
                _("%(name)s is added and invited to an account.", name=contact.name)
                if form.invite.data
                else _("%(name)s is added.", name=contact.name)
            )
            flash(message, "success")
            return see_other(url_for("employers.employer", employer_id=employer.id))
    context = {"employer": employer, "contacts": list_contacts(employer.id), "form": form}
    return render_template("employers/employer.html", **context), 422 if form.errors else 200


@bp.route("/employer-contacts/<int:contact_id>/invite", methods=["POST"])
@roles_required(Role.SPECIALIST)
def invite(contact_id: int):
    contact, employer = load_contact(contact_id)
    if contact.is_active:
        flash(_("%(name)s already has an account.", name=contact.name), "info")
    else:
        invite_contact(current_user, contact)
        db.commit()
        flash(_("An invitation is sent to %(name)s.", name=contact.name), "success")
    return see_other(url_for("employers.employer", employer_id=employer.id))


def _log_form(form: EmployerContactForm | None = None) -> EmployerContactForm:
    form = form or EmployerContactForm(formdata=None)
    if form.contact_on.data is None and not form.contact_on.raw_data:
        form.contact_on.data = local_today()
    form.employer.choices = [
        SelectChoice(0, _("Choose an employer")),
        *(
            SelectChoice(employer.id, employer.name)
            for employer, _count in list_employers(current_user.team_id)
        ),
    ]
    clients = log_clients(current_user)
    form.client.choices = [
        SelectChoice(0, _("Not for a particular participant")),
        *(SelectChoice(client.id, client.name) for client in clients),
    ]
    names = {client.id: client.name for client in clients}
    form.goal.choices = [
        SelectChoice(0, _("None of them")),
        *(
            SelectChoice(goal.id, f"{names[goal.client_id]}: {shorten(goal.text, GOAL_SHOWN)}")
            for goal in log_goals(clients)
        ),
    ]
    return form


def _log_page(form: EmployerContactForm | None = None, status: int = 200):
    context = {
        "form": _log_form(form),
        "weeks": weekly_counts(current_user),
        "target": WEEKLY_TARGET,
        "entries": recent_contacts(current_user),
    }
    return render_template("employers/job_development.html", **context), status


@bp.route("/job-development", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def job_development():
    if request.method == "GET":
        return _log_page()
    form = _log_form(EmployerContactForm())
    if not form.validate():
        return _log_page(form, 422)
    if already_submitted(form, current_user):
        return see_other(url_for("employers.job_development"))
    data = ContactData(
        contact_on=form.contact_on.data,
        employer_id=form.employer.data or 0,
        new_employer=form.new_employer.data,
        in_person=form.in_person.data == "yes",
        client_id=form.client.data or None,
        note=form.note.data,
        goal_id=form.goal.data or None,
    )
    try:
        log_employer_contact(current_user, data)
    except (LogError, AccountError) as error:
        db.rollback()
        show_field_error(form, error, fallback="new_employer")
        return _log_page(form, 422)
    db.commit()
    flash(_("The employer contact is in your log."), "success")
    return see_other(url_for("employers.job_development"))


@bp.route("/job-development/<int:entry_id>/delete", methods=["POST"])
@roles_required(Role.SPECIALIST)
def remove_log_entry(entry_id: int):
    entry = db.get(EmployerContact, entry_id)
    if entry is None or entry.specialist_id != current_user.id:
        deny()  # someone else's log is not there for you
    remove_employer_contact(current_user, entry)
    db.commit()
    flash(_("The entry is removed from your log."), "success")
    return see_other(url_for("employers.job_development"))


def init_app(app: Flask) -> None:
    register_menu_entry(
        app, Role.SPECIALIST, "employers.job_development", _l("Job development"), position=50
    )
    register_menu_entry(
        app, Role.SPECIALIST, "employers.index", _l("Employers"), position=55, whole_section=True
    )
