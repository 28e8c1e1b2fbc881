"""Routes for the career profile; each view loads and authorises, calls one service, commits."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.authz import (
    load_client,
    load_client_record,
    may_write_own_words,
    require,
    signed_in,
)
from portal.db import db
from portal.history import list_history
from portal.navigation import see_other
from portal.profiles.forms import SECTION_FORMS, SECTION_HEADINGS, SuggestionForm
from portal.profiles.models import SECTION_FIELDS, ProfileSuggestion, Section
from portal.profiles.services import (
    add_suggestion,
    dismiss_suggestion,
    get_profile,
    list_suggestions,
    save_section,
    visible_sections,
)
from portal.submissions import already_submitted
from portal.versioning import EditConflict

bp = Blueprint("profiles", __name__)

# Every route loads its client through load_client: foreign or wrong-role access is a 404.


# Saves of a section are named after it; they are hidden along with the section.
HIDDEN_ACTIONS = {section.value for section in Section}


def load_suggestion(suggestion_id: int) -> tuple[ProfileSuggestion, User]:
    """Return a suggestion and its client when the current user may see them, or answer 404."""
    return load_client_record(ProfileSuggestion, suggestion_id)


def _section(name: str) -> Section:
    try:
        return Section(name)
    except ValueError:
        abort(404)


def _section_form(section: Section, profile, formdata=None):
    form = SECTION_FORMS[section](formdata=formdata, prefix=section.value, obj=profile)
    if formdata is None:
        form.shared.data = profile.is_shared(section) if profile else True
        form.version.data = profile.version if profile else None
    return form


def _profile_page(client: User, forms=None, suggestion_forms=None, conflict=None, status=200):
    profile = get_profile(client.id)
    sections = visible_sections(current_user, client, profile)
    forms = forms or {}
    context = {
        "client": client,
        "profile": profile,
        "sections": sections,
        "hidden_sections": [s for s in Section if s not in sections],
        "section_fields": SECTION_FIELDS,
        "headings": SECTION_HEADINGS,
        "forms": {s: forms.get(s) or _section_form(s, profile) for s in sections},
        "suggestions": list_suggestions(client.id, sections),
        "suggestion_forms": suggestion_forms or {},
        "new_suggestion_form": SuggestionForm,
        "can_write": may_write_own_words(current_user, client),
        "conflict": conflict,
        # The client reads every change; the specialist only those to sections they may see.
        "history": [
            entry
            for entry in list_history(client.id, "profile", limit=30)
            if entry.action not in HIDDEN_ACTIONS or entry.action in {s.value for s in sections}
        ],
    }
    return render_template("profiles/profile.html", **context), status


@bp.route("/clients/<int:client_id>/profile")
@signed_in
def profile(client_id: int):
    return _profile_page(load_client(client_id))


@bp.route("/clients/<int:client_id>/profile/<section_name>", methods=["POST"])
@signed_in
def save(client_id: int, section_name: str):
    client = load_client(client_id)
    section = _section(section_name)
    require(may_write_own_words(current_user, client))
    form = _section_form(section, get_profile(client.id), formdata=request.form)
    if not form.validate():
        return _profile_page(client, forms={section: form}, status=422)
    values = {name: getattr(form, name).data for name in SECTION_FIELDS[section]}
    values = {name: v if name == "hours_per_week" else (v or "") for name, v in values.items()}
    try:
        save_section(current_user, client, section, values, form.shared.data, form.version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        form.version.data = get_profile(client.id).version
        return _profile_page(client, forms={section: form}, conflict=section, status=409)
    flash(_("Saved: %(section)s.", section=SECTION_HEADINGS[section]), "success")
    return see_other(url_for("profiles.profile", client_id=client.id) + f"#{section.value}")


@bp.route("/clients/<int:client_id>/profile/<section_name>/suggestions", methods=["POST"])
@signed_in
def suggest(client_id: int, section_name: str):
    client = load_client(client_id)
    section = _section(section_name)
    form = SuggestionForm(prefix=f"suggest-{section.value}")
    if not form.validate():
        return _profile_page(client, suggestion_forms={section: form}, status=422)
    page = url_for("profiles.profile", client_id=client.id) + f"#{section.value}"
    if already_submitted(form, current_user):
        return see_other(page)
    add_suggestion(current_user, client, section, form.body.data)
    db.commit()
    flash(_("Your suggestion is saved for the participant to read."), "success")
    return see_other(page)


@bp.route("/profile-suggestions/<int:suggestion_id>/dismiss", methods=["POST"])
@signed_in
def dismiss(suggestion_id: int):
    suggestion, client = load_suggestion(suggestion_id)
    dismiss_suggestion(current_user, suggestion, client)
    db.commit()
    flash(_("The suggestion is set aside."), "success")
    return see_other(url_for("profiles.profile", client_id=client.id) + f"#{suggestion.section}")
