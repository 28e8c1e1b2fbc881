"""Routes for goals; each view loads and authorises, calls one service and commits once."""

from flask import Blueprint, Flask, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.core.authz import (
    load_client,
    may_write_own_words,
    require,
    signed_in,
)
from portal.core.db import db
from portal.core.history import list_history
from portal.core.htmx import after_save, render_page
from portal.core.identity import Role
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict, shows_newer_state
from portal.goals.forms import KIND_LABELS, STATUS_LABELS, GoalForm, GoalNoteForm
from portal.goals.models import Goal, GoalKind, GoalStatus
from portal.goals.services import (
    GoalData,
    add_goal_note,
    archive_goal,
    create_goal,
    list_goals,
    load_goal,
    move_goal,
    update_goal,
)

bp = Blueprint("goals", __name__)

# Every route loads its client through load_client: foreign or wrong-role access is a 404.


def _goal_data(form: GoalForm) -> GoalData:
    return GoalData(
        kind=GoalKind(form.kind.data),
        text=form.text.data,
        target_date=form.target_date.data,
        status=GoalStatus(form.status.data),
    )


def _index_context(client, form=None) -> dict:
    return {
        "client": client,
        "goals": list_goals(client.id),
        "archived": list_goals(client.id, archived=True),
        "form": form or GoalForm(formdata=None),
        "can_write": may_write_own_words(current_user, client),
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
    }


@bp.route("/clients/<int:client_id>/goals", methods=["GET", "POST"])
@signed_in
def index(client_id: int):
    client = load_client(client_id)
    if request.method == "GET":
        return render_template("goals/index.html", **_index_context(client))
    require(may_write_own_words(current_user, client))
    form = GoalForm()
    if not form.validate():
        return render_page("goals/index.html", "goal_list", **_index_context(client, form)), 422
    page = url_for("goals.index", client_id=client.id)
    if already_submitted(form, current_user):
        return after_save(page, "goals/index.html", "goal_list", lambda: _index_context(client))
    create_goal(current_user, client, _goal_data(form))
    db.commit()
    flash(_("Your goal is saved."), "success")
    return after_save(page, "goals/index.html", "goal_list", lambda: _index_context(client))


def _detail(goal: Goal, form=None, note_form=None, conflict: bool = False, status: int = 200):
    if form is None:
        form = GoalForm(formdata=None, obj=goal)
        form.kind.data, form.status.data = goal.kind.value, goal.status.value
    note_form = note_form or GoalNoteForm(formdata=None)
    if not may_write_own_words(current_user, goal.client):
        note_form.body.label.text = _("Your comment")
    context = {
        "goal": goal,
        "client": goal.client,
        "form": form,
        "note_form": note_form,
        "can_write": may_write_own_words(current_user, goal.client),
        "conflict": conflict,
        "history": list_history(goal.client_id, "goal", goal.id),
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
    }
    return render_template("goals/detail.html", **context), status


@bp.route("/goals/<int:goal_id>")
@signed_in
def detail(goal_id: int):
    return _detail(load_goal(goal_id))


@bp.route("/goals/<int:goal_id>/edit", methods=["POST"])
@signed_in
def edit(goal_id: int):
    goal = load_goal(goal_id)
    require(may_write_own_words(current_user, goal.client))
    form = GoalForm()
    if not form.validate():
        return _detail(goal, form=form, status=422)
    try:
        update_goal(current_user, goal, _goal_data(form), form.version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        newer = load_goal(goal_id)
        form.version.data = newer.version  # saving again now replaces the newer text on purpose
        return _detail(newer, form=form, conflict=True, status=409)
    flash(_("Your changes are saved."), "success")
    return see_other(url_for("goals.detail", goal_id=goal.id))


def _list_as_it_is_now(goal_id: int) -> dict:
    return _index_context(load_goal(goal_id).client)


@bp.route("/goals/<int:goal_id>/move", methods=["POST"])
@signed_in
@shows_newer_state("goals/index.html", "goal_list", _list_as_it_is_now)
def move(goal_id: int):
    goal = load_goal(goal_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    move_goal(current_user, goal, direction)
    db.commit()
    flash(_("The goal is moved up.") if direction < 0 else _("The goal is moved down."), "success")
    page = url_for("goals.index", client_id=goal.client_id)  # at the top, at the confirmation
    return after_save(page, "goals/index.html", "goal_list", lambda: _index_context(goal.client))


@bp.route("/goals/<int:goal_id>/archive", methods=["POST"])
@signed_in
@shows_newer_state("goals/index.html", "goal_list", _list_as_it_is_now)
def archive(goal_id: int):
    goal = load_goal(goal_id)
    put_away = request.form.get("archive") != "no"
    archive_goal(current_user, goal, archive=put_away)
    db.commit()
    flash(
        _("The goal is put away.") if put_away else _("The goal is back in your list."), "success"
    )
    page = url_for("goals.index", client_id=goal.client_id)
    return after_save(page, "goals/index.html", "goal_list", lambda: _index_context(goal.client))


@bp.route("/goals/<int:goal_id>/notes", methods=["POST"])
@signed_in
def add_note(goal_id: int):
    goal = load_goal(goal_id)
    form = GoalNoteForm()
    if not form.validate():
        return _detail(goal, note_form=form, status=422)
    if already_submitted(form, current_user):
        return see_other(url_for("goals.detail", goal_id=goal.id))
    add_goal_note(current_user, goal, form.body.data)
    db.commit()
    flash(_("Your note is saved."), "success")
    # The page opens at the top, where the confirmation is (the notes are further down).
    return see_other(url_for("goals.detail", goal_id=goal.id))


def init_app(app: Flask) -> None:
    register_participant_tab(app, "goals.index", _l("Goals"), position=20)
    register_menu_entry(
        app, Role.CLIENT, "goals.index", _l("Goals"), position=20, takes_client=True
    )
