"""Routes for consent per employer; the client gives and withdraws, the specialist asks.

Every route finds its client through load_client or load_client_record: foreign ids are 404.
"""

from flask import Blueprint, Flask, abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core.authz import (
    is_own_client,
    load_client,
    may_write_own_words,
    signed_in,
)
from portal.core.db import db
from portal.core.htmx import after_save, render_page
from portal.core.identity import EmployerOrganisation, User
from portal.core.menu import register_participant_tab, register_section_alias
from portal.core.navigation import see_other
from portal.placements.forms import (
    CATEGORY_LABELS,
    DISCLOSURE_LABELS,
    EVENT_LABELS,
    DisclosureForm,
    PermissionForm,
    RequestConsentForm,
)
from portal.placements.models import Category, Disclosure
from portal.placements.services.consent import (
    consent_wording,
    list_consent_events,
    list_consents,
    load_consent,
    request_consent,
    set_disclosure,
    set_permission,
)
from portal.placements.services.employers import list_employers

bp = Blueprint("consent", __name__)

CONSENT = "consent/consent.html"


def _request_form(form=None) -> RequestConsentForm:
    form = form or RequestConsentForm(formdata=None)
    form.employer.choices = [
        SelectChoice(0, _("Choose an employer")),
        *(SelectChoice(e.id, e.name) for e, _count in list_employers(current_user.team_id)),
    ]
    return form


def _consent_context(client: User, disclosure_forms=None, request_form=None) -> dict:
    disclosure_forms = disclosure_forms or {}
    consents = list_consents(client.id)

    def disclosure_form(consent):
        if consent.id in disclosure_forms:
            return disclosure_forms[consent.id]
        form = DisclosureForm(formdata=None, prefix=f"c{consent.id}")
        form.disclosure.data = consent.disclosure.value if consent.disclosure else None
        form.note.data = consent.disclosure_note
        return form

    return {
        "client": client,
        "consents": consents,
        "can_decide": may_write_own_words(current_user, client),
        "can_request": is_own_client(current_user, client),
        "request_form": _request_form(request_form),
        "disclosure_form": disclosure_form,
        "disclosure_labels": DISCLOSURE_LABELS,
        "wording": lambda category, consent: consent_wording(
            Category(category), consent, client.specialist
        ),
        "events": list_consent_events(client, current_user),
        "category_labels": CATEGORY_LABELS,
        "event_labels": EVENT_LABELS,
    }


def _consent_page(client: User) -> str:
    # No fragment: without JavaScript the page opens at the top, where the confirmation is
    # (the flash region); the changed employer's section shows its new state below it.
    return url_for("consent.consents", client_id=client.id)


@bp.route("/clients/<int:client_id>/consent")
@signed_in
def consents(client_id: int):
    return render_template(CONSENT, **_consent_context(load_client(client_id)))


@bp.route("/clients/<int:client_id>/consent", methods=["POST"])
@signed_in
def ask(client_id: int):
    """The specialist puts an employer on the client's page; nothing is given by this."""
    client = load_client(client_id)
    form = _request_form(RequestConsentForm())
    employer = db.get(EmployerOrganisation, form.employer.data or 0) if form.validate() else None
    # Only the participant's team's own employer records (another team's are not theirs).
    if employer is None or employer.team_id != client.team_id:
        form.employer.errors = [_("Choose an employer from the list.")]
        return render_template(CONSENT, **_consent_context(client, request_form=form)), 422
    request_consent(current_user, client, employer)
    db.commit()
    flash(_("%(employer)s is now on the participant's consent page.", employer=employer.name))
    return see_other(_consent_page(client))


@bp.route("/consents/<int:consent_id>/permission", methods=["POST"])
@signed_in
def permission(consent_id: int):
    consent, client = load_consent(consent_id)
    form = PermissionForm()
    if not form.validate():
        abort(422)
    given = form.given.data == "yes"
    set_permission(current_user, consent, Category(form.category.data), given)
    db.commit()
    flash(_("Your consent is saved.") if given else _("Your consent is withdrawn."), "success")
    return after_save(
        _consent_page(client),
        CONSENT,
        "consents",
        lambda: _consent_context(client),
    )


@bp.route("/consents/<int:consent_id>/disclosure", methods=["POST"])
@signed_in
def disclosure(consent_id: int):
    consent, client = load_consent(consent_id)
    form = DisclosureForm(prefix=f"c{consent.id}")
    if not form.validate():
        context = _consent_context(client, disclosure_forms={consent.id: form})
        return render_page(CONSENT, "consents", **context), 422
    set_disclosure(current_user, consent, Disclosure(form.disclosure.data), form.note.data)
    db.commit()
    flash(_("Your answer is saved."), "success")
    return after_save(
        _consent_page(client),
        CONSENT,
        "consents",
        lambda: _consent_context(client),
    )


def init_app(app: Flask) -> None:
    register_participant_tab(app, "consent.consents", _l("Consent"), position=70)
    # Consent pages are reached from the client's work page: they belong under "Work".
    register_section_alias(app, "consent", under="jobs")
