"""The words for a contact's kind, a link's state and what a contact may see.

Agencies are named as in the participant's team's country, with the same words as a plan
step's owner (portal.plans.forms.AGENCY_LABELS): the jobcenter is no Arbetsförmedlingen."""

from flask_babel import lazy_gettext as _l

from portal.core.identity import Country
from portal.partners.models import ConsentWay, LinkState, PartnerKind
from portal.plans.forms import AGENCY_LABELS
from portal.plans.services import AGENCIES
from portal.profiles.forms import SECTION_HEADINGS
from portal.profiles.models import Section

TREATMENT_LABELS = {
    PartnerKind.PSYCHIATRY: _l("Psychiatry"),
    PartnerKind.GP: _l("General practitioner (GP)"),
    PartnerKind.SOCIAL_PSYCHIATRY: _l("Social psychiatry"),
}


def kind_labels(country: Country) -> dict[PartnerKind, str]:
    """Every kind's label for a participant of `country` (the other country's agencies too,
    so that a contact added before a move still reads right)."""
    # The agencies' kinds are the plan's owners of the same name.
    agencies = {PartnerKind(owner.value): label for owner, label in AGENCY_LABELS[country].items()}
    return {**TREATMENT_LABELS, **agencies}


def kinds_offered(country: Country) -> list[PartnerKind]:
    """The kinds a specialist may choose for a participant of `country`, in this order."""
    agencies = [PartnerKind(owner.value) for owner in AGENCIES[country]]
    return [*TREATMENT_LABELS, *agencies]


STATE_LABELS = {
    LinkState.ASKED: _l("Asked, waiting for the answer"),
    LinkState.ACTIVE: _l("Yes, sharing"),
    LinkState.DECLINED: _l("No"),
    LinkState.WITHDRAWN: _l("Stopped"),
}
WAY_LABELS = {
    ConsentWay.PORTAL: _l("In the portal"),
    ConsentWay.PAPER: _l("On paper"),
}
# What a contact may see (models.SHARES), in the participant's words.
SHARE_LABELS = {
    "goals": _l("My goals"),
    "plan": _l("My plan"),
    "meetings": _l("Summaries of my meetings"),
    "history": SECTION_HEADINGS[Section.HISTORY],
    "strengths": SECTION_HEADINGS[Section.STRENGTHS],
    "preferences": SECTION_HEADINGS[Section.PREFERENCES],
    "supports": SECTION_HEADINGS[Section.SUPPORTS],
}
# The wording of a yes, kept with each event (PartnerLinkEvent.wording).
EVENT_LABELS = {
    "asked": _l("Asked"),
    "given": _l("Said yes"),
    "paper": _l("Said yes on paper"),
    "declined": _l("Said no"),
    "shares": _l("Changed what is shared"),
    "withdrawn": _l("Stopped sharing"),
}
