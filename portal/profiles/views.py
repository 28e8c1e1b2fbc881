"""Routes for the career profile; each view loads and authorises, calls one service, commits."""

from flask import Blueprint, Flask, abort, flash, render_template, request, url_for
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
from portal.core.forms import record_id
from portal.core.history import list_history
from portal.core.htmx import after_save, render_page
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry, register_participant_tab
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.core.versioning import EditConflict
from portal.profiles.forms import SECTION_HEADINGS, ProfileForm, SuggestionForm
from portal.profiles.models import SECTION_FIELDS, ProfileSuggestion, Section
from portal.profiles.services import (
    add_suggestion,
    dismiss_suggestion,
    get_profile,
    list_suggestions,
    load_suggestion,
    save_profile,
    visible_sections,
)

bp = Blueprint("profiles", __name__)
PROFILE = "profiles/profile.html"

# Every route loads its client through load_client: foreign or wrong-role access is a 404.


# Saves of a section are named after it; they are hidden along with the section.
HIDDEN_ACTIONS = {section.value for section in Section}


def _section(name: str) -> Section:
    try:
        return Section(name)
    except ValueError:
        abort(404)


def _profile_form(profile, formdata=None) -> ProfileForm:
    form = ProfileForm(formdata=formdata, obj=profile)
    if formdata is None and profile is None:
        for section in Section:
            form[f"{section.value}_shared"].data = True
    return form


def _profile_context(client: User, form=None, suggestion_forms=None, conflict=False) -> dict:
    profile = get_profile(client.id)
    sections = visible_sections(current_user, client, profile)
    return {
        "client": client,
        "profile": profile,
        "sections": sections,
        "hidden_sections": [s for s in Section if s not in sections],
        "section_fields": SECTION_FIELDS,
        "headings": SECTION_HEADINGS,
        "form": form or _profile_form(profile),
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


def _values(form: ProfileForm) -> dict:
    names = [name for section in Section for name in SECTION_FIELDS[section]]
    return {
        name: form[name].data if name == "hours_per_week" else (form[name].data or "")
        for name in names
    }


def _dismiss_chosen(client: User, form: ProfileForm) -> ProfileSuggestion | None:
    """Set aside the suggestion whose button was pressed, if one was, and return it."""
    chosen = record_id(form.dismiss.data)
    if not chosen:
        return None
    suggestion, owner = load_suggestion(chosen)
    if owner.id != client.id:
        abort(404)
    dismiss_suggestion(current_user, suggestion, client)
    return suggestion


@bp.route("/clients/<int:client_id>/profile", methods=["GET", "POST"])
@signed_in
def profile(client_id: int):
    client = load_client(client_id)
    if request.method == "GET":
        return render_template(PROFILE, **_profile_context(client))
    require(may_write_own_words(current_user, client))
    form = _profile_form(get_profile(client.id), formdata=request.form)
    if not form.validate():
        return render_page(PROFILE, "profile_form", **_profile_context(client, form)), 422
    # Only the sections the page sent: a form from elsewhere never blanks the others.
    sent = {_section(name) for name in request.form.getlist("sections")}
    shared = {section: form[f"{section.value}_shared"].data for section in sent}
    try:
        save_profile(current_user, client, _values(form), shared, form.version.data)
        dismissed = _dismiss_chosen(client, form)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        form.version.data = get_profile(client.id).version  # saving again replaces it on purpose
        context = _profile_context(client, form, conflict=True)
        return render_page(PROFILE, "profile_form", **context), 409
    flash(_("Your profile is saved."), "success")
    if dismissed:
        flash(_("The suggestion is set aside."), "success")
    # Without JavaScript the page opens at the top, where the confirmation is.
    page = url_for("profiles.profile", client_id=client.id)
    # With htmx, focus (and the view) stays at the section whose button was pressed.
    pressed = dismissed.section.value if dismissed else form.saved_from.data

    def context() -> dict:
        return {**_profile_context(client), "pressed": pressed}

    return after_save(page, PROFILE, "profile_form", context)


@bp.route("/clients/<int:client_id>/profile/<section_name>/suggestions", methods=["POST"])
@signed_in
def suggest(client_id: int, section_name: str):
    client = load_client(client_id)
    section = _section(section_name)
    form = SuggestionForm(prefix=f"suggest-{section.value}")
    if not form.validate():
        context = _profile_context(client, suggestion_forms={section: form})
        return render_template(PROFILE, **context), 422
    page = url_for("profiles.profile", client_id=client.id)  # opens at the confirmation
    if already_submitted(form, current_user):
        return see_other(page)
    add_suggestion(current_user, client, section, form.body.data)
    db.commit()
    flash(_("Your suggestion is saved for the participant to read."), "success")
    return see_other(page)


def init_app(app: Flask) -> None:
    register_participant_tab(app, "profiles.profile", _l("Profile"), position=40)
    register_menu_entry(
        app, Role.CLIENT, "profiles.profile", _l("Profile"), position=40, takes_client=True
    )
