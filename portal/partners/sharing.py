"""What a treatment or agency contact sees: the participants who have said yes to them, and
for one of them exactly the parts that participant ticked, read only.

A link counts only while it is active and its participant is neither restricted nor erased
(portal.core.restriction): every question here asks the database at the request, so a
withdrawal or a restriction is effective on the contact's next request, on every page.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.core.audit import note_access
from portal.core.authz import deny
from portal.core.countries import country_of
from portal.core.db import db
from portal.core.identity import Role, User
from portal.core.restriction import not_restricted
from portal.goals.forms import KIND_LABELS, STATUS_LABELS
from portal.goals.models import Goal
from portal.goals.services import list_goals
from portal.meetings.forms import meeting_labels
from portal.meetings.models import Meeting
from portal.partners.models import SHARES, LinkState, PartnerLink
from portal.plans.forms import ITEM_HEADINGS, STEP_STATUS_LABELS, responsible_labels
from portal.plans.models import PlanStep, StepState
from portal.plans.services import list_items, list_steps
from portal.profiles.forms import SECTION_HEADINGS
from portal.profiles.models import SECTION_FIELDS, CareerProfile, Section
from portal.profiles.services import get_profile

# What a contact may see, as the contact reads it (labels.SHARE_LABELS are the participant's
# words: "My goals").
CONTACT_SHARE_LABELS = {
    "goals": _l("Goals"),
    "plan": _l("Plan"),
    "meetings": _l("Meeting summaries"),
    **{section.value: SECTION_HEADINGS[section] for section in Section},
}
# The fields of a profile section with more than one, as the contact reads them.
PROFILE_FIELD_LABELS = {
    "preferred_work": _l("Type of work"),
    "hours_per_week": _l("Hours per week"),
    "preferred_place": _l("Where"),
    "what_matters": _l("What matters in a job"),
}


def _active_links():
    """The current contact's links that share now: active, with a usable participant."""
    return (
        select(PartnerLink, User)
        .join(User, User.id == PartnerLink.client_id)
        .where(
            PartnerLink.partner_id == current_user.id,
            PartnerLink.state == LinkState.ACTIVE,
            User.role == Role.CLIENT,
            User.erased_at.is_(None),
            not_restricted(User),
        )
    )


def list_sharing_participants() -> list[tuple[User, PartnerLink]]:
    """The participants who share something with the current contact now, by name."""
    if current_user.role != Role.PARTNER:
        return []
    rows = db.execute(_active_links().order_by(User.name, User.id)).all()
    return [(client, link) for link, client in rows]


def load_shared_client(client_id: int) -> tuple[User, PartnerLink]:
    """Return (participant, link) when the current user is a contact the participant shares
    with now, or answer 404 as for nobody (and log the refusal); note the view in the
    participant's access log."""
    row = None
    if current_user.role == Role.PARTNER:
        row = db.execute(_active_links().where(PartnerLink.client_id == client_id)).first()
    if row is None:
        deny()
    link, client = row
    note_access(client.id)
    return client, link


@dataclass
class SharedView:
    """Exactly the parts one participant shares with one contact (None: not shared)."""

    shares: set[str]
    goals: list[Goal] | None = None
    steps: list[PlanStep] | None = None
    items: dict | None = None
    meetings: list[Meeting] | None = None
    profile: CareerProfile | None = None
    sections: list[Section] = field(default_factory=list)


def shared_view(client: User, link: PartnerLink) -> SharedView:
    """Read what `link` shares of `client`, and nothing else."""
    shares = link.shares()
    view = SharedView(shares)
    if "goals" in shares:
        view.goals = list_goals(client.id)  # not those put away
    if "plan" in shares:
        # Agreed steps only: a proposal is the participant's to decide, a declined one is gone.
        view.steps = [step for step in list_steps(client.id) if step.state == StepState.AGREED]
        view.items = list_items(client.id)
    if "meetings" in shares:
        view.meetings = list(
            db.scalars(
                select(Meeting)
                .where(
                    Meeting.client_id == client.id,
                    Meeting.summary.is_not(None),
                    Meeting.cancelled_at.is_(None),
                )
                .order_by(Meeting.starts_at.desc())
            )
        )
    view.sections = [section for section in Section if section.value in shares]
    if view.sections:
        view.profile = get_profile(client.id)
    return view


def shared_names(link: PartnerLink) -> str:
    """ "Goals, Plan, Meeting summaries": what `link` shares now, as a list of headings."""
    return ", ".join(str(CONTACT_SHARE_LABELS[name]) for name in SHARES if name in link.shares())


def shared_page_context(client: User, link: PartnerLink) -> dict:
    """The template's context for the contact's page of one participant."""
    return {
        "client": client,
        "link": link,
        "shared": shared_view(client, link),
        "shared_names": shared_names(link),
        "share_labels": CONTACT_SHARE_LABELS,
        # The owners as staff read them ("the participant"), with the participant's country's
        # agencies: Anna's jobcenter is no Arbetsförmedlingen, wherever the contact works.
        "responsible_labels": responsible_labels(country_of(client), staff=True),
        "step_status_labels": STEP_STATUS_LABELS,
        "item_headings": ITEM_HEADINGS,
        "goal_kind_labels": KIND_LABELS,
        "goal_status_labels": STATUS_LABELS,
        "section_headings": SECTION_HEADINGS,
        "section_fields": SECTION_FIELDS,
        "field_labels": PROFILE_FIELD_LABELS,
        **meeting_labels(),
    }
