"""Words for the access log, and the team lead's erasure and restriction forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import InputRequired

from portal.core.forms import PortalForm

# What part of the client's data a page shows, by the page's feature (its blueprint).
WHAT_LABELS = {
    "goals": _l("goals"),
    "plans": _l("plan"),
    "profiles": _l("career profile"),
    "messaging": _l("messages"),
    "jobs": _l("work and education"),
    "consent": _l("consent"),
    "checkins": _l("a check-in"),
    "meetings": _l("meetings"),
    "feedback": _l("feedback"),
    "caseload": _l("hand-over"),
    "privacy": _l("data protection"),
    "accounts": _l("your account"),
    "shared": _l("what you share with them"),
}
ACTION_LABELS = {
    "view": _l("looked at"),
    "change": _l("changed"),
    "deactivate": _l("switched off"),
    "reactivate": _l("switched on again"),
    "reset-2fa": _l("reset the two-factor sign-in of"),
    "new-code": _l("made a new sign-in code for"),
}
# What happened to the account, as a whole phrase in the day's line on "My data" ("switched
# off your account" is not how anyone says it, in any of the three languages).
ACCOUNT_EVENTS = {
    "deactivate": _l("switched your account off"),
    "reactivate": _l("switched your account on again"),
    "reset-2fa": _l("reset the two-factor sign-in of your account"),
    "new-code": _l("made a sign-in code for your account"),
}
# The same parts as the participant reads them on "My data": "looked at your goals, your
# plan and your messages" (one person's day, portal.privacy.access).
YOUR_LABELS = {
    "goals": _l("your goals"),
    "plans": _l("your plan"),
    "profiles": _l("your career profile"),
    "messaging": _l("your messages"),
    "jobs": _l("your work and education"),
    "consent": _l("your consent"),
    "checkins": _l("your check-ins"),
    "meetings": _l("your meetings"),
    "feedback": _l("your feedback"),
    "caseload": _l("your hand-over"),
    "privacy": _l("your data protection"),
    "accounts": _l("your account"),
    # A treatment or agency contact's page of what the participant shares with them.
    "shared": _l("what you share with them"),
}
# Who acted, when it was no account: a command run on the server by its administrator.
ACTOR_LABELS = {"command line": _l("the portal's administrator")}


class EraseForm(PortalForm):
    confirm = BooleanField(
        _l("I understand that everything about this participant is deleted for good"),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )


class RestrictForm(PortalForm):
    pass
