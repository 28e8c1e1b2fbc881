"""Routes for a participant's treatment and agency contacts: the specialist's tab (add one,
record a stop said on the phone) and the participant's page "Who can see my information"
(answer, choose what each may see, stop with one press, see a yes recorded from paper).

Every route finds the participant through load_client or load_link: foreign ids are 404; the
wrong side of the same participant (the participant on the specialist's routes and back) 403.
"""

from flask import Blueprint, Flask, abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.core.authz import is_own_client, load_client, require, roles_required, signed_in
from portal.core.countries import country_of
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.htmx import render_page
from portal.core.identity import Role, User
from portal.core.menu import register_participant_tab
from portal.core.navigation import see_other
from portal.core.versioning import CHANGED_MEANWHILE, EditConflict, StaleDataError
from portal.partners import services, wording
from portal.partners.forms import PAPER, AddContactForm, AnswerForm, SharesForm, VersionForm
from portal.partners.labels import (
    EVENT_LABELS,
    SHARE_LABELS,
    STATE_LABELS,
    WAY_LABELS,
    kind_labels,
    kinds_offered,
)
from portal.partners.models import LinkState, PartnerKind, PartnerLink
from portal.partners.services import NewContact, PartnerError, load_link

bp = Blueprint("partners", __name__)

CONTACTS = "partners/contacts.html"
SHARING = "partners/sharing.html"


# --- the specialist's tab -----------------------------------------------------------------


def _add_form(client: User, form: AddContactForm | None = None) -> AddContactForm:
    form = form or AddContactForm(formdata=None)
    labels = kind_labels(country_of(client))
    form.kind.choices = [
        SelectChoice("", _("Choose a kind")),
        *(SelectChoice(kind.value, labels[kind]) for kind in kinds_offered(country_of(client))),
    ]
    form.way.choices = [
        SelectChoice("ask", _("Ask %(name)s in the portal", name=client.first_name)),
        SelectChoice(PAPER, _("%(name)s said yes on paper", name=client.first_name)),
    ]
    return form


def _labels(client: User) -> dict:
    return {
        "kind_labels": kind_labels(country_of(client)),
        "state_labels": STATE_LABELS,
        "way_labels": WAY_LABELS,
        "share_labels": SHARE_LABELS,
        "event_labels": EVENT_LABELS,
    }


def _contacts_context(client: User, form: AddContactForm | None = None) -> dict:
    return {
        "client": client,
        "links": services.list_links(client.id),
        "events": services.list_events(client.id),
        "form": _add_form(client, form),
        **_labels(client),
    }


def _load_own_client(client_id: int) -> User:
    client = load_client(client_id)
    require(is_own_client(current_user, client))  # the participant has /sharing instead
    return client


@bp.route("/clients/<int:client_id>/contacts")
@signed_in
def contacts(client_id: int):
    return render_template(CONTACTS, **_contacts_context(_load_own_client(client_id)))


@bp.route("/clients/<int:client_id>/contacts", methods=["POST"])
@signed_in
def add(client_id: int):
    client = _load_own_client(client_id)
    form = _add_form(client, AddContactForm())
    valid = form.validate()
    on_paper = form.way.data == PAPER
    if on_paper and form.consent_on.data is None and not form.consent_on.errors:
        form.consent_on.errors = [_("Write the date on the paper.")]
        valid = False
    if valid:
        new = NewContact(
            name=form.name.data,
            email=form.email.data,
            organisation=form.organisation.data,
            kind=PartnerKind(form.kind.data),
            paper_on=form.consent_on.data if on_paper else None,
            shares=frozenset(form.shares.data or ()) if on_paper else frozenset(),
        )
        try:
            link = services.add_contact(current_user, client, new)
            db.commit()
        except PartnerError as error:
            show_field_error(form, error, fallback="email")
            valid = False
    if not valid:
        return render_template(CONTACTS, **_contacts_context(client, form)), 422
    if on_paper:
        flash(_("Saved: %(name)s may now see what was agreed on paper.", name=link.partner.name))
    else:
        flash(_("%(name)s will be asked about %(contact)s.", name=client.first_name,
                contact=link.partner.name), "success")  # fmt: skip
    return see_other(url_for("partners.contacts", client_id=client.id))


