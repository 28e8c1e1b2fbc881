"""A contact's note to the IPS team (blueprint "partner_notes"): written on the contact's page
of one participant, shown on the participant's "Who can see my information" page and on the
specialist's tab "Treatment and agencies" (each page draws the notes through the Jinja
functions of `init_app`, after its own view has loaded and authorised the participant)."""

from flask import Blueprint, Flask, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import roles_required
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.navigation import see_other
from portal.partners import notes
from portal.partners.forms import NoteForm
from portal.partners.models import PartnerLink
from portal.partners.sharing import load_shared_client, shared_page_context

bp = Blueprint("partner_notes", __name__)


def note_form(client: User, link: PartnerLink, form: NoteForm | None = None) -> NoteForm:
    """The contact's form, with the participant's name in the treatment-only box's label."""
    form = form or NoteForm(formdata=None)
    form.text.description = _(
        "At most %(max)d characters. The IPS team reads it, and so does %(name)s.",
        max=notes.NOTE_LENGTH,
        name=client.first_name,
    )
    form.treatment_only.label.text = _(
        "About treatment only: %(name)s sees that I wrote, not what", name=client.first_name
    )
    return form


@bp.route("/shared/<int:client_id>/notes", methods=["POST"])
@roles_required(Role.PARTNER)
def write(client_id: int):
    client, link = load_shared_client(client_id)
    form = note_form(client, link, NoteForm())
    if not form.validate():
        context = shared_page_context(client, link)
        return render_template("partners/shared_participant.html", **context, note_form=form), 422
    notes.write_note(current_user, link, form.text.data, form.treatment_only.data)
    db.commit()
    flash(_("Sent to the IPS team."), "success")
    return see_other(url_for("shared.participant", client_id=client.id) + "#notes")


@bp.route("/sharing/notes/<int:note_id>/read", methods=["POST"])
@roles_required(Role.CLIENT)
def ask_to_read(note_id: int):
    note = notes.load_my_note(current_user, note_id)
    notes.ask_to_read(note)
    db.commit()
    return see_other(url_for("partners.sharing") + f"#note-{note.id}")


def _written_by_me(client: User) -> list:
    return notes.list_notes_written(current_user, client.id)


def init_app(app: Flask) -> None:
    # For the pages of other views, which have loaded and authorised the participant already.
    app.jinja_env.globals.update(
        partner_note_form=note_form,
        partner_notes_about=lambda client: notes.list_notes_about(client.id),
        partner_notes_written=_written_by_me,
        partner_note_readable=notes.may_read,
    )
