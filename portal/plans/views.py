"""Routes for the plan; each view loads and authorises, calls one service and commits once."""

from functools import partial

from flask import Blueprint, Flask, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.core.authz import load_client, may_write_own_words, signed_in
from portal.core.countries import country_of
from portal.core.db import db
from portal.core.history import history_value, list_history
from portal.core.htmx import after_save, render_page
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict, shows_newer_state
from portal.plans.forms import (
    ITEM_ADD_LABELS,
    ITEM_HEADINGS,
    ITEM_TEXT_LABELS,
    STEP_STATUS_LABELS,
    ItemForm,
    StepForm,
    StepStatusForm,
    responsible_labels,
)
from portal.plans.models import ItemKind, PlanStep, Responsible, StepStatus
from portal.plans.services import (
    StepData,
    add_item,
    add_step,
    answer_proposal,
    list_items,
    list_steps,
    load_plan_item,
    load_step,
    may_edit_step,
    remove_item,
    responsible_choices,
    set_step_status,
    tick_benefit_question,
    update_step,
)

bp = Blueprint("plans", __name__)

# Every route loads its client through load_client: foreign or wrong-role access is a 404.
PLAN = "plans/plan.html"
PLAN_SUBJECTS = ("step", *(kind.value for kind in ItemKind))


def _staff() -> bool:
    return current_user.role != Role.CLIENT


def _step_data(form: StepForm) -> StepData:
    return StepData(form.text.data, Responsible(form.responsible.data), form.due_date.data)


def _step_form(client: User, step: PlanStep | None = None, **kwargs) -> StepForm:
    """A form for a step of `client`, whoever of the two writes it: it offers their
    country's agencies, and the owner `step` already has when it is edited."""
    offered = responsible_choices(client, step.responsible if step else None)
    return StepForm(country=country_of(client), offered=offered, staff=_staff(), **kwargs)


def _country_words(client: User) -> dict:
    """What names an owner of a step, on the page and in its history, as in `client`'s
    country: Jobcenter in Denmark, Arbetsförmedlingen in Sweden."""
    country = country_of(client)
    return {
        "responsible_labels": responsible_labels(country, _staff()),
        "history_value": partial(history_value, country=country),
    }


def _plan_context(client: User, step_form=None, item_forms=None, answer_forms=None) -> dict:
    answer_forms = answer_forms or {}
    return {
        "client": client,
        "steps": list_steps(client.id),
        "items": list_items(client.id),
        "step_form": step_form or _step_form(client, formdata=None),
        "item_forms": _item_forms(item_forms or {}),
        "item_add_labels": ITEM_ADD_LABELS,
        "can_write": may_write_own_words(current_user, client),
        "status_labels": STEP_STATUS_LABELS,
        "item_headings": ITEM_HEADINGS,
        "answer_form": lambda step: answer_forms.get(step.id) or _answer_form(step, client),
        "history": list_history(client.id, PLAN_SUBJECTS, limit=20),
        **_country_words(client),
    }


def _item_forms(sent: dict) -> dict[ItemKind, ItemForm]:
    """Each list's add form: the one sent back with errors, the one whose words were held at
    a session's end (it says which list it belongs to), or an empty one."""
    held = ItemForm(formdata=None, prefix="")
    forms = {}
    for kind in ItemKind:
        form = sent.get(kind.value)
        if form is None:
            form = held if held.kind.data == kind.value else ItemForm(formdata=None, prefix="")
        form.text.label.text = ITEM_TEXT_LABELS[kind]
        forms[kind] = form
    return forms


def _answer_form(step: PlanStep, client: User) -> StepForm:
    form = _step_form(client, step, formdata=None, obj=step)
    form.responsible.data = step.responsible.value
    return form


def _plan_page(client: User) -> str:
    return url_for("plans.plan", client_id=client.id)


@bp.route("/clients/<int:client_id>/plan")
@signed_in
def plan(client_id: int):
    return render_template(PLAN, **_plan_context(load_client(client_id)))


@bp.route("/clients/<int:client_id>/plan/steps", methods=["POST"])
@signed_in
def new_step(client_id: int):
    client = load_client(client_id)
    form = _step_form(client)
    if not form.validate():
        return render_page(PLAN, "steps", **_plan_context(client, step_form=form)), 422
    if already_submitted(form, current_user):
        return after_save(_plan_page(client), PLAN, "steps", lambda: _plan_context(client))
    step = add_step(current_user, client, _step_data(form))
    db.commit()
    flash(
        _("The step is added.") if step.state == "agreed" else _("Your proposal is sent."),
        "success",
    )
    return after_save(_plan_page(client), PLAN, "steps", lambda: _plan_context(client))


def _plan_as_it_is_now(step_id: int) -> dict:
    return _plan_context(load_step(step_id)[1])