@bp.route("/contacts/<int:link_id>/stop", methods=["POST"])
@signed_in
def record_stop(link_id: int):
    link, client = load_link(link_id)
    require(is_own_client(current_user, client))
    try:
        services.record_withdrawal(current_user, link, VersionForm().version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        db.rollback()
        flash(str(CHANGED_MEANWHILE), "error")
        return render_template(CONTACTS, **_contacts_context(client)), 409
    flash(_("Saved: nothing is shared with %(name)s any more.", name=link.partner.name), "success")
    return see_other(url_for("partners.contacts", client_id=client.id))


# --- the participant's page ---------------------------------------------------------------


def _sharing_context(forms: dict | None = None) -> dict:
    client = current_user
    links = services.list_links(client.id)
    forms = forms or {}

    def form_for(link, kind):
        if link.id in forms:
            return forms[link.id]
        form = (AnswerForm if kind == "answer" else SharesForm)(formdata=None, prefix=f"l{link.id}")
        form.shares.data = sorted(link.shares())
        form.version.data = link.version
        return form

    return {
        "client": client,
        "asked": services.waiting_requests(client),
        "active": [link for link in links if link.state == LinkState.ACTIVE],
        "past": [link for link in links if link.state in (LinkState.DECLINED, LinkState.WITHDRAWN)],
        "form_for": form_for,
        "question": wording.question_wording,
        "yes_button": wording.yes_button,
        "no_button": wording.no_button,
        "share_legend": wording.share_legend,
        "stop_button": wording.stop_button,
        **_labels(client),
    }


def _sharing_page(status: int = 200, forms: dict | None = None):
    return render_page(SHARING, "sharing", **_sharing_context(forms)), status


def _conflict():
    db.rollback()
    flash(str(CHANGED_MEANWHILE), "error")
    return _sharing_page(409)


def _load_my_link(link_id: int) -> PartnerLink:
    link, client = load_link(link_id)
    require(client.id == current_user.id)  # the specialist has the contacts tab instead
    return link


@bp.route("/sharing")
@roles_required(Role.CLIENT)
def sharing():
    return _sharing_page()


@bp.route("/sharing/<int:link_id>/answer", methods=["POST"])
@signed_in
def answer(link_id: int):
    link = _load_my_link(link_id)
    form = AnswerForm(prefix=f"l{link.id}")
    if not form.validate():
        abort(422)
    yes = form.answer.data == "yes"
    message = (
        _("Saved: %(name)s may see what you ticked.", name=link.partner.name)
        if yes
        else _("Saved: nothing is shared with %(name)s.", name=link.partner.name)
    )
    return _save_choice(
        link,
        form,
        lambda: services.answer_request(
            current_user, link, yes, form.shares.data, form.version.data
        ),
        message,
    )


@bp.route("/sharing/<int:link_id>/shares", methods=["POST"])
@signed_in
def change(link_id: int):
    link = _load_my_link(link_id)
    form = SharesForm(prefix=f"l{link.id}")
    if not form.validate():
        abort(422)
    return _save_choice(
        link,
        form,
        lambda: services.change_shares(current_user, link, form.shares.data, form.version.data),
        _("Saved: %(name)s may see what you ticked.", name=link.partner.name),
    )


def _save_choice(link: PartnerLink, form, save, message: str):
    """Save the participant's answer or change (`save`), then back to her page; a form made
    from an older version gets the conflict answer, a refused choice its field's error."""
    try:
        save()
        db.commit()
    except (EditConflict, StaleDataError):
        return _conflict()
    except PartnerError as error:
        db.rollback()
        show_field_error(form, error)
        return _sharing_page(422, {link.id: form})
    flash(message, "success")
    return see_other(url_for("partners.sharing"))


@bp.route("/sharing/<int:link_id>/stop", methods=["POST"])
@signed_in
def stop(link_id: int):
    link = _load_my_link(link_id)
    try:
        services.stop_sharing(current_user, link, VersionForm().version.data)
        db.commit()
    except (EditConflict, StaleDataError):
        return _conflict()
    flash(_("Saved: nothing is shared with %(name)s any more.", name=link.partner.name), "success")
    return see_other(url_for("partners.sharing"))


@bp.route("/sharing/<int:link_id>/seen", methods=["POST"])
@signed_in
def seen(link_id: int):
    link = _load_my_link(link_id)
    services.see_paper(current_user, link)
    db.commit()
    return see_other(url_for("site.home"))


def home_notices() -> dict:
    """What the participant's home page shows first: questions waiting for an answer, and
    yeses recorded from paper they have not seen (portal/templates/partners/_home.html)."""
    if current_user.role != Role.CLIENT:
        return {"asked": [], "paper": []}
    asked, paper = services.home_links(current_user)
    return {
        "asked": asked,
        "paper": paper,
        "paper_wording": wording.paper_wording,
        "question": wording.question_wording,
    }


def init_app(app: Flask) -> None:
    register_participant_tab(app, "partners.contacts", _l("Treatment and agencies"), position=75)
    app.jinja_env.globals["partner_notices"] = home_notices
