"""The sentences a participant is shown when asked, when answering, when changing what a
contact may see and when sharing stops. Each is kept with its event (PartnerLinkEvent.wording),
so they are written in the participant's words and language, naming the contact in full."""

from flask_babel import gettext as _

from portal.core.countries import country_of
from portal.core.dates import date_text
from portal.core.identity import User
from portal.partners.labels import SHARE_LABELS, kind_labels
from portal.partners.models import SHARES, PartnerLink


def _who(link: PartnerLink) -> str:
    kind = kind_labels(country_of(link.client))[link.kind]
    return _("%(name)s (%(kind)s, %(organisation)s)", name=link.partner.name, kind=kind,
             organisation=link.organisation)  # fmt: skip


def shares_text(shares) -> str:
    return ", ".join(str(SHARE_LABELS[name]) for name in SHARES if name in shares)


def question_wording(link: PartnerLink) -> str:
    asker = link.recorded_by.name if link.recorded_by else _("Your employment specialist")
    return _(
        "%(asker)s asks whether %(who)s may see some of your information in the portal. "
        "You decide what, and you can stop it at any time.",
        asker=asker,
        who=_who(link),
    )


# The participant's own answers are kept as the words on the page they answered on: the
# question, the button they pressed and the boxes they ticked (partners/sharing.html draws
# its buttons, legends and labels from these same functions).


def yes_button() -> str:
    return _("Yes, they may see what I ticked")


def no_button() -> str:
    return _("No")


def share_legend(link: PartnerLink) -> str:
    return _("What %(name)s may see", name=link.partner.name)


def stop_button(link: PartnerLink) -> str:
    return _("Stop sharing with %(name)s", name=link.partner.name)


def yes_wording(link: PartnerLink, shares) -> str:
    return f"{question_wording(link)}\n{yes_button()}: {shares_text(shares)}"


def no_wording(link: PartnerLink) -> str:
    return f"{question_wording(link)}\n{no_button()}"


def paper_wording(link: PartnerLink) -> str:
    return _(
        "%(specialist)s wrote down that on %(date)s you said yes on paper that %(who)s may "
        "see: %(shares)s.",
        specialist=link.recorded_by.name if link.recorded_by else _("Your employment specialist"),
        date=date_text(link.consent_on),
        who=_who(link),
        shares=shares_text(link.shares()),
    )


def shares_wording(link: PartnerLink, shares) -> str:
    return f"{share_legend(link)}: {shares_text(shares)}"


def stop_wording(link: PartnerLink) -> str:
    return stop_button(link)


def stop_recorded_wording(link: PartnerLink, specialist: User) -> str:
    return _(
        "You told %(specialist)s to stop sharing with %(who)s. They see nothing from now on.",
        specialist=specialist.name,
        who=_who(link),
    )
