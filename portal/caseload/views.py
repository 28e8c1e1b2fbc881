"""The team lead's team page and hand-over of a client to another specialist: for the teams
the lead leads only, anything else is answered 404 (teams are the boundary of need-to-know)."""

from flask import Blueprint, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.caseload.forms import HandoverForm
from portal.caseload.handover import (
    HandoverError,
    check_handover,
    hand_over,
    handover_candidates,
    load_client_for_handover,
)
from portal.caseload.services import CASELOAD_GUIDELINE, load_team
from portal.core.authz import roles_required
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.identity import Role, User
from portal.core.navigation import see_other

bp = Blueprint("caseload", __name__)


@bp.route("/teams/<int:team_id>")
@roles_required(Role.ADMIN)
def team(team_id: int):
    team = load_team(team_id)
    people = db.scalars(
        select(User)
        .options(joinedload(User.specialist))
        .where(
            User.team_id == team.id,
            User.role.in_([Role.SPECIALIST, Role.CLIENT]),
            User.erased_at.is_(None),
        )
        .order_by(User.name)
    ).all()
    specialists = [user for user in people if user.role == Role.SPECIALIST]
    clients = [user for user in people if user.role == Role.CLIENT and not user.restricted_at]
    # Listed without their names, and left out of the caseload sizes: only so that the team
    # lead can reach each one's data protection page (to lift the restriction, or erase).
    restricted = [user.id for user in people if user.role == Role.CLIENT and user.restricted_at]
    sizes = {specialist.id: 0 for specialist in specialists}
    for client in clients:
        sizes[client.specialist_id] = sizes.get(client.specialist_id, 0) + 1
    context = {
        "team": team,
        "specialists": specialists,
        "clients": clients,
        "restricted": restricted,
        "sizes": sizes,
        "guideline": CASELOAD_GUIDELINE,
    }
    return render_template("caseload/team.html", **context)


def _handover_form(form: HandoverForm, client: User) -> HandoverForm:
    form.specialist.choices = [
        SelectChoice(0, _("Choose a specialist")),
        *(
            SelectChoice(person.id, f"{person.name} ({person.team.name})")
            for person in handover_candidates(current_user, client)
        ),
    ]
    return form


def _form_page(client: User, form: HandoverForm, status: int = 200):
    return render_template("caseload/handover.html", client=client, form=form), status


@bp.route("/clients/<int:client_id>/handover", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def handover(client_id: int):
    client = load_client_for_handover(client_id)
    form = _handover_form(HandoverForm(), client)
    if not form.is_submitted():
        return _form_page(client, form)
    if form.change.data:  # back from the confirmation, the choices as they were
        return _form_page(client, form)
    if not form.validate():
        return _form_page(client, form, 422)
    if form.confirmed.data and form.specialist.data == client.specialist_id:
        # "Yes, hand over" pressed twice (or the page sent again): it is done already.
        return see_other(url_for("caseload.team", team_id=client.team_id))
    try:
        new = check_handover(current_user, client, form.specialist.data)
        if not form.confirmed.data:
            # Nothing is saved yet: the lead reads whom from and to, and the notes, first.
            context = {"client": client, "form": form, "new": new}
            return render_template("caseload/handover_confirm.html", **context)
        hand_over(
            current_user,
            client,
            new.id,
            form.note_to_client.data,
            form.note_to_specialist.data,
        )
    except HandoverError as error:
        db.rollback()
        show_field_error(form, error)
        return _form_page(client, form, 422)
    db.commit()
    message = _(
        "%(client)s now has %(specialist)s as employment specialist.",
        client=client.name,
        specialist=client.specialist.name,
    )
    flash(message, "success")
    return see_other(url_for("caseload.team", team_id=client.team_id))
