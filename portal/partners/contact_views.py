"""The treatment or agency contact's page of one participant: what that participant shares
with them, read only (blueprint "shared"; the list of participants is the contact's home)."""

from flask import Blueprint, render_template

from portal.core.authz import roles_required
from portal.core.identity import Role
from portal.partners.sharing import load_shared_client, shared_page_context

bp = Blueprint("shared", __name__)


@bp.route("/shared/<int:client_id>")
@roles_required(Role.PARTNER)
def participant(client_id: int):
    client, link = load_shared_client(client_id)
    return render_template("partners/shared_participant.html", **shared_page_context(client, link))
