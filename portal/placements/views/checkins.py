"""Routes for check-ins: the employer's one-time link (no account), the same questions for a
signed-in contact, the answer an employer gave on the phone as the specialist writes it down,
and the specialist's marks ("I have called", "followed up")."""

from flask import Blueprint, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.audit import note_access
from portal.core.authz import deny, public, require, signed_in
from portal.core.db import db, utcnow
from portal.core.extensions import csrf, limiter
from portal.core.i18n import use_account_language
from portal.core.navigation import see_other
from portal.core.signed_links import LinkProblem
from portal.placements.forms import CheckInForm, PhoneAnswerForm
from portal.placements.models import CheckIn
from portal.placements.services.attention import mark_call_handled, mark_concern_followed_up
from portal.placements.services.checkins import (
    Answer,
    answer_checkin,
    checkin_from_link,
    load_checkin,
    load_checkin_for_contact,
    may_record_phone_answer,
    record_phone_answer,
    shown_to_employer,
)

bp = Blueprint("checkins", __name__)

ANSWER = "checkins/answer.html"
PHONE_ANSWER = "checkins/by_phone.html"
LINK_PROBLEM = "errors/link_problem.html"
# Generous for a person, tight for someone guessing links.
LINK_LIMIT = "30 per minute; 300 per day"


def _answer_from(form: CheckInForm | PhoneAnswerForm) -> Answer:
    wants_call = getattr(form, "wants_call", None)  # the phone answer asks for no call
    return Answer(
        still_working=form.still_working.data == "yes",
        hours=form.hours.data,
        rating=int(form.rating.data),
        wants_call=wants_call is not None and wants_call.data == "yes",
        comment=form.comment.data,
    )


def _answer_page(checkin: CheckIn, action: str, by=None):
    """Show the questions, or store the answer once and thank the employer."""
    # By link (no `by`), the signed token in the address protects the POST instead of the
    # session's CSRF token: see answer_by_link.
    form = CheckInForm() if by is not None else CheckInForm(meta={"csrf": False})
    words = shown_to_employer(checkin)
    if words["voice"] != "open":
        # The form's own label says "employment specialist"; here only the name may be said.
        name = words["specialist_name"]
        form.wants_call.label.text = _("Would you like a call from %(name)s?", name=name)
    context = {"checkin": checkin, "form": form, "action": action, **words}
    if not form.is_submitted():
        return render_template(ANSWER, **context)
    if not form.validate():
        return render_template(ANSWER, **context), 422
    stored = answer_checkin(checkin, _answer_from(form), by)
    db.commit()
    return render_template(
        "checkins/thanks.html", stored=stored, wants_call=form.wants_call.data == "yes", **context
    )


# No session-bound CSRF check on this one POST. The employer has no account, and the session
# cookie is often gone by the time they press "Send" (a mail app's browser, a page restored
# the next day): the check would answer 400 and the answer would be lost. CSRF protection is
# for a request a third site makes with the victim's cookies; here nothing rides on cookies.
# The POST only counts with the signed token in its own address, which is unguessable, bound
# to this check-in, expiring and single-use (checkin_from_link), and which no other site has.
# Every other form, the signed-in employer's check-in (answer) included, keeps the CSRF check.
@bp.route("/check-in/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
@limiter.limit(LINK_LIMIT)
def answer_by_link(token: str):
    try:
        checkin = checkin_from_link(token)
    except LinkProblem as problem:
        if problem.reason == "closed":
            # The client withdrew consent or chose to say nothing: nothing is left to see, and
            # the page names neither the team nor the portal's purpose (not the plain 404).
            return render_template(LINK_PROBLEM, reason="closed", kind="checkin"), 404
        if problem.row is not None and problem.row.contact is not None:
            use_account_language(problem.row.contact.locale)
        return render_template(LINK_PROBLEM, reason=problem.reason, kind="checkin"), 410
    if checkin.contact is not None:
        use_account_language(checkin.contact.locale)
    note_access(checkin.job.client_id, actor=checkin.contact)
    return _answer_page(checkin, url_for("checkins.answer_by_link", token=token))


@bp.route("/employer/check-ins/<int:checkin_id>", methods=["GET", "POST"])
@signed_in
def answer(checkin_id: int):
    checkin = load_checkin_for_contact(current_user, checkin_id)
    if checkin is None:
        deny()
    note_access(checkin.job.client_id)
    if checkin.answered_at is not None:
        flash(_("This check-in has already been answered. Thank you."), "success")
        return see_other(url_for("site.home"))
    if checkin.is_missed(utcnow()):
        flash(_("This check-in has expired. You will be asked again at the next one."), "info")
        return see_other(url_for("site.home"))
    return _answer_page(checkin, url_for("checkins.answer", checkin_id=checkin.id), current_user)


@bp.route("/check-ins/<int:checkin_id>/by-phone", methods=["GET", "POST"])
@signed_in
def by_phone(checkin_id: int):
    checkin = load_checkin(checkin_id)
    job_page = url_for("jobs.job", job_id=checkin.job_id) + "#checkins"
    if checkin.answered_at is not None:  # by the employer, or by a second press of Save
        flash(_("This check-in has already been answered."), "info")
        return see_other(job_page)
    require(may_record_phone_answer(current_user, checkin))
    form = PhoneAnswerForm()
    if form.validate_on_submit():
        record_phone_answer(current_user, checkin, _answer_from(form))
        db.commit()
        flash(_("Saved: the answer the employer gave by phone."), "success")
        return see_other(job_page)
    context = {"checkin": checkin, "form": form, "job_page": job_page}
    return render_template(PHONE_ANSWER, **context), 422 if form.is_submitted() else 200


@bp.route("/check-ins/<int:checkin_id>/call-handled", methods=["POST"])
@signed_in
def call_handled(checkin_id: int):
    return _marked(checkin_id, mark_call_handled, _("Marked as called."))


@bp.route("/check-ins/<int:checkin_id>/followed-up", methods=["POST"])
@signed_in
def concern_followed_up(checkin_id: int):
    return _marked(
        checkin_id, mark_concern_followed_up, _("Marked as followed up: the job goes on.")
    )


def _marked(checkin_id: int, mark, done: str):
    """Mark the specialist's action on a check-in (`mark` authorises), and back to the job."""
    checkin = load_checkin(checkin_id)
    mark(current_user, checkin)
    db.commit()
    flash(done, "success")
    return see_other(url_for("jobs.job", job_id=checkin.job_id) + "#checkins")