@bp.route("/steps/<int:step_id>/status", methods=["POST"])
@signed_in
@shows_newer_state(PLAN, "steps", _plan_as_it_is_now)
def step_status(step_id: int):
    step, client = load_step(step_id)
    form = StepStatusForm()
    if not form.validate():
        abort(422)
    set_step_status(current_user, step, client, StepStatus(form.status.data))
    db.commit()
    flash(
        _(
            "Saved: %(step)s is now %(status)s.",
            step=step.text,
            status=STEP_STATUS_LABELS[step.status],
        ),
        "success",
    )
    return after_save(_plan_page(client), PLAN, "steps", lambda: _plan_context(client))


@bp.route("/steps/<int:step_id>/answer", methods=["POST"])
@signed_in
def answer(step_id: int):
    step, client = load_step(step_id)
    accept = request.form.get("answer") != "decline"
    # "Yes" under the proposal's text sends no fields: the step is taken as it reads.
    changed = accept and "text" in request.form
    form = _step_form(client, step)
    if changed and not form.validate():
        context = _plan_context(client, answer_forms={step.id: form})
        return render_page(PLAN, "steps", **context), 422
    try:
        data = _step_data(form) if changed else None
        answer_proposal(current_user, step, client, accept, data, form.version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        flash(
            _("Your employment specialist changed this proposal meanwhile. Please read it again."),
            "error",
        )
        return render_page(PLAN, "steps", **_plan_context(client)), 409
    flash(
        _("The step is now in your plan.") if accept else _("You declined the proposal."), "success"
    )
    return after_save(_plan_page(client), PLAN, "steps", lambda: _plan_context(client))


def _step_page(step, client, form=None, conflict=False, status=200):
    if form is None:
        form = _step_form(client, step, formdata=None, obj=step)
        form.responsible.data = step.responsible.value
    context = {
        "step": step,
        "client": client,
        "form": form,
        "conflict": conflict,
        "can_edit": may_edit_step(current_user, step, client),
        "history": list_history(client.id, "step", step.id),
        "status_labels": STEP_STATUS_LABELS,
        **_country_words(client),
    }
    return render_template("plans/step.html", **context), status


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@signed_in
def step(step_id: int):
    step, client = load_step(step_id)
    if request.method == "GET":
        return _step_page(step, client)
    form = _step_form(client, step)
    if not form.validate():
        return _step_page(step, client, form=form, status=422)
    try:
        update_step(current_user, step, client, _step_data(form), form.version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        newer, client = load_step(step_id)
        form.version.data = newer.version  # saving again now replaces the newer text on purpose
        return _step_page(newer, client, form=form, conflict=True, status=409)
    flash(_("Your changes are saved."), "success")
    return see_other(_plan_page(client))  # opens at the top, at the confirmation


def _items_saved(client: User, kind: ItemKind):
    """After a change to the plan's lists: the lists for htmx (focus on the changed list's
    heading, so the view stays there), else the page (at the top, at the confirmation)."""

    def context() -> dict:
        return {**_plan_context(client), "saved_kind": kind.value}

    return after_save(_plan_page(client), PLAN, "items", context)


@bp.route("/clients/<int:client_id>/plan/items", methods=["POST"])
@signed_in
def new_item(client_id: int):
    client = load_client(client_id)
    form = ItemForm()
    if form.kind.data not in {kind.value for kind in ItemKind}:
        # No page offers such a list: only a crafted request gets here, and no form on the
        # plan could show its errors, so the error page says something needs a change.
        abort(422)
    if not form.validate():
        forms = {form.kind.data: form}
        return render_page(PLAN, "items", **_plan_context(client, item_forms=forms)), 422
    if already_submitted(form, current_user):
        return _items_saved(client, ItemKind(form.kind.data))
    add_item(current_user, client, ItemKind(form.kind.data), form.text.data, form.response.data)
    db.commit()
    flash(_("Saved in the plan."), "success")
    return _items_saved(client, ItemKind(form.kind.data))


@bp.route("/plan-items/<int:item_id>/remove", methods=["POST"])
@signed_in
def remove(item_id: int):
    item, client = load_plan_item(item_id)
    remove_item(current_user, item, client)
    db.commit()
    flash(_("Removed from the plan."), "success")
    return _items_saved(client, item.kind)


@bp.route("/plan-items/<int:item_id>/tick", methods=["POST"])
@signed_in
def tick(item_id: int):
    item, client = load_plan_item(item_id)
    tick_benefit_question(current_user, item, client)
    db.commit()
    flash(_("Saved."), "success")
    return _items_saved(client, ItemKind.BENEFIT)


def init_app(app: Flask) -> None:
    register_participant_tab(app, "plans.plan", _l("Plan"), position=30)
    register_menu_entry(app, Role.CLIENT, "plans.plan", _l("Plan"), position=30, takes_client=True)
