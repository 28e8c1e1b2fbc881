"""Routes for the employer list a specialist keeps; employers and clients never see it."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import EmployerOrganisation, Role, User
from portal.accounts.services import AccountError
from portal.authz import roles_required
from portal.db import db
from portal.employers.forms import ContactForm, EmployerForm
from portal.employers.services import (
    add_contact,
    create_employer,
    invite_contact,
    list_contacts,
    list_employers,
)
from portal.navigation import see_other

bp = Blueprint("employers", __name__)


def load_employer(employer_id: int) -> EmployerOrganisation:
    employer = db.get(EmployerOrganisation, employer_id)
    if employer is None:
        abort(404)
    return employer


def load_contact(contact_id: int) -> User:
    contact = db.get(User, contact_id)
    if contact is None or contact.role != Role.EMPLOYER:
        abort(404)
    return contact


@bp.route("/employers", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def index():
    form = EmployerForm() if request.method == "POST" else EmployerForm(formdata=None)
    if request.method == "POST" and form.validate():
        try:
            employer = create_employer(current_user, form.name.data)
        except AccountError as error:
            db.rollback()
            form.name.errors = [error.message]
        else:
            db.commit()
            flash(_("%(employer)s is added.", employer=employer.name), "success")
            return see_other(url_for("employers.employer", employer_id=employer.id))
    status = 422 if form.errors else 200
    return render_template("employers/index.html", employers=list_employers(), form=form), status


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
            getattr(form, error.field if error.field in form else "email").errors = [error.message]
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
    contact = load_contact(contact_id)
    if contact.is_active:
        flash(_("%(name)s already has an account.", name=contact.name), "info")
    else:
        invite_contact(current_user, contact)
        db.commit()
        flash(_("An invitation is sent to %(name)s.", name=contact.name), "success")
    return see_other(url_for("employers.employer", employer_id=contact.employer_id))
