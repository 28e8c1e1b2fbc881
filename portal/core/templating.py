"""What every template can use: the role's navigation, role names, form helpers."""

import re

from flask import Flask
from jinja2 import pass_eval_context
from jinja2.filters import do_urlize
from markupsafe import escape

from portal.core.dates import date_text, day, moment, moment_text, time_text
from portal.core.forms import LanguageForm
from portal.core.history import ACTION_LABELS, FIELD_LABELS, describe, history_value
from portal.core.identity import ROLE_LABELS
from portal.core.menu import layout_url, navigation_menu, participant_tabs
from portal.core.numbers import number_text

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
            "navigation_menu": navigation_menu,
            "layout_url": layout_url,
            "participant_tabs": participant_tabs,
            "role_labels": ROLE_LABELS,
            "language_form": LanguageForm,
            "history_rows": describe,
            "history_actions": ACTION_LABELS,
            "history_fields": FIELD_LABELS,
            "history_value": history_value,
            "session_idle_seconds": int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()),
        }
