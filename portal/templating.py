"""What every template can use: the role's navigation, role names, form helpers."""

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts.forms import ROLE_LABELS, LanguageForm
from portal.accounts.models import Role

NAVIGATION = {
    Role.CLIENT: [("site.home", _l("Home"))],
    Role.SPECIALIST: [("site.home", _l("Caseload")), ("accounts.invitations", _l("Invitations"))],
    Role.EMPLOYER: [("site.home", _l("Home"))],
    Role.ADMIN: [("site.home", _l("Teams")), ("accounts.invitations", _l("Invitations"))],
}
ACCOUNT_LINK = ("accounts.account", _l("My account"))


def navigation_items() -> list[tuple[str, str, bool]]:
    """Return (url, label, is_current) for the signed-in user's navigation."""
    if not current_user.is_authenticated:
        return []
    items = [*NAVIGATION[current_user.role], ACCOUNT_LINK]
    return [(url_for(endpoint), label, request.endpoint == endpoint) for endpoint, label in items]


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def _shared_context():
        return {
            "navigation_items": navigation_items,
            "role_labels": ROLE_LABELS,
            "language_form": LanguageForm,
        }
