"""A treatment or agency contact proposes a plan step from their page of one participant
(blueprint "partner_proposals"); the participant answers on her plan (plans.answer)."""

from flask import Blueprint, Flask, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import roles_required
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.navigation import see_other
from portal.core.submissions import already_submitted
from portal.partners.models import PartnerLink
from portal.partners.proposals import (
    ANSWER_LABELS,
    list_own_proposals,
    load_plan_sharing_client,
    may_propose,
    proposal_form,
    propose_step,
    proposers,
)
from portal.partners.sharing import shared_page_context
from portal.plans.models import Responsible
from portal.plans.services import StepData

bp = Blueprint("partner_proposals", __name__)

PAGE = "partners/shared_participant.html"


def proposal_section(client: User, link: PartnerLink, form=None) -> dict | None:
    """What the contact's page shows of their proposals for `client`: the form and what
    became of each one; None when she does not share her plan with them now."""
    if current_user.role != Role.PARTNER or not may_propose(link):
        return None
    return {
        "form": form or proposal_form(client, formdata=None),
        "proposals": list_own_proposals(current_user, client),
        "answer_labels": ANSWER_LABELS,
    }


def _page(client: User) -> str:
    return url_for("shared.participant", client_id=client.id) + "#proposals-heading"


@bp.route("/shared/<int:client_id>/proposals", methods=["POST"])
@roles_required(Role.PARTNER)
def propose(client_id: int):
    client, link = load_plan_sharing_client(client_id)
    form = proposal_form(client)
    if not form.validate():
        context = shared_page_context(client, link)
        return render_template(PAGE, proposal_form=form, **context), 422
    if already_submitted(form, current_user):
        return see_other(_page(client))
    data = StepData(form.text.data, Responsible(form.responsible.data), form.due_date.data)
    propose_step(current_user, client, link, data)
    db.commit()
    flash(_("Your proposal is sent. %(name)s decides on it.", name=client.first_name), "success")
    return see_other(_page(client))


def init_app(app: Flask) -> None:
    # The participant's and the specialist's plan name a contact who proposed a step; the
    # contact's page shows their own proposals (partners/_proposal_section.html).
    app.jinja_env.globals.update(step_proposers=proposers, proposal_section=proposal_section)
