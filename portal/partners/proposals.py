"""A treatment or agency contact proposes a step for the plan of a participant who shares her
plan with them. It is a plan step in state PROPOSED like the specialist's proposals
(portal.plans.services.add_step), and the participant decides on it in the same way
(answer_proposal): accept it as it is or changed, or decline it. Only while she shares her
plan with this contact now: a withdrawal, or the plan no longer ticked, ends it at once.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select

from portal.core.authz import deny, require
from portal.core.countries import country_of
from portal.core.db import db
from portal.core.identity import Role, User
from portal.partners.models import PartnerLink
from portal.partners.sharing import load_shared_client
from portal.plans.forms import StepForm
from portal.plans.models import PlanStep, StepState
from portal.plans.services import StepData, add_step, responsible_choices

# How the contact reads what became of each of their proposals, and its tag's style.
ANSWER_LABELS = {
    StepState.PROPOSED: (_l("waiting for the participant's answer"), ""),
    StepState.AGREED: (lazy_pgettext("a contact's proposal", "accepted"), "status-given"),
    StepState.DECLINED: (lazy_pgettext("a contact's proposal", "declined"), "status-missing"),
}


def may_propose(link: PartnerLink) -> bool:
    """A contact proposes steps only for a plan they may read now."""
    return "plan" in link.shares()


def load_plan_sharing_client(client_id: int) -> tuple[User, PartnerLink]:
    """Return (participant, link) when she shares her plan with the current contact now, or
    answer 404 as for nobody (and log the refusal)."""
    client, link = load_shared_client(client_id)
    if not may_propose(link):
        deny()
    return client, link


def proposal_form(client: User, **kwargs) -> StepForm:
    """The form of a step for `client`: her country's agencies, owners named as staff read
    them ("The participant")."""
    offered = responsible_choices(client)
    return StepForm(country=country_of(client), offered=offered, staff=True, **kwargs)


def propose_step(contact: User, client: User, link: PartnerLink, data: StepData) -> PlanStep:
    """Make the contact's proposal: a step waiting for the participant's answer, with the
    contact as its proposer (and actor of its history entry)."""
    require(
        contact.role == Role.PARTNER
        and link.partner_id == contact.id
        and link.client_id == client.id
        and may_propose(link)
    )
    return add_step(contact, client, data, shared_with=True)


def list_own_proposals(contact: User, client: User) -> list[PlanStep]:
    """The contact's proposals for `client`, newest first, whatever she answered."""
    return list(
        db.scalars(
            select(PlanStep)
            .where(PlanStep.client_id == client.id, PlanStep.proposed_by_id == contact.id)
            .order_by(PlanStep.created_at.desc(), PlanStep.id.desc())
        )
    )


def proposers(steps) -> dict[int, str]:
    """{step id: "Karen Holm (Psykiatrien)"} for the steps a treatment or agency contact
    proposed, in one query: the plan names who proposed each of them. A contact stays named
    after the participant stopped sharing with them: it is what happened."""
    wanted = {(step.client_id, step.proposed_by_id) for step in steps if step.proposed_by_id}
    if not wanted:
        return {}
    rows = db.execute(
        select(PartnerLink.client_id, PartnerLink.partner_id, PartnerLink.organisation, User.name)
        .join(User, User.id == PartnerLink.partner_id)
        .where(
            User.role == Role.PARTNER,
            PartnerLink.partner_id.in_({partner for _client, partner in wanted}),
            PartnerLink.client_id.in_({client for client, _partner in wanted}),
        )
    ).all()
    named = {
        (client_id, partner_id): _("%(name)s (%(organisation)s)", name=name, organisation=org)
        for client_id, partner_id, org, name in rows
    }
    return {
        step.id: named[(step.client_id, step.proposed_by_id)]
        for step in steps
        if (step.client_id, step.proposed_by_id) in named
    }
