"""The client's "My data" (who has looked, and a full download) and the team lead's
erasure and restriction of a client's records."""

import json

from flask import Blueprint, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.authz import roles_required
from portal.core.countries import country_of
from portal.core.db import db, utcnow
from portal.core.downloads import attachment
from portal.core.identity import Country, Role
from portal.core.navigation import see_other
from portal.privacy.access import describe_visit, list_visits
from portal.privacy.forms import ACTOR_LABELS, EraseForm, RestrictForm
from portal.privacy.readable import readable_export
from portal.privacy.services import (
    erase_client,
    export_client_data,
    load_client_for_privacy,
    restrict_client,
)

bp = Blueprint("privacy", __name__)

# A participant may complain to the data protection authority of their team's country (GDPR
# art. 77). The address is plain text: the pages link to no other site.
DATA_PROTECTION_COMPLAINTS = {
    Country.DENMARK: _l(
        "You may also complain to Datatilsynet, the Danish Data Protection Agency "
        "(www.datatilsynet.dk)."
    ),
    Country.SWEDEN: _l(
        "You may also complain to Integritetsskyddsmyndigheten (IMY), the Swedish Authority "
        "for Privacy Protection (www.imy.se)."
    ),
}


@bp.route("/my-data")
@roles_required(Role.CLIENT)
def my_data():
    context = {
        "visits": list_visits(current_user.id),
        "describe_visit": describe_visit,
        "actor_labels": ACTOR_LABELS,
        "complaint": DATA_PROTECTION_COMPLAINTS[country_of(current_user)],
    }
    return render_template("privacy/my_data.html", **context)


def _download(body: str, mimetype: str, extension: str):
    return attachment(body, f"my-data.{extension}", mimetype)


@bp.route("/my-data/export.json")
@roles_required(Role.CLIENT)
def export_json():
    data = export_client_data(current_user)
    return _download(json.dumps(data, ensure_ascii=False, indent=2), "application/json", "json")


@bp.route("/my-data/export.html")
@roles_required(Role.CLIENT)
def export_html():
    # A page in the portal, not a download: read on a phone, printed or saved as PDF.
    context = {"sections": readable_export(current_user), "made_at": utcnow()}
    return render_template("privacy/export.html", **context)


@bp.route("/clients/<int:client_id>/privacy")
@roles_required(Role.ADMIN)
def client_privacy(client_id: int):
    client = load_client_for_privacy(client_id)
    context = {
        "client": client,
        "erase_form": EraseForm(formdata=None),
        "restrict_form": RestrictForm(),
    }
    return render_template("privacy/client.html", **context)


@bp.route("/clients/<int:client_id>/restrict", methods=["POST"])
@roles_required(Role.ADMIN)
def restrict(client_id: int):
    client = load_client_for_privacy(client_id)
    RestrictForm().validate_on_submit()  # only the CSRF token, checked for every POST anyway
    restricted = request.form.get("restricted") == "yes"
    restrict_client(current_user, client, restricted)
    db.commit()
    if restricted:
        flash(_("The records are kept but restricted: nobody works on them now."), "success")
    else:
        flash(_("The restriction is lifted."), "success")
    return see_other(url_for("privacy.client_privacy", client_id=client.id))


@bp.route("/clients/<int:client_id>/erase", methods=["POST"])
@roles_required(Role.ADMIN)
def erase(client_id: int):
    client = load_client_for_privacy(client_id)
    form = EraseForm()
    if not form.validate():
        context = {"client": client, "erase_form": form, "restrict_form": RestrictForm()}
        return render_template("privacy/client.html", **context), 422
    team_id = client.team_id
    erase_client(current_user, client)
    db.commit()
    g.audit_client_id = None  # nothing may refer to the erased client, the log included
    flash(_("Everything about the participant is deleted."), "success")
    return see_other(url_for("caseload.team", team_id=team_id) if team_id else url_for("site.home"))
