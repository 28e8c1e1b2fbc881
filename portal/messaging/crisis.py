"""The crisis notice beside every message box: messages are not watched around the clock.

The participant's team decides the country (a Danish and a Swedish team may share one
installation); PORTAL_COUNTRY (DK or SE) stands in for an account without a team. The texts are
in the catalogs like every other string; CRISIS_NOTICE_DA / _SV / _EN replace them word for word.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.core.countries import country_of
from portal.core.i18n import current_language
from portal.core.identity import Country, User

NOTICES = {
    Country.DENMARK: _l(
        "Messages are not read around the clock. If you are in danger or thinking about "
        "harming yourself, call 112 now. You can also call your regional psychiatric "
        "emergency service, or Livslinien on 70 201 201 (every day 11-05)."
    ),
    Country.SWEDEN: _l(
        "Messages are not read around the clock. If you are in danger or thinking about "
        "harming yourself, call 112 now. You can also call 1177 for healthcare advice, or "
        "Självmordslinjen on 90101 (open all day and night)."
    ),
}


def crisis_notice(participant: User) -> str:
    """Return the crisis notice for `participant`'s country, in the page's language."""
    override = current_app.config.get(f"CRISIS_NOTICE_{current_language().upper()}")
    if override:
        return override
    return str(NOTICES[country_of(participant)])
