"""Routes for benefits planning: the participant or their specialist marks a job start's or a
change of hours' benefits questions gone through, and the team lead edits the team's list of
questions. Reviews are found through load_client_record, lists through the teams the user
leads: anything else is a 404."""

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import roles_required, signed_in
from portal.core.db import db
from portal.core.identity import Role, Team
from portal.core.navigation import see_other
from portal.placements.forms import BenefitQuestionForm
from portal.placements.services.benefit_questions import (
    STARTING_QUESTIONS,
    add_question,
    load_led_team,
    load_question,
    question_text,
    remove_question,
    restore_starting_list,
    reword_question,
    team_questions,
)
from portal.placements.services.benefits import load_review, mark_gone_through

bp = Blueprint("benefits", __name__)

QUESTIONS = "benefits/questions.html"


@bp.route("/benefits-reviews/<int:review_id>/done", methods=["POST"])
@signed_in
def done(review_id: int):
    review, client = load_review(review_id)
    mark_gone_through(current_user, review)
    db.commit()
    flash(_("Marked: the benefits questions are gone through."), "success")
    back = request.form.get("back")
    if back == "home":
        return see_other(url_for("site.home"))
    if back == "job":
        return see_other(url_for("jobs.job", job_id=review.job_id))
    return see_other(url_for("jobs.index", client_id=client.id))


def _questions_page(team: Team, add_form=None, reword_forms=None, status=200):
    reword_forms = reword_forms or {}
    questions = team_questions(team.id)
    forms = {}
    for question in questions:
        form = reword_forms.get(question.id)
        if form is None:
            form = BenefitQuestionForm(formdata=None, prefix=f"q{question.id}")
            form.text.data = question_text(question)
        forms[question.id] = form
    context = {
        "team": team,
        "questions": questions,
        "question_text": question_text,
        "reword_forms": forms,
        "add_form": add_form or BenefitQuestionForm(formdata=None, prefix="new"),
        "starting_count": len(STARTING_QUESTIONS[team.country]),
    }
    return render_template(QUESTIONS, **context), status


def _list_page(team_id: int) -> str:
    return url_for("benefits.questions", team_id=team_id)


@bp.route("/team/<int:team_id>/benefits-questions", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def questions(team_id: int):
    team = load_led_team(team_id)
    if request.method == "GET":
        return _questions_page(team)
    form = BenefitQuestionForm(prefix="new")
    if not form.validate():
        return _questions_page(team, add_form=form, status=422)
    add_question(current_user, team, form.text.data)
    db.commit()
    flash(_("The question is added."), "success")
    return see_other(_list_page(team.id))


@bp.route("/benefits-questions/<int:question_id>", methods=["POST"])
@roles_required(Role.ADMIN)
def reword(question_id: int):
    question = load_question(question_id)
    form = BenefitQuestionForm(prefix=f"q{question.id}")
    if not form.validate():
        return _questions_page(question.team, reword_forms={question.id: form}, status=422)
    reword_question(current_user, question, form.text.data)
    db.commit()
    flash(_("The question is changed."), "success")
    return see_other(_list_page(question.team_id))


@bp.route("/benefits-questions/<int:question_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove(question_id: int):
    question = load_question(question_id)
    remove_question(current_user, question)
    db.commit()
    flash(_("The question is removed."), "success")
    return see_other(_list_page(question.team_id))


@bp.route("/team/<int:team_id>/benefits-questions/restore", methods=["POST"])
@roles_required(Role.ADMIN)
def restore(team_id: int):
    team = load_led_team(team_id)
    restore_starting_list(current_user, team)
    db.commit()
    flash(_("The standard list is back."), "success")
    return see_other(_list_page(team.id))
