"""What every template can use: the role's navigation, role names, form helpers."""

import re

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.filters import do_urlize
from markupsafe import escape

from portal.core.dates import date_text, day, moment, moment_text, time_text
from portal.core.forms import LanguageForm
from portal.core.history import ACTION_LABELS, FIELD_LABELS, describe, history_value
from portal.core.identity import ROLE_LABELS, Role
from portal.core.numbers import number_text

# (endpoint, label, whether the URL takes the client's id)
NAVIGATION = {
    Role.CLIENT: [
        ("site.home", _l("Home"), False),
        ("messaging.inbox", _l("Messages"), False),
        ("goals.index", _l("Goals"), True),
        ("plans.plan", _l("Plan"), True),
        ("profiles.profile", _l("Profile"), True),
        ("jobs.index", _l("Work"), True),
        ("meetings.index", _l("Meetings"), True),
    ],
    Role.SPECIALIST: [
        ("site.home", _l("Caseload"), False),
        ("messaging.inbox", _l("Inbox"), False),
        ("employers.job_development", _l("Job development"), False),
        ("employers.index", _l("Employers"), False),
        ("feedback.index", _l("Feedback"), False),
        ("accounts.invitations", _l("Invitations"), False),
    ],
    Role.EMPLOYER: [("site.home", _l("Home"), False)],
    Role.ADMIN: [
        ("site.home", _l("Teams"), False),
        ("reports.report", _l("Report"), False),
        ("feedback.report", _l("Feedback"), False),
        ("accounts.invitations", _l("Invitations"), False),
    ],
}
ACCOUNT_LINK = ("accounts.account", _l("My account"), False)
# A specialist's seven entries take four lines on a phone: there, the entries used on the go
# (the caseload, the inbox with its badge, logging an employer contact) stay in sight and
# the rest sit behind a "More" button (base.html). The other roles' entries fit in two lines.
SHOWN_ON_A_PHONE = {Role.SPECIALIST: 3}
# Navigation entries that stay current on every page of their blueprint.
WHOLE_SECTIONS = {"messaging.inbox", "employers.index", "feedback.index"}
# Pages reached from another section's page belong under that section.
SECTION_OF = {"consent": "jobs"}


def navigation_items() -> list[tuple[str, str, bool, bool]]:
    """Return (url, label, is_current, carries the unread badge) for the user's navigation."""
    if not current_user.is_authenticated:
        return []
    items = []
    entries = [*NAVIGATION[current_user.role], ACCOUNT_LINK]
    # A page with its own entry is not also under its blueprint's whole-section entry.
    has_own_entry = request.endpoint in {endpoint for endpoint, _label, _takes in entries}
    for endpoint, label, takes_client in entries:
        url = url_for(endpoint, client_id=current_user.id) if takes_client else url_for(endpoint)
        # A goal's own page still belongs under "Goals", and so on.
        section = SECTION_OF.get(request.blueprint, request.blueprint)
        whole = endpoint in WHOLE_SECTIONS and not has_own_entry
        is_current = section == endpoint.split(".")[0] and (
            takes_client or request.endpoint == endpoint or whole
        )
        items.append((url, label, is_current, endpoint == "messaging.inbox"))
    return items


def navigation_menu() -> tuple[list, list]:
    """Return the navigation split into the entries always shown and those a phone folds."""
    items = navigation_items()
    if not current_user.is_authenticated or current_user.role not in SHOWN_ON_A_PHONE:
        return items, []
    shown = SHOWN_ON_A_PHONE[current_user.role]
    return items[:shown], items[shown:]


# Every word Jinja's urlize turns into a link holds "://" (a scheme), "@" (an e-mail address)
# or a dot followed by a letter or digit (www.example.dk, example.com): text without any of
# them comes back from urlize escaped and otherwise unchanged. Same case rules as urlize's.
MAY_HOLD_LINK = re.compile(r"://|@|\.\w", re.IGNORECASE)


@pass_eval_context
def quick_urlize(
    eval_ctx, value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None
):
    """Jinja's `urlize`, with the same arguments and policies, that skips its word-by-word
    search when the text cannot hold a link (most messages): the output is the same."""
    escaped = escape(value)
    if (
        extra_schemes
        or eval_ctx.environment.policies["urlize.extra_schemes"]
        or MAY_HOLD_LINK.search(escaped)
    ):
        return do_urlize(eval_ctx, value, trim_url_limit, nofollow, target, rel, extra_schemes)
    return escaped if eval_ctx.autoescape else str(escaped)


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["moment"] = moment
    # Flask-Babel's own filters write the language's Babel default (American for English) in
    # any named style: these write the portal's one format per language (see portal/core/dates.py).
    app.jinja_env.filters.update(
        dateformat=date_text,
        datetimeformat=moment_text,
        timeformat=time_text,
        decimalformat=number_text,
        numberformat=number_text,
    )
    app.jinja_env.filters["quick_urlize"] = quick_urlize
    # Links in user text open without handing our page or its address to the other site.
    app.jinja_env.policies["urlize.rel"] = "nofollow noopener noreferrer"

    @app.context_processor
    def _shared_context():
        return {
            "navigation_items": navigation_items,
            "navigation_menu": navigation_menu,
            "role_labels": ROLE_LABELS,
            "language_form": LanguageForm,
            "history_rows": describe,
            "history_actions": ACTION_LABELS,
            "history_fields": FIELD_LABELS,
            "history_value": history_value,
            "session_idle_seconds": int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()),
        }
