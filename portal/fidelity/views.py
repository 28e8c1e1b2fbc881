"""Routes for the team lead's fidelity reviews: the list with a form to start one, the review
page (scores, the numbers behind them, the reviewer's scores, the action plan), finishing it,
and its CSV file. Every review is found through load_review: 404 outside the lead's teams."""

from flask import Blueprint, Flask, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.core.authz import deny, led_team_ids, roles_required
from portal.core.dates import local_today
from portal.core.db import db
from portal.core.downloads import attachment
from portal.core.forms import show_field_error
from portal.core.identity import Role, Team
from portal.core.menu import register_menu_entry
from portal.core.navigation import see_other
from portal.fidelity import export
from portal.fidelity.forms import ActionForm, FinishForm, ItemScoreForm, StartReviewForm
from portal.fidelity.items import BY_KEY, GROUPS
from portal.fidelity.labels import NUMBER_LABELS, VALUE_TEXTS
from portal.fidelity.services import (
    REVIEW_PERIODS,
    ReviewError,
    add_action,
    finish_review,
    load_review,
    lowest_items,
    previous_review,
    review_items,
    review_level,
    score_item,
    start_review,
    team_reviews,
    total_of,
)
from portal.fidelity.worksheet import worksheet
from portal.reports.charts import Bar, bar_layout
from portal.reports.periods import offered, parse

bp = Blueprint("fidelity", __name__)


def _start_form() -> StartReviewForm:
    form = StartReviewForm()
    teams = db.scalars(
        select(Team).where(Team.id.in_(led_team_ids(current_user))).order_by(Team.name)
    )
    form.team.choices = [SelectChoice(team.id, team.name) for team in teams]
    periods = [p for p in offered(local_today()) if p.kind in REVIEW_PERIODS]
    form.period.choices = [SelectChoice(period.code, period.label()) for period in periods]
    return form


def _list_page(form: StartReviewForm, status: int = 200):
    body = render_template("fidelity/reviews.html", form=form, reviews=team_reviews(current_user))
    return body, status


@bp.route("/fidelity", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reviews():
    form = _start_form()
    if not form.validate_on_submit():
        return _list_page(form, 422 if form.errors else 200)
    team, period = db.get(Team, form.team.data), parse(form.period.data)
    try:
        review = start_review(current_user, team, period, local_today())
    except ReviewError as error:
        show_field_error(form, error, "period")
        db.rollback()
        return _list_page(form, 422)
    db.commit()
    return see_other(url_for("fidelity.review", fidelity_review_id=review.id))


def _chart(results) -> dict:
    bars = [
        Bar(
            _item_label(result.item),
            result.score,
            str(result.score) if result.score is not None else _("no score yet"),
        )
        for result in results
    ]
    return bar_layout(bars)


def _review_page(review, status: int = 200, failed: tuple | None = None, **forms):
    """The review page; `failed` is (item key, its form) when a reviewer's score came back."""
    results = review_items(review)
    item_forms = {
        result.item.key: ItemScoreForm(formdata=None, score=result.score, note=result.note)
        for result in results
        if result.needs_reviewer
    }
    if failed:
        item_forms[failed[0]] = failed[1]
    action_form = forms.get("action_form") or ActionForm(formdata=None)
    action_form.item.choices = [
        SelectChoice(result.item.key, _item_label(result.item)) for result in results
    ]
    body = render_template(
        "fidelity/review.html",
        review=review,
        results=results,
        groups=GROUPS,
        total=review.total if review.finished_at else total_of(results),
        level=review_level(review, results),
        previous=previous_review(review),
        lowest=lowest_items(results),
        chart=_chart(results),
        item_forms=item_forms,
        action_form=action_form,
        finish_form=forms.get("finish_form") or FinishForm(formdata=None),
        finish_error=forms.get("finish_error"),
        page_error=forms.get("page_error"),
        worksheet=worksheet(review) if review.finished_at is None else None,
        value_texts=VALUE_TEXTS,
        number_labels=NUMBER_LABELS,
    )
    return body, status


def _item_label(item) -> str:
    return f"{item.key} {item.name}"


@bp.route("/fidelity/<int:fidelity_review_id>")
@roles_required(Role.ADMIN)
def review(fidelity_review_id: int):
    return _review_page(load_review(fidelity_review_id, current_user))


@bp.route("/fidelity/<int:fidelity_review_id>/items/<item_key>", methods=["POST"])
@roles_required(Role.ADMIN)
def score(fidelity_review_id: int, item_key: str):
    review = load_review(fidelity_review_id, current_user)
    if item_key not in BY_KEY:
        deny()
    form = ItemScoreForm()
    if not form.validate():
        return _review_page(review, 422, failed=(item_key, form))
    try:
        score_item(current_user, review, item_key, form.score.data, form.note.data)
    except ReviewError as error:
        db.rollback()
        if error.field is None:  # a finished review, or an item the records score
            return _review_page(review, 422, page_error=error.message)
        show_field_error(form, error)
        return _review_page(review, 422, failed=(item_key, form))
    db.commit()
    flash(_("The score for %(item)s is saved.", item=item_key), "success")
    return see_other(
        url_for("fidelity.review", fidelity_review_id=review.id, _anchor=f"item-{item_key}")
    )


@bp.route("/fidelity/<int:fidelity_review_id>/actions", methods=["POST"])
@roles_required(Role.ADMIN)
def action(fidelity_review_id: int):
    review = load_review(fidelity_review_id, current_user)
    form = ActionForm()
    form.item.choices = [SelectChoice(key, key) for key in BY_KEY]
    if not form.validate():
        return _review_page(review, 422, action_form=form)
    try:
        add_action(current_user, review, form.item.data, form.text.data, form.due_on.data)
    except ReviewError as error:
        db.rollback()
        if error.field is None:
            return _review_page(review, 422, page_error=error.message)
        show_field_error(form, error)
        return _review_page(review, 422, action_form=form)
    db.commit()
    flash(_("The step is added to the action plan."), "success")
    return see_other(
        url_for("fidelity.review", fidelity_review_id=review.id, _anchor="action-plan")
    )


@bp.route("/fidelity/<int:fidelity_review_id>/finish", methods=["POST"])
@roles_required(Role.ADMIN)
def finish(fidelity_review_id: int):
    review = load_review(fidelity_review_id, current_user)
    form = FinishForm()
    if not form.validate():
        return _review_page(review, 422, finish_form=form)
    try:
        finish_review(current_user, review)
    except ReviewError as error:
        db.rollback()
        return _review_page(review, 422, finish_error=error.message)
    db.commit()
    flash(_("The review is finished and kept as it is."), "success")
    return see_other(url_for("fidelity.review", fidelity_review_id=review.id))


@bp.route("/fidelity/<int:fidelity_review_id>.csv")
@roles_required(Role.ADMIN)
def review_file(fidelity_review_id: int):
    review = load_review(fidelity_review_id, current_user)
    body = export.review_csv(review, review_items(review))
    return attachment(body, f"ips-fidelity-{review.period}.csv", "text/csv")


def init_app(app: Flask) -> None:
    register_menu_entry(app, Role.ADMIN, "fidelity.reviews", _l("Fidelity review"), position=66)
